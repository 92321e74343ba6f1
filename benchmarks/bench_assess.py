"""``assess`` against the floor for exact Python, and JSON Lines → assessments."""

from __future__ import annotations

import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal

from _data import claim_lines
from _harness import Config, Row, fmt_rate, fmt_time, interleave, paired_ratio, verdict

from ipcomp import WEIHAI_2020, Claim, assess
from ipcomp.records import READ_AHEAD, iter_records

__all__ = ["bare_amounts", "run"]

_FEN = Decimal("0.01")
_PROV = WEIHAI_2020.provincial_rate
_MUN = WEIHAI_2020.municipal_rate
_FIRST_CAP = Decimal(WEIHAI_2020.first_year_cap)
_MAX_CAP = Decimal(WEIHAI_2020.later_year_cap_max)
_START = WEIHAI_2020.effective_from
_ZERO = Decimal(0)


def _byear(day: dt.date) -> int:
    return day.year if (day.month, day.day) >= (3, 1) else day.year - 1


def bare_amounts(claim: Claim) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal]:
    """Art. 8(2) by hand with ``Decimal``: the least exact Python can do for the same
    amounts (IP-part loss, provincial, municipal, total, bank share) from a built claim,
    business year and per-loan cap included, no checks, no findings, no result model."""
    loan = claim.loan
    loss = claim.principal_loss
    if claim.ip_principal_loss is not None:
        ip = claim.ip_principal_loss
    elif loan.ip_principal is None or loan.ip_principal == loan.principal:
        ip = loss
    else:
        ip = (loss * loan.ip_principal / loan.principal).quantize(_FEN, ROUND_HALF_UP)
    prov = (ip * _PROV).quantize(_FEN, ROUND_HALF_UP)
    mun = (ip * _MUN).quantize(_FEN, ROUND_HALF_UP)
    bank = loan.bank
    year = _byear(claim.applied_on or claim.recognized_on or loan.disbursed_on)
    reported = bank.reported_in_weihai_on
    first = _byear(_START if reported is None or reported < _START else reported)
    if year <= first:
        cap = _FIRST_CAP
    else:
        assessed = bank.assessed_caps.get(year)
        cap = _FIRST_CAP if assessed is None else min(assessed, _MAX_CAP)
    mun = min(mun, max(_ZERO, cap - claim.municipal_paid_before))
    total = prov + mun
    return ip, prov, mun, total, ip - total


def run(cfg: Config) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    notes: list[str] = []

    # --- assess on built claims vs the bare Decimal floor ---------------------------
    pool = [
        Claim.model_validate_json(x) for x in claim_lines(cfg.pick(500, 2000), eligible_only=True)
    ]
    mismatch = 0
    for claim in pool:
        c = assess(claim).compensation
        assert c is not None, "the eligible pool must be eligible"
        mine = (c.ip_loss, c.provincial, c.municipal, c.total, c.bank_share)
        mismatch += mine != bare_amounts(claim)
    notes.append(
        f"assess vs bare Decimal: {len(pool)} distinct eligible claims from "
        f"`claims(eligible=True)`; the bare computation gives the same five amounts on "
        f"{len(pool) - mismatch}/{len(pool)}."
    )

    def do_assess() -> int:
        for claim in pool:
            assess(claim)
        return len(pool)

    def do_bare() -> int:
        for claim in pool:
            bare_amounts(claim)
        return len(pool)

    t = interleave({"assess": do_assess, "bare": do_bare}, rounds=cfg.pick(5, 15))
    ratio = paired_ratio(t, "assess", "bare")
    rows.append(
        Row(
            "assess, built claims (per claim)",
            "`assess(claim)`",
            "bare `Decimal` Art. 8(2)",
            fmt_time(t.median("assess")),
            fmt_time(t.median("bare")),
            f"{ratio:.1f}×",
            "≤ 10×",
            verdict(ratio <= 10),
        )
    )

    # --- JSON Lines -> assessments -------------------------------------------------
    lines = claim_lines(cfg.pick(1000, 3000))
    built = [Claim.model_validate_json(x) for x in lines]
    results = [assess(c) for c in built]  # also written by the floor below
    n_eligible = sum(r.eligible for r in results)
    notes.append(
        f"JSON Lines: {len(lines)} lines ({len(set(lines))} distinct, "
        f"{sum(map(len, lines)) / len(lines):,.0f} bytes/line on average), 80% from "
        f"`claims(eligible=True)`, 20% from `claims()`; {n_eligible} assessed eligible."
    )
    validate = Claim.model_validate_json
    data = ("\n".join(lines) + "\n").encode()

    def full() -> int:
        for line in lines:
            assess(validate(line))
        return len(lines)

    def stream() -> int:
        for record in iter_records(io.BytesIO(data), "jsonl"):
            assert record.claim is not None
            assess(record.claim)
        return len(lines)

    def only_validate() -> int:
        for line in lines:
            validate(line)
        return len(lines)

    def only_assess() -> int:
        for claim in built:
            assess(claim)
        return len(lines)

    def floor() -> int:  # what pydantic alone costs a line through the CLI: in and out
        for line, result in zip(lines, results, strict=True):
            validate(line)
            result.model_dump_json()
        return len(lines)

    t = interleave(
        {
            "full": full,
            "stream": stream,
            "validate": only_validate,
            "assess": only_assess,
            "floor": floor,
        },
        rounds=cfg.pick(5, 15),
    )
    # The target is measured on the library's JSON Lines path: the reader the CLI and
    # read_records use, from a byte stream, bad-row handling and all. Composing the two
    # public calls line by line is shown beside it.
    for name, label, target in (
        (
            "stream",
            "`for r in ipcomp.records.iter_records(stream): assess(r.claim)`",
            "≥ 30,000 claims/s",
        ),
        ("full", "`assess(Claim.model_validate_json(line))`, line by line", "—"),
        ("validate", "`Claim.model_validate_json(line)` alone", "(part)"),
        ("assess", "`assess(claim)` alone", "(part)"),
        (
            "floor",
            "`Claim.model_validate_json(line)` + `Assessment.model_dump_json()`, no rules",
            "(floor)",
        ),
    ):
        rate = 1 / t.median(name)
        rows.append(
            Row(
                "JSON Lines → assessments, 1 core",
                label,
                "—",
                fmt_time(t.median(name)) + "/claim",
                "—",
                fmt_rate(rate, "claims/s"),
                target,
                verdict(rate >= 30_000) if name == "stream" else "info",
            )
        )
    share = paired_ratio(t, "validate", "full")
    notes.append(
        "JSON Lines: the target row runs the library's reader (`iter_records`, what the "
        "CLI and `read_records` use) over the lines as one byte stream; it validates "
        f"{READ_AHEAD} lines ahead of the consumer and takes "
        f"{paired_ratio(t, 'stream', 'full'):.2f}× the time of composing "
        "`Claim.model_validate_json` and `assess` line by line. Validation is "
        f"{share:.0%} and assess {paired_ratio(t, 'assess', 'full'):.0%} of the per-line "
        "time (paired medians; each part alone runs in a tight loop of its own, which is "
        "faster than alternating them). The floor row is pydantic's part of a line "
        "through the CLI, validating it and writing its result, with no rule run: no "
        "per-claim pydantic path can be faster, on one core."
    )
    return rows, notes
