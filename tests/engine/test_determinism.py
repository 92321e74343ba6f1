"""Results do not depend on the machine: time zone, locale, hash seed or the decimal
context (D10, D14). A fixed portfolio is assessed in fresh interpreters under different
environments and the JSON and the explanations must be identical, byte for byte."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

#: PRELUDE applies the environment's locale and time zone in a fresh interpreter; BODY
#: prints every assessment of a fixed portfolio as JSON with its explanation.
PRELUDE = r"""
import locale, time
try:
    locale.setlocale(locale.LC_ALL, "")
except locale.Error:
    pass
time.tzset()
"""
BODY = r"""
import datetime as dt, json
from decimal import Decimal
from ipcomp import WEIHAI_2020, assess_many, compensate, allocate_recovery
from ipcomp.testing import example_bank, example_claim, example_loan

combined = example_loan(principal=8_000_000, ip_principal=3_000_000)
first_year = example_loan(principal=10_000_000, disbursed_on=dt.date(2020, 9, 10),
                          bank=example_bank(reported_in_weihai_on=dt.date(2020, 9, 1)))
portfolio = [
    example_claim(),
    example_claim(loan=combined, principal_loss="1000000.12"),
    example_claim(loan=first_year, principal_loss=8_000_000,
                  recognized_on=dt.date(2020, 12, 1), applied_on=dt.date(2020, 12, 2)),
    example_claim(recognized_on=dt.date(2024, 3, 4), applied_on=dt.date(2024, 3, 5),
                  municipal_paid_before=900_000),
    example_claim(applied_on=dt.date(2023, 10, 19)),                       # late
    example_claim(fraud_found=True, via_platform=None, overdue=False),
    example_claim(recognized_on=None, applied_on=None),
    example_claim(recognized_on=dt.date(2026, 12, 28), applied_on=None),  # into 2027
    example_claim(loan=example_loan(disbursed_on=dt.date(2026, 8, 1)),
                  recognized_on=dt.date(2026, 9, 1), applied_on=dt.date(2026, 9, 2)),
]
out = []
for policy in (WEIHAI_2020, WEIHAI_2020.derive(cap_scope="government_total",
                                               late_application="flag",
                                               calendar_estimate=True)):
    for a in assess_many(portfolio, policy):
        out.append({"json": a.model_dump(mode="json"), "text": str(a)})
    paid = compensate(portfolio[1], policy)
    out.append({"recovery": str(allocate_recovery(paid, "12345.67"))})
out.append({"day": str(dt.date(2024, 2, 29)), "num": f"{Decimal('1234567.5'):,.2f}"})
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""

ENVIRONMENTS: dict[str, dict[str, str]] = {
    "UTC, C.UTF-8": {"TZ": "UTC", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "0"},
    "Shanghai, zh_CN": {"TZ": "Asia/Shanghai", "LANG": "zh_CN.UTF-8", "PYTHONHASHSEED": "1"},
    "Los Angeles, de_DE": {
        "TZ": "America/Los_Angeles",
        "LC_ALL": "de_DE.UTF-8",
        "PYTHONHASHSEED": "12345",
    },
    "Kiritimati (UTC+14), POSIX": {
        "TZ": "Pacific/Kiritimati",
        "LC_ALL": "POSIX",
        "PYTHONHASHSEED": "random",
    },
}


def run(env: dict[str, str]) -> Any:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LC_", "LANG", "TZ", "PYTHONHASHSEED"))
    }
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + BODY],
        env={**base, **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def outputs() -> dict[str, Any]:
    return {name: run(env) for name, env in ENVIRONMENTS.items()}


def test_results_identical_across_time_zones_locales_and_hash_seeds(
    outputs: dict[str, Any],
) -> None:
    """D10, D14, Art. 8: the same portfolio gives byte-identical JSON and explanations
    under UTC / Asia/Shanghai / America/Los_Angeles / UTC+14, C / zh_CN / de_DE / POSIX
    locales (where installed) and different hash seeds."""
    reference = outputs["UTC, C.UTF-8"]
    for name, output in outputs.items():
        assert output == reference, name


def test_the_fixed_portfolio_covers_the_interesting_cases(outputs: dict[str, Any]) -> None:
    """D5–D16: the portfolio exercises payment, capping, lateness, fraud, an unknown
    deadline and expiry, so the comparison above is not vacuous; the figures match the
    hand-worked examples of the spec modules."""
    output = outputs["UTC, C.UTF-8"]
    texts = "\n".join(item.get("text", "") for item in output)
    for fragment in (
        "ELIGIBLE 符合补偿条件",
        "NOT ELIGIBLE 不符合补偿条件",
        "CLAIM_LATE",
        "CLAIM_FRAUD",
        "NOTE_CAP_APPLIED",
        "NOTE_NO_ASSESSMENT",
        "NOTE_POLICY_EXPIRED",
        "NOTE_DEADLINE_ESTIMATED",
        "375,000.05 (pro rata",
        "capped at 1,000,000.00 (first business year 2020)",
    ):
        assert fragment in texts, fragment
    assert output[0]["json"]["compensation"]["total"] == "480000.00"
    assert output[-1] == {"day": "2024-02-29", "num": "1,234,567.50"}


def test_in_process_result_matches_a_fresh_interpreter(outputs: dict[str, Any]) -> None:
    """D14: importing order and earlier state of this test process change nothing: the
    same script run here gives the same output."""
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(BODY, "<determinism>", "exec"), {})
    assert json.loads(buffer.getvalue()) == outputs["UTC, C.UTF-8"]
