"""Exact columnar compensation against numpy float64 and OpenFisca (float32).

All three compute the same Art. 8(2) formula on the same random rows: IP-part loss
(stated, or loss × IP principal ÷ principal rounded half up to the fen), provincial
40% and municipal 20% each rounded half up, the municipal share capped at
``cap − municipal paid before``, total. The floats round half up to the fen as
``floor(x·100 + 0.5) / 100``. The exact reference is computed with Python integers
(fen) and checked against :func:`ipcomp.compensate` on a sample of real claims.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from _harness import Config, Row, Skip, fmt_rate, fmt_time, interleave, paired_ratio, verdict

from ipcomp import WEIHAI_2020, compensate
from ipcomp.core.money import div_round_half_up, from_fen, to_fen

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
        f"{fmt_rate(1 / t.median('float64'), 'rows/s')}."
    ]
    return out, notes
