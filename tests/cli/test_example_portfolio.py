"""The bundled example portfolio: valid, reproducible, and showing every finding code."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from ipcomp import (
    WEIHAI_2020,
    Calendar,
    Claim,
    Code,
    Policy,
    assess,
    assess_portfolio,
    business_year,
)
from ipcomp.engine.compensation import claim_date
from ipcomp.records import read_claims, read_records

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def portfolio() -> list[Claim]:
    return read_claims(EXAMPLES / "portfolio.csv")


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_portfolio", EXAMPLES / "make_portfolio.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_csv_and_jsonl_hold_the_same_200_valid_claims(portfolio: list[Claim]) -> None:
    assert len(portfolio) == 200
    assert read_claims(EXAMPLES / "portfolio.jsonl") == portfolio


def test_every_finding_code_appears(portfolio: list[Claim]) -> None:
    found = Counter(code for claim in portfolio for code in assess(claim).codes)
    # not in an independent run of the Weihai portfolio: the estimate (below), an entered
    # notice, a pool
    # (no Weihai payer has one) and the portfolio checks (tests of assess_portfolio)
    assert set(Code) - set(found) == {
        Code.NOTE_DEADLINE_ESTIMATED,
        Code.NOTE_POOL_LIMITED,
        Code.CLAIM_PAID_BEFORE_IMPLAUSIBLE,
        Code.CLAIM_LOAN_CONFLICT,
        Code.CLAIM_LIKELY_DUPLICATE,
        Code.CLAIM_IP_LOSSES_EXCEED_PRINCIPAL,
        Code.RECOVERY_NOT_APPLIED,
        Code.NOTE_CALENDAR_ENTERED,
    }
    estimate = Policy.model_validate(
        {
            k: v
            for k, v in json.loads(
                (EXAMPLES / "policy_calendar_estimate.json").read_text(encoding="utf-8")
            ).items()
            if not k.startswith("$")
        }
    )
    assert any(Code.NOTE_DEADLINE_ESTIMATED in assess(c, estimate).codes for c in portfolio)
    # a calendar whose 2023 notice was entered (replaced with the same days) notes it
    entered = Calendar.default().with_notice(
        Calendar.default().notice(2023).model_copy(update={"note": "entered"}), replace=True
    )
    noted = [
        c for c in portfolio if Code.NOTE_CALENDAR_ENTERED in assess(c, calendar=entered).codes
    ]
    assert noted
    assert all(assess(c, calendar=entered).eligible == assess(c).eligible for c in noted)
    assert 3 <= found[Code.NOTE_CAP_APPLIED] <= 20  # a few caps bind


def test_portfolio_is_realistic(portfolio: list[Claim]) -> None:
    banks = {c.loan.bank.name for c in portfolio}
    assert 5 <= len(banks) <= 6
    assert sum(bool(c.loan.bank.assessed_caps) for c in portfolio) == len(portfolio)
    years = {business_year(claim_date(c), WEIHAI_2020) for c in portfolio}
    assert set(range(2020, 2027)) <= years
    combined = [c for c in portfolio if c.loan.ip_principal not in (None, c.loan.principal)]
    assert 20 <= len(combined) <= 120
    assert len({c.loan.enterprise.industry for c in portfolio}) >= 10
    eligible = sum(assess(c).eligible for c in portfolio)
    assert 150 <= eligible < 200
    # D5: three loans have a follow-up claim, which states nothing as paid before (the
    # first was paid inside the portfolio); as one portfolio the loan's cap cuts it
    loans = Counter(c.loan.loan_id for c in portfolio)
    assert sorted(n for n in loans.values() if n > 1) == [2, 2, 2]
    assert not any(c.municipal_paid_before or c.provincial_paid_before for c in portfolio)
    result = assess_portfolio(portfolio)
    carried = [r for r in result.results if r.earlier]
    assert len(carried) == 3
    assert all(Code.NOTE_CAP_APPLIED in r.assessment.codes for r in carried)
    alone = {i: assess(portfolio[i]).compensation for i in range(len(portfolio))}
    for r in carried:
        assert r.assessment.compensation.municipal < alone[r.index].municipal  # type: ignore[union-attr]


def test_bad_rows_file() -> None:
    records = list(read_records(EXAMPLES / "portfolio_bad.jsonl"))
    good = [r for r in records if r.ok]
    bad = [r for r in records if not r.ok]
    assert len(good) >= 2
    assert len(bad) >= 8
    assert all(r.error_details() for r in bad)
    assert {e["type"] for r in bad for e in r.error_details()} >= {
        "json_invalid",
        "missing",
        "extra_forbidden",
        "value_error",
    }


def test_files_are_reproducible_from_the_generator() -> None:
    files = load_generator().render()
    assert set(files) == {
        "portfolio.csv",
        "portfolio.jsonl",
        "portfolio_bad.jsonl",
        "recoveries.csv",
    }
    for name, text in files.items():
        assert (EXAMPLES / name).read_text(encoding="utf-8") == text, name


def test_generator_check_mode(capsys: pytest.CaptureFixture[str]) -> None:
    assert load_generator().main(["--check"]) == 0


def test_main_job_exits_zero() -> None:
    from ipcomp.cli import main

    assert (
        main(
            ["assess", str(EXAMPLES / "portfolio.csv"), "--format", "json", "--output", "/dev/null"]
        )
        == 0
    )
