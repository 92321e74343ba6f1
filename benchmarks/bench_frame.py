"""Exact columnar compensation against numpy float64 and OpenFisca (float32); exact
yuan text into the columnar path against the scalar conversion it replaced.

All three compute the same Art. 8(2) formula on the same random rows: IP-part loss
(stated, or loss × IP principal ÷ principal rounded half up to the fen), provincial
40% and municipal 20% each rounded half up, the municipal share capped at
``cap − municipal paid before``, total. The floats round half up to the fen as
``floor(x·100 + 0.5) / 100``. The exact reference is computed with Python integers
(fen) and checked against :func:`ipcomp.compensate` on a sample of real claims.

Yuan text (issue 15, item 5): the same random rows as yuan text (``"2390000.00"``),
converted by ``compensate_frame``'s reader against :func:`scalar_yuan_to_fen` (the
row-by-row ``parse_money`` conversion it replaced, kept here as the baseline); and
``pd.read_csv`` + ``compensate_frame`` on a CSV of yuan text against the same data as
int64 fen columns.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from _harness import Config, Row, Skip, fmt_rate, fmt_time, interleave, paired_ratio, verdict

from ipcomp import WEIHAI_2020, InvalidArgument, compensate
from ipcomp.core.money import div_round_half_up, from_fen, parse_money, to_fen

__all__ = ["run"]

MAX_YUAN = 50_000_000
OUTPUTS = ("ip_loss", "provincial", "municipal_uncapped", "municipal", "total")
INPUTS = (
    "principal",
    "principal_loss",
    "ip_principal",
    "ip_principal_loss",
    "municipal_paid_before",
    "municipal_cap",
)


def random_rows(n: int, seed: int = 8) -> dict[str, np.ndarray[Any, Any]]:
    """``n`` random claims as int64 fen columns, amounts up to 50,000,000 yuan."""
    rng = np.random.default_rng(seed)
    principal = rng.integers(100_000, MAX_YUAN * 100, n, endpoint=True)
    combined = rng.random(n) < 0.5
    ip_principal = np.where(combined, (principal * rng.random(n)).astype(np.int64), principal)
    loss = (principal * rng.random(n)).astype(np.int64)
    # a tenth state the recognised IP-part loss (<= loss and <= IP principal)
    stated = np.where(
        rng.random(n) < 0.1,
        (np.minimum(loss, ip_principal) * rng.random(n)).astype(np.int64),
        -1,
    )
    first_year = rng.random(n) < 0.4
    cap = np.where(first_year, 100_000_000, rng.integers(0, 150_000_000, n, endpoint=True))
    paid = np.where(rng.random(n) < 0.3, rng.integers(0, 200_000_000, n, endpoint=True), 0)
    return {
        "principal": principal.astype(np.int64),
        "principal_loss": loss,
        "ip_principal": ip_principal.astype(np.int64),
        "ip_principal_loss": stated.astype(np.int64),
        "municipal_paid_before": paid.astype(np.int64),
        "municipal_cap": cap.astype(np.int64),
    }


def exact_reference(rows: dict[str, np.ndarray[Any, Any]]) -> dict[str, list[int]]:
    """The formula in Python integers (fen), row by row: slow and obviously exact."""
    prov_r = WEIHAI_2020.provincial_rate.as_integer_ratio()
    mun_r = WEIHAI_2020.municipal_rate.as_integer_ratio()
    out: dict[str, list[int]] = {k: [] for k in OUTPUTS}
    cols = [rows[k].tolist() for k in INPUTS]
    for principal, loss, ipp, stated, paid, cap in zip(*cols, strict=True):
        if stated >= 0:
            ip = stated
        elif ipp == principal:
            ip = loss
        else:
            ip = div_round_half_up(loss * ipp, principal)
        prov = div_round_half_up(ip * prov_r[0], prov_r[1])
        mun_unc = div_round_half_up(ip * mun_r[0], mun_r[1])
        mun = min(mun_unc, max(0, cap - paid))
        for k, v in zip(OUTPUTS, (ip, prov, mun_unc, mun, prov + mun), strict=True):
            out[k].append(v)
    return out


def check_reference(
    rows: dict[str, np.ndarray[Any, Any]], ref: dict[str, list[int]], k: int
) -> int:
    """Rows of the first ``k`` where :func:`ipcomp.compensate` on a real claim disagrees
    with the reference (a claim applied in business year 2023 of a bank whose
    assessed cap for 2023 is the row's cap)."""
    from ipcomp.testing import example_bank, example_claim, example_loan

    bad = 0
    for i in range(k):
        r = {name: int(rows[name][i]) for name in INPUTS}
        bank = example_bank(assessed_caps={2023: from_fen(r["municipal_cap"])})
        loan = example_loan(
            bank=bank,
            principal=from_fen(r["principal"]),
            ip_principal=from_fen(r["ip_principal"]),
        )
        claim = example_claim(
            loan=loan,
            principal_loss=from_fen(r["principal_loss"]),
            ip_principal_loss=None
            if r["ip_principal_loss"] < 0
            else from_fen(r["ip_principal_loss"]),
            municipal_paid_before=from_fen(r["municipal_paid_before"]),
        )
        c = compensate(claim)
        got = [to_fen(getattr(c, name)) for name in OUTPUTS]
        bad += got != [ref[name][i] for name in OUTPUTS]
    return bad


def _rhu(x: Any) -> Any:
    return np.floor(x * 100 + 0.5) / 100


def float_formula(col: dict[str, Any]) -> dict[str, Any]:
    """The formula on float yuan columns (float64 here; float32 inside OpenFisca)."""
    stated = col["ip_principal_loss"]
    ip = np.where(
        stated >= 0,
        stated,
        _rhu(col["principal_loss"] * col["ip_principal"] / col["principal"]),
    )
    prov = _rhu(ip * 0.40)
    mun_unc = _rhu(ip * 0.20)
    mun = np.minimum(mun_unc, np.maximum(col["municipal_cap"] - col["municipal_paid_before"], 0))
    return {
        "ip_loss": ip,
        "provincial": prov,
        "municipal_uncapped": mun_unc,
        "municipal": mun,
        "total": prov + mun,
    }


def openfisca_system() -> Any:
    """A minimal OpenFisca tax-benefit system: one entity, the formula as variables with
    OpenFisca's default ``float`` value type (float32)."""
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import YEAR
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    loan_entity = build_entity(key="loan", plural="loans", label="IP-pledge loan", is_person=True)

    def ip_loss(loan: Any, period: Any) -> Any:
        stated = loan("ip_principal_loss", period)
        pro_rata = loan("principal_loss", period) * loan("ip_principal", period)
        return np.where(stated >= 0, stated, _rhu(pro_rata / loan("principal", period)))

    def provincial(loan: Any, period: Any) -> Any:
        return _rhu(loan("ip_loss", period) * 0.40)

    def municipal_uncapped(loan: Any, period: Any) -> Any:
        return _rhu(loan("ip_loss", period) * 0.20)

    def municipal(loan: Any, period: Any) -> Any:
        room = loan("municipal_cap", period) - loan("municipal_paid_before", period)
        return np.minimum(loan("municipal_uncapped", period), np.maximum(room, 0))

    def total(loan: Any, period: Any) -> Any:
        return loan("provincial", period) + loan("municipal", period)

    tbs = TaxBenefitSystem([loan_entity])
    formulas = {f.__name__: f for f in (ip_loss, provincial, municipal_uncapped, municipal, total)}
    for name in (*INPUTS, *OUTPUTS):
        attrs: dict[str, Any] = {
            "value_type": float,
            "entity": loan_entity,
            "definition_period": YEAR,
            "label": name,
        }
        if name in formulas:
            attrs["formula"] = formulas[name]
        tbs.add_variable(type(name, (Variable,), attrs))
    return tbs


def openfisca_run(tbs: Any, yuan: dict[str, Any], n: int) -> dict[str, Any]:
    from openfisca_core.simulations import SimulationBuilder

    sim = SimulationBuilder().build_default_simulation(tbs, n)
    for name in INPUTS:
        sim.set_input(name, "2023", yuan[name])
    return {name: sim.calculate(name, "2023") for name in OUTPUTS}


def cent_errors(got_yuan: dict[str, Any], ref: dict[str, np.ndarray[Any, Any]]) -> int:
    """Rows where any output is at least one fen away from the exact result."""
    bad = np.zeros(len(ref["total"]), dtype=bool)
    for name in OUTPUTS:
        fen = np.rint(np.asarray(got_yuan[name], dtype=np.float64) * 100)
        bad |= np.abs(fen - ref[name]) >= 1
    return int(bad.sum())


def run(cfg: Config) -> tuple[list[Row], list[str]]:
    try:
        import pandas as pd

        from ipcomp.frame import compensate_frame
    except ImportError as error:
        raise Skip(f"ipcomp.frame is not available ({error})") from None
    try:
        tbs = openfisca_system()
    except ImportError as error:
        raise Skip(f"install the bench extra for OpenFisca ({error})") from None

    n = cfg.pick(200_000, 1_000_000)
    rows = random_rows(n)
    ref_lists = exact_reference(rows)
    ref = {k: np.array(v, dtype=np.int64) for k, v in ref_lists.items()}
    sample = cfg.pick(100, 500)
    ref_bad = check_reference(rows, ref_lists, sample)

    frame = pd.DataFrame(
        {
            "principal_fen": rows["principal"],
            "principal_loss_fen": rows["principal_loss"],
            "ip_principal_fen": rows["ip_principal"],
            "ip_principal_loss_fen": rows["ip_principal_loss"],
            "municipal_paid_before_fen": rows["municipal_paid_before"],
            "provincial_paid_before_fen": np.zeros(n, dtype=np.int64),
            "municipal_cap_fen": rows["municipal_cap"],
        }
    )
    yuan64 = {k: np.where(v >= 0, v / 100, -1.0) for k, v in rows.items()}
    yuan32 = {k: v.astype(np.float32) for k, v in yuan64.items()}

    out_exact = compensate_frame(frame, WEIHAI_2020)
    exact_bad_rows = int(
        np.logical_or.reduce([out_exact[f"{k}_fen"].to_numpy() != ref[k] for k in OUTPUTS]).sum()
    )
    out_of = openfisca_run(tbs, yuan32, n)
    of_dtype = out_of["total"].dtype
    of_bad = cent_errors(out_of, ref)
    f64_bad = cent_errors(float_formula(yuan64), ref)
    limit = int(np.iinfo(np.int64).max)
    big = sum(
        1
        for loss, ipp, p, s in zip(
            *(rows[k].tolist() for k in ("principal_loss", "ip_principal", "principal")),
            rows["ip_principal_loss"].tolist(),
            strict=True,
        )
        if s < 0 and ipp != p and 2 * loss * ipp + p > limit
    )

    def exact() -> int:
        compensate_frame(frame, WEIHAI_2020)
        return n

    def float64() -> int:
        float_formula(yuan64)
        return n

    def openfisca() -> int:
        openfisca_run(tbs, yuan32, n)
        return n

    t = interleave(
        {"exact": exact, "float64": float64, "openfisca": openfisca}, rounds=cfg.pick(3, 9)
    )
    what = f"columnar Art. 8(2), {n:,} rows"
    out = []
    ratio = paired_ratio(t, "exact", "openfisca")
    out.append(
        Row(
            what,
            "`ipcomp.frame.compensate_frame` (int64 fen)",
            f"OpenFisca `calculate`, {of_dtype}",
            fmt_time(t.median("exact") * n),
            fmt_time(t.median("openfisca") * n),
            f"{ratio:.2f}× time ({1 / ratio:.2f}× throughput)",
            "≥ 1.0× throughput",
            verdict(ratio <= 1.0),
        )
    )
    ratio64 = paired_ratio(t, "exact", "float64")
    out.append(
        Row(
            what,
            "`ipcomp.frame.compensate_frame` (int64 fen)",
            "numpy float64, same formula",
            fmt_time(t.median("exact") * n),
            fmt_time(t.median("float64") * n),
            f"{ratio64:.2f}× time",
            "—",
            "info",
        )
    )
    for label, bad, target in (
        ("`compensate_frame`", exact_bad_rows, True),
        (f"OpenFisca ({of_dtype})", of_bad, False),
        ("numpy float64", f64_bad, False),
    ):
        out.append(
            Row(
                f"cent errors, {n:,} rows",
                label,
                "exact integer reference",
                f"{bad:,} rows ≥ 1 fen off",
                "0",
                f"{bad / n:.2%}",
                "0" if target else "—",
                verdict(bad == 0) if target else "info",
            )
        )
    text_rows, text_notes = yuan_text(cfg, pd)
    out += text_rows
    notes = [
        f"columnar: {n:,} random rows, principal 1,000…{MAX_YUAN:,} yuan, half of them "
        "combined loans (pro rata), a tenth with a stated IP-part loss, caps 1,000,000 "
        "(first year) or 0…1,500,000 (assessed), a third with municipal payments before; "
        f"the integer reference agrees with `ipcomp.compensate` on {sample - ref_bad}/"
        f"{sample} of them built as real claims. {big:,} rows "
        f"({big / n:.1%}) need more than int64 for `loss × IP principal` and take "
        "`compensate_frame`'s overflow path (float64 quotient estimate, exact int64 "
        "remainder). Times are per whole batch; OpenFisca's "
        f"includes building the simulation and `set_input` (its system is built once); "
        f"throughput: exact {fmt_rate(1 / t.median('exact'), 'rows/s')}, OpenFisca "
        f"{fmt_rate(1 / t.median('openfisca'), 'rows/s')}, float64 "
        f"{fmt_rate(1 / t.median('float64'), 'rows/s')}.",
        *text_notes,
    ]
    return out, notes


# --- yuan text (issue 15, item 5) ----------------------------------------------------------

#: The amount columns of ``claims_to_frame``, named without ``_fen`` (yuan).
YUAN_COLUMNS = (
    "principal",
    "ip_principal",
    "principal_loss",
    "ip_principal_loss",
    "municipal_paid_before",
    "provincial_paid_before",
    "assessed_cap",
)
NULLABLE = ("ip_principal_loss", "assessed_cap")


def _missing(value: object) -> bool:
    return value is None or value is _NA or (isinstance(value, float) and value != value)


_NA: Any = None  # pandas.NA, set by yuan_text (pandas is imported only when it runs)


def scalar_yuan_to_fen(values: Sequence[Any], name: str, nullable: bool) -> np.ndarray[Any, Any]:
    """The baseline: the yuan-column conversion of ``ipcomp.frame`` before issue 15,
    ``parse_money`` on every cell in a Python loop (``_yuan_to_fen`` of that version)."""
    out = np.empty(len(values), dtype=np.int64)
    for i, value in enumerate(values):
        if nullable and _missing(value):
            out[i] = -1
            continue
        try:
            out[i] = to_fen(parse_money(value))
        except ValueError as exc:
            raise InvalidArgument(f"column {name!r}, row {i}: {exc}") from None
    return out


def _yuan_text(fen: np.ndarray[Any, Any]) -> list[str]:
    """Fen as yuan text with two decimals; a negative value (none) as an empty cell."""
    return [f"{f // 100}.{f % 100:02d}" if f >= 0 else "" for f in fen.tolist()]


def claims_frames(rows: dict[str, np.ndarray[Any, Any]], pd: Any) -> tuple[Any, Any]:
    """The rows in the layout of ``claims_to_frame`` (loan id, bank, business year, the
    amounts, cap basis, assessed cap): as int64 fen columns (-1 = none) and as yuan text
    (an empty cell = none)."""
    n = len(rows["principal"])
    rng = np.random.default_rng(15)
    first_year = rows["municipal_cap"] == 100_000_000
    fen = {
        "principal": rows["principal"],
        "ip_principal": rows["ip_principal"],
        "principal_loss": rows["principal_loss"],
        "ip_principal_loss": rows["ip_principal_loss"],
        "municipal_paid_before": rows["municipal_paid_before"],
        "provincial_paid_before": np.zeros(n, dtype=np.int64),
        "assessed_cap": np.where(first_year, -1, rows["municipal_cap"]),
    }
    head = {
        "loan_id": [f"WH-2023-{i:07d}" for i in range(n)],
        "bank": rng.choice(["甲银行威海分行", "乙农商银行", "Bank C"], n),
        "business_year": np.full(n, 2023),
    }
    basis = {"cap_basis": np.where(first_year, "first_year", "assessed")}
    by_fen = pd.DataFrame(
        {**head, **{f"{k}_fen": v for k, v in fen.items()}, **basis},
        columns=[*head, *(f"{k}_fen" for k in YUAN_COLUMNS), *basis],
    )
    by_text = pd.DataFrame({**head, **{k: _yuan_text(v) for k, v in fen.items()}, **basis})
    return by_fen, by_text[[*head, *YUAN_COLUMNS, *basis]]


def yuan_text(cfg: Config, pd: Any) -> tuple[list[Row], list[str]]:
    """Rows (a) yuan-text conversion before/after and (b) read_csv + compensate_frame on
    yuan text against int64 fen."""
    global _NA
    _NA = pd.NA
    from ipcomp.frame import compensate_frame
    from ipcomp.frame.columns import _column

    n = cfg.pick(100_000, 200_000)
    by_fen, by_text = claims_frames(random_rows(n, seed=15), pd)
    text_dtypes = dict.fromkeys(YUAN_COLUMNS, str)
    out: list[Row] = []

    # (a) the conversion alone: one column of amounts, then all seven of a claims frame
    one = pd.DataFrame({"principal": pd.Series(by_text["principal"], dtype=str)})
    text = pd.read_csv(io.StringIO(by_text.to_csv(index=False)), dtype=text_dtypes)
    want = {k: by_fen[f"{k}_fen"].to_numpy() for k in YUAN_COLUMNS}

    def after_one() -> int:
        _column(one, "principal_fen")
        return n

    def before_one() -> int:
        scalar_yuan_to_fen(list(one["principal"].to_numpy(dtype=object)), "principal", False)
        return n

    def after_all() -> int:
        for k in YUAN_COLUMNS:
            _column(text, f"{k}_fen", nullable=k in NULLABLE)
        return n

    def before_all() -> int:
        for k in YUAN_COLUMNS:
            scalar_yuan_to_fen(list(text[k].to_numpy(dtype=object)), k, k in NULLABLE)
        return n

    same = all(
        (_column(text, f"{k}_fen", nullable=k in NULLABLE) == want[k]).all()
        and (
            scalar_yuan_to_fen(list(text[k].to_numpy(dtype=object)), k, k in NULLABLE) == want[k]
        ).all()
        for k in YUAN_COLUMNS
    )
    t = interleave(
        {"after": after_one, "before": before_one, "after7": after_all, "before7": before_all},
        rounds=cfg.pick(3, 7),
    )
    for label, a, b in (
        ("one column of amounts", "after", "before"),
        ("the 7 amount columns of a claims frame (2 mostly blank)", "after7", "before7"),
    ):
        ratio = paired_ratio(t, b, a)
        out.append(
            Row(
                f"yuan text → int64 fen, {label}, {n:,} rows (per row)",
                "`compensate_frame`'s reader (numpy)",
                "`parse_money` cell by cell (the reader before)",
                fmt_time(t.median(a)),
                fmt_time(t.median(b)),
                f"{ratio:.1f}× faster",
                "≥ 5× faster",
                verdict(ratio >= 5 and same),
            )
        )

    # (b) read_csv + compensate_frame: the CSV of yuan text against the same data in fen
    with tempfile.TemporaryDirectory() as folder:
        fen_csv, text_csv = Path(folder) / "fen.csv", Path(folder) / "yuan.csv"
        by_fen.to_csv(fen_csv, index=False)
        by_text.to_csv(text_csv, index=False)
        amounts = [f"{k}_fen" for k in YUAN_COLUMNS]
        fen_only, text_only = Path(folder) / "fen_amounts.csv", Path(folder) / "yuan_amounts.csv"
        by_fen[amounts].rename(columns={"assessed_cap_fen": "municipal_cap_fen"}).assign(
            municipal_cap_fen=np.where(
                by_fen["assessed_cap_fen"] < 0, 100_000_000, by_fen["assessed_cap_fen"]
            )
        ).to_csv(fen_only, index=False)
        pd.read_csv(fen_only).rename(columns=lambda c: c.removesuffix("_fen")).pipe(
            lambda f: f.assign(**{k: _yuan_text(f[k].to_numpy()) for k in f.columns})
        ).to_csv(text_only, index=False)

        def csv_fen() -> int:
            compensate_frame(pd.read_csv(fen_csv))
            return n

        def csv_text() -> int:
            compensate_frame(pd.read_csv(text_csv, dtype=text_dtypes))
            return n

        def read_fen() -> int:
            pd.read_csv(fen_csv)
            return n

        def read_text() -> int:
            pd.read_csv(text_csv, dtype=text_dtypes)
            return n

        def amounts_fen() -> int:
            compensate_frame(pd.read_csv(fen_only))
            return n

        def amounts_text() -> int:
            compensate_frame(pd.read_csv(text_only, dtype=str))
            return n

        results_agree = compensate_frame(pd.read_csv(text_csv, dtype=text_dtypes)).equals(
            compensate_frame(pd.read_csv(fen_csv))
        ) and compensate_frame(pd.read_csv(text_only, dtype=str)).equals(
            compensate_frame(pd.read_csv(fen_only))
        )
        t = interleave(
            {
                "csv_fen": csv_fen,
                "csv_text": csv_text,
                "read_fen": read_fen,
                "read_text": read_text,
                "amounts_fen": amounts_fen,
                "amounts_text": amounts_text,
            },
            rounds=cfg.pick(5, 9),
        )
    ratio = paired_ratio(t, "csv_text", "csv_fen")
    out.append(
        Row(
            f"`pd.read_csv` + `compensate_frame`, claims-frame CSV, {n:,} rows (per row)",
            "yuan text columns (`dtype=str`)",
            "the same data as int64 fen columns",
            fmt_time(t.median("csv_text")),
            fmt_time(t.median("csv_fen")),
            f"{ratio:.2f}×",
            "≤ 2×",
            verdict(ratio <= 2 and results_agree),
        )
    )
    read_ratio = paired_ratio(t, "read_text", "read_fen")
    out.append(
        Row(
            f"`pd.read_csv` alone, claims-frame CSV, {n:,} rows (per row)",
            "yuan text columns (`dtype=str`)",
            "the same data as int64 fen columns",
            fmt_time(t.median("read_text")),
            fmt_time(t.median("read_fen")),
            f"{read_ratio:.2f}×",
            "(part)",
            "info",
        )
    )
    amounts_ratio = paired_ratio(t, "amounts_text", "amounts_fen")
    out.append(
        Row(
            f"`pd.read_csv` + `compensate_frame`, amounts-only CSV, {n:,} rows (per row)",
            "7 yuan text columns (`dtype=str`)",
            "the same data as 7 int64 fen columns",
            fmt_time(t.median("amounts_text")),
            fmt_time(t.median("amounts_fen")),
            f"{amounts_ratio:.2f}×",
            "—",
            "info",
        )
    )
    notes = [
        f"yuan text: {n:,} rows of the columnar data (another seed) in the layout of "
        "`claims_to_frame` (loan id, bank, business year, 7 amounts, cap basis), a tenth "
        "with a stated IP-part loss and 40% without an assessed cap (empty cells as text, "
        '-1 as fen); amounts as yuan text with two decimals (`"2390000.00"`). The reader '
        "and the baseline give the int64 fen of the data on every cell of every column: "
        f"{'yes' if same else 'NO'}; `compensate_frame` on the yuan-text CSVs gives the "
        f"frames it gives on the fen CSVs: {'yes' if results_agree else 'NO'}. "
        f"`pd.read_csv` itself takes {read_ratio:.1f}× as long for the text CSV as for the "
        "fen CSV (pandas makes a Python `str` of every text cell), so no conversion "
        "speed can bring the pair under that; the conversion of the 7 amounts alone is "
        "the second yuan-text row. The amounts-only CSV (7 amount columns, the cap as an amount) is the worst "
        "case: nothing but text cells against nothing but integers."
    ]
    return out, notes
