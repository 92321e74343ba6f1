"""D7 — business years (Art. 5, Art. 8(2)).

The fund's business year runs 1 March to the last day of February (parameter
``business_year_start``) and is named by the calendar year it starts in. A claim falls in
the business year of its application date; before it has applied, its recognition date;
before recognition, the loan's disbursement date. A bank's first business year contains
the later of the policy's start (2020-08-23) and the day it reported its filing to Weihai
(Art. 6(3)).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcomp import WEIHAI_2020, business_year, compensate, first_business_year
from ipcomp.testing import banks, claims, example_bank, example_claim

D = dt.date
days = st.dates(D(2000, 3, 1), D(2099, 12, 31))
starts = st.tuples(st.integers(1, 12), st.integers(1, 28))


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (D(2020, 8, 23), 2020),  # the measures' first day
        (D(2021, 1, 15), 2020),
        (D(2021, 2, 28), 2020),
        (D(2021, 3, 1), 2021),
        (D(2024, 2, 29), 2023),  # leap day: still the year that began in March 2023
        (D(2024, 3, 1), 2024),
        (D(2026, 8, 22), 2026),  # the measures' last day
        (D(2027, 2, 28), 2026),
    ],
)
def test_business_year_examples(day: dt.date, year: int) -> None:
    """D7: "2023年度（2023年3月至2024年2月）" — a business year runs 1 March to the end of
    February and is named by the year it starts in."""
    assert business_year(day) == year
    assert WEIHAI_2020.business_year_start == (3, 1)


@given(day=days)
def test_business_year_is_the_year_or_the_one_before(day: dt.date) -> None:
    """D7: from 1 March a day is in its own year's business year, before it in the
    previous one."""
    expected = day.year if day >= D(day.year, 3, 1) else day.year - 1
    assert business_year(day) == expected


@given(year=st.integers(2001, 2098), start=starts)
def test_a_business_year_is_one_unbroken_year(year: int, start: tuple[int, int]) -> None:
    """D7: for any start (a Policy parameter), business year Y is exactly the days from
    the start day in Y up to the day before the start day in Y+1."""
    policy = WEIHAI_2020.derive(business_year_start=start)
    first = D(year, *start)
    following = D(year + 1, *start)
    assert business_year(first, policy) == year
    assert business_year(first - dt.timedelta(days=1), policy) == year - 1
    assert business_year(following - dt.timedelta(days=1), policy) == year
    assert business_year(following, policy) == year + 1


@given(day=days, later=st.integers(0, 800))
def test_business_year_never_decreases(day: dt.date, later: int) -> None:
    """D7: a later day is never in an earlier business year, and at most one business
    year per calendar year passes."""
    other = day + dt.timedelta(days=later)
    assert business_year(day) <= business_year(other) <= business_year(day) + later // 365 + 1


def test_a_january_start_gives_calendar_years() -> None:
    """D7: with business_year_start=(1, 1) business years are calendar years."""
    policy = WEIHAI_2020.derive(business_year_start=(1, 1))
    assert business_year(D(2024, 1, 1), policy) == 2024
    assert business_year(D(2023, 12, 31), policy) == 2023


@pytest.mark.parametrize(
    ("reported", "first"),
    [
        (D(2020, 9, 15), 2020),  # the example bank
        (D(2019, 5, 1), 2020),  # reported before the measures: their start counts
        (D(2021, 2, 28), 2020),  # still the 2020 business year
        (D(2021, 3, 1), 2021),
        (D(2021, 4, 1), 2021),
        (None, 2020),  # never reported: the policy's first year (docs/decisions.md I9)
    ],
)
def test_first_business_year_examples(reported: dt.date | None, first: int) -> None:
    """D7: the bank's first business year contains the later of 2020-08-23 and the day it
    reported its filing to Weihai (Art. 6(3))."""
    assert first_business_year(example_bank(reported_in_weihai_on=reported)) == first


@given(bank=banks(), start=starts, effective=st.dates(D(2020, 1, 1), D(2026, 12, 31)))
def test_first_business_year_is_that_of_the_later_date(
    bank: Any, start: tuple[int, int], effective: dt.date
) -> None:
    """D7: first_business_year is business_year(max(effective_from, reported)) under any
    business-year start and any start of the measures."""
    policy = WEIHAI_2020.derive(
        business_year_start=start,
        effective_from=effective,
        effective_until=max(effective, WEIHAI_2020.effective_until),
    )
    reported = bank.reported_in_weihai_on
    later = effective if reported is None else max(effective, reported)
    assert first_business_year(bank, policy) == business_year(later, policy)
    assert first_business_year(bank, policy) >= business_year(effective, policy)


@given(claim=claims())
def test_a_claim_falls_in_the_business_year_of_its_application(claim: Any) -> None:
    """D7: a claim's business year is that of its application date; before it has
    applied, its recognition date; before recognition, the loan's disbursement date."""
    when = claim.applied_on or claim.recognized_on or claim.loan.disbursed_on
    assert compensate(claim).business_year == business_year(when)
    assert compensate(claim).first_business_year == first_business_year(claim.loan.bank)


def test_the_claim_date_order() -> None:
    """D7: worked example — recognised in February 2024 (business year 2023), applied in
    March 2024 (business year 2024): the application date decides."""
    recognised, applied = D(2024, 2, 26), D(2024, 3, 1)
    assert (
        compensate(example_claim(recognized_on=recognised, applied_on=applied)).business_year
        == 2024
    )
    assert (
        compensate(example_claim(recognized_on=recognised, applied_on=None)).business_year == 2023
    )
    unrecognised = example_claim(recognized_on=None, applied_on=None)
    assert compensate(unrecognised).business_year == business_year(D(2022, 5, 20)) == 2022
