"""Art. 5 — the fund: compensation is a business of the Weihai credit guarantee fund, so
the fund's business year (1 March – end of February, D7) is the year the per-loan caps
of Art. 8(2) follow (D7, D8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypeVar

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from ipcomp import (
    WEIHAI_2020,
    Claim,
    Code,
    business_year,
    compensate,
    first_business_year,
)
from ipcomp.engine.compensation import claim_date
from ipcomp.testing import claims, example_bank, example_claim, example_loan

M = TypeVar("M", bound=BaseModel)


def changed(model: M, **changes: Any) -> M:
    """``model`` with ``changes``, validated again."""
    return type(model).model_validate({**dict(model), **changes})


def applied(day: dt.date, **bank: Any) -> Claim:
    """2,000,000 lost on the example loan (disbursed 2020-09-01), applied on ``day``."""
    loan = example_loan(disbursed_on=dt.date(2020, 9, 1), bank=example_bank(**bank))
    return example_claim(loan=loan, principal_loss=2_000_000, recognized_on=day, applied_on=day)


def test_claim_date_is_application_then_recognition_then_disbursement() -> None:
    """Art. 5, D7: a claim falls in the business year of its application date; before it
    has applied, of its recognition date; before recognition, of the loan's
    disbursement date."""
    claim = example_claim()
    assert claim_date(claim) == dt.date(2023, 10, 12)
    assert claim_date(changed(claim, applied_on=None)) == dt.date(2023, 9, 28)
    assert claim_date(changed(claim, applied_on=None, recognized_on=None)) == dt.date(2022, 5, 20)
    assert compensate(changed(claim, applied_on=None, recognized_on=None)).business_year == 2022


def test_february_march_boundary_moves_the_cap() -> None:
    """Art. 5, 8(2), D7, D8: the example bank's assessed caps are 2021: 1,200,000 and
    2022: 1,500,000. Applied 2022-02-28 → business year 2021 (2021-03-01..2022-02-28),
    cap 1,200,000; applied 2022-03-01 → business year 2022, cap 1,500,000. 20% of
    2,000,000 = 400,000 is under both."""
    before, after = (
        compensate(applied(dt.date(2022, 2, 28))),
        compensate(applied(dt.date(2022, 3, 1))),
    )
    assert (before.business_year, before.municipal_cap, before.cap_basis) == (
        2021,
        Decimal("1200000.00"),
        "assessed",
    )
    assert (after.business_year, after.municipal_cap, after.cap_basis) == (
        2022,
        Decimal("1500000.00"),
        "assessed",
    )
    assert before.municipal == after.municipal == Decimal("400000.00")


def test_leap_day_belongs_to_the_year_that_began_the_march_before() -> None:
    """Art. 5, D7, D8: 2024-02-29 is in business year 2023 (assessed cap 1,200,000);
    2024-03-01 starts 2024, with no assessment on record: first-year cap 1,000,000 and
    NOTE_NO_ASSESSMENT."""
    leap = compensate(applied(dt.date(2024, 2, 29)))
    assert (leap.business_year, leap.municipal_cap) == (2023, Decimal("1200000.00"))
    assert leap.notes == ()
    march = compensate(applied(dt.date(2024, 3, 1)))
    assert (march.business_year, march.municipal_cap, march.cap_basis) == (
        2024,
        Decimal("1000000.00"),
        "no_assessment",
    )
    assert [n.code for n in march.notes] == [Code.NOTE_NO_ASSESSMENT]


def test_first_business_year_follows_the_report_date() -> None:
    """Art. 5, 6(3), D7, D8: a bank's first business year contains the later of
    2020-08-23 and its report date. Reported 2021-02-28 → first year 2020, so a claim in
    business year 2021 uses the assessed 1,200,000; reported 2021-03-01 → first year 2021,
    and the same claim uses the first-year 1,000,000 though an assessment exists."""
    day = dt.date(2021, 6, 1)
    early = compensate(applied(day, reported_in_weihai_on=dt.date(2021, 2, 28)))
    assert (early.first_business_year, early.cap_basis, early.municipal_cap) == (
        2020,
        "assessed",
        Decimal("1200000.00"),
    )
    late = compensate(applied(day, reported_in_weihai_on=dt.date(2021, 3, 1)))
    assert (late.first_business_year, late.cap_basis, late.municipal_cap) == (
        2021,
        "first_year",
        Decimal("1000000.00"),
    )
    never = example_bank(reported_in_weihai_on=None)
    assert first_business_year(never) == 2020  # the policy's own start, 2020-08-23


@given(claims())
def test_caps_follow_the_business_year_of_the_claim(claim: Claim) -> None:
    """Art. 5, 8(2), D7, D8: the compensation is placed in business_year(claim_date) and
    the cap is the one of that year: first-year cap up to the bank's first year, then the
    assessed cap (at most later_year_cap_max), else the first-year cap with a note."""
    result = compensate(claim)
    year = business_year(claim_date(claim))
    assert result.business_year == year
    first = first_business_year(claim.loan.bank)
    assert result.first_business_year == first
    caps = claim.loan.bank.assessed_caps
    if year <= first:
        expected, basis = WEIHAI_2020.first_year_cap, "first_year"
    elif year in caps:
        expected, basis = min(caps[year], WEIHAI_2020.later_year_cap_max), "assessed"
    else:
        expected, basis = WEIHAI_2020.first_year_cap, "no_assessment"
    assert (result.municipal_cap, result.cap_basis) == (expected, basis)
    assert (Code.NOTE_NO_ASSESSMENT in {n.code for n in result.notes}) == (basis == "no_assessment")


@given(claims(), st.data())
def test_only_the_business_year_of_the_date_matters(claim: Claim, data: Any) -> None:
    """Art. 5, D7: two application dates in the same business year give the same
    compensation (the cap does not follow the calendar year or the day)."""
    start = max(claim.loan.disbursed_on, claim.recognized_on or claim.loan.disbursed_on)
    first = data.draw(st.dates(start, dt.date(2027, 12, 31)))
    year = business_year(first)
    same_year = st.dates(max(start, dt.date(year, 3, 1)), dt.date(year + 1, 2, 28))
    second = data.draw(same_year)
    assert business_year(second) == year
    a = compensate(changed(claim, applied_on=first))
    b = compensate(changed(claim, applied_on=second))
    assert a == b


@given(
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    st.tuples(st.integers(1, 12), st.integers(1, 28)),
)
def test_business_year_start_is_a_parameter(day: dt.date, start: tuple[int, int]) -> None:
    """Art. 5, D7: with business_year_start=(m, d) a business year N runs from N-m-d to
    the day before (N+1)-m-d, and compensate places the claim accordingly."""
    policy = WEIHAI_2020.derive(business_year_start=start)
    year = business_year(day, policy)
    assert dt.date(year, *start) <= day < dt.date(year + 1, *start)
    loan = example_loan(disbursed_on=dt.date(2020, 1, 1))
    claim = example_claim(loan=loan, recognized_on=None, applied_on=day)
    assert compensate(claim, policy).business_year == year


def test_calendar_business_year_changes_the_cap() -> None:
    """Art. 5, 8(2), D7: an analyst who reads the business year as the calendar year
    (business_year_start=(1, 1)) moves 2022-02-28 from business year 2021 (cap 1,200,000)
    to 2022 (cap 1,500,000)."""
    calendar_year = WEIHAI_2020.derive(business_year_start=(1, 1))
    result = compensate(applied(dt.date(2022, 2, 28)), calendar_year)
    assert (result.business_year, result.municipal_cap) == (2022, Decimal("1500000.00"))
