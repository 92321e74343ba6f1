"""Art. 11 — reporting: banks report their IP-pledge lending to the Weihai Finance
Bureau, AMR and Financial Supervision Bureau before the end of June and before the end of
November each year (第十一条). The dates themselves, as calendar dates, are D12's
(tests/schemes/weihai_2020/test_d12.py); rolling them to working days is D12 too."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcomp import InvalidArgument, report_due_dates

D = dt.date


@given(year=st.integers(2000, 2099))
def test_two_reports_at_the_end_of_june_and_november(year: int) -> None:
    """Art. 11: two reports a year, due on the last day of June and of November."""
    june, november = report_due_dates(year)
    assert (june, november) == (D(year, 6, 30), D(year, 11, 30))
    assert (june + dt.timedelta(days=1)).month == 7
    assert (november + dt.timedelta(days=1)).month == 12
    assert june < november


def test_the_years_of_the_measures() -> None:
    """Art. 11, Art. 14: every year the measures are in force, 2020–2026, has its two
    dates, whether or not the year's holiday notice is published."""
    for year in range(2020, 2027):
        assert report_due_dates(year) == (D(year, 6, 30), D(year, 11, 30))
    assert report_due_dates(2027) == (D(2027, 6, 30), D(2027, 11, 30))  # no calendar needed


@pytest.mark.parametrize("year", [1999, 2100, -1, 10**9, True, 2024.0, "2024", None])
def test_a_bad_year_is_refused(year: object) -> None:
    """Art. 11: the year must be an int in 2000–2099 (docs/decisions.md I20), else
    InvalidArgument."""
    with pytest.raises(InvalidArgument, match="year must be an int"):
        report_due_dates(year)  # type: ignore[arg-type]
