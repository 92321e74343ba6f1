"""D12 — report due dates: 30 June and 30 November as calendar dates (Art. 11); a
parameter rolls them to the preceding or following working day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcomp import (
    CalendarNotPublished,
    InvalidArgument,
    is_working_day,
    report_due_dates,
    working_days_between,
)
from ipcomp.core.workdays import LAST_OFFICIAL_YEAR

D = dt.date
ROLLS = ("preceding", "following")


@pytest.mark.parametrize(
    ("year", "roll", "dates"),
    [
        # 2024: Sunday 30 June and Saturday 30 November
        (2024, None, (D(2024, 6, 30), D(2024, 11, 30))),
        (2024, "preceding", (D(2024, 6, 28), D(2024, 11, 29))),
        (2024, "following", (D(2024, 7, 1), D(2024, 12, 2))),
        # 2025: Monday 30 June stays; Sunday 30 November moves
        (2025, "preceding", (D(2025, 6, 30), D(2025, 11, 28))),
        (2025, "following", (D(2025, 6, 30), D(2025, 12, 1))),
        # 2023: Friday and Thursday, both working days: nothing moves
        (2023, "preceding", (D(2023, 6, 30), D(2023, 11, 30))),
        (2023, "following", (D(2023, 6, 30), D(2023, 11, 30))),
    ],
)
def test_worked_examples(year: int, roll: str | None, dates: tuple[dt.date, dt.date]) -> None:
    """D12: the calendar dates by default; a date on a day off rolls to the nearest
    working day before or after it, as asked."""
    assert report_due_dates(year, roll=roll) == dates  # type: ignore[arg-type]


def test_no_roll_keeps_the_calendar_dates() -> None:
    """D12: by default the dates are calendar dates, even on a weekend."""
    june, november = report_due_dates(2024)
    assert not is_working_day(june)
    assert not is_working_day(november)


@given(year=st.integers(2020, LAST_OFFICIAL_YEAR), roll=st.sampled_from(ROLLS))
def test_a_rolled_date_is_the_nearest_working_day(year: int, roll: Any) -> None:
    """D12: a rolled date is a working day on the asked side of the calendar date, with no
    working day between them; a working calendar date stays."""
    for calendar_date, rolled in zip(
        report_due_dates(year), report_due_dates(year, roll=roll), strict=True
    ):
        assert is_working_day(rolled)
        if is_working_day(calendar_date):
            assert rolled == calendar_date
        elif roll == "following":
            assert rolled > calendar_date
            assert working_days_between(calendar_date, rolled) == 1
        else:
            assert rolled < calendar_date
            assert working_days_between(rolled, calendar_date) == 0
        assert abs((rolled - calendar_date).days) <= 12


@given(year=st.integers(2020, LAST_OFFICIAL_YEAR))
def test_preceding_and_following_bracket_the_date(year: int) -> None:
    """D12: preceding <= calendar date <= following, both within the same month-end
    neighbourhood."""
    for before, day, after in zip(
        report_due_dates(year, roll="preceding"),
        report_due_dates(year),
        report_due_dates(year, roll="following"),
        strict=True,
    ):
        assert before <= day <= after
        assert (before == day) == (day == after) == is_working_day(day)


def test_rolling_in_an_unpublished_year_needs_the_estimate() -> None:
    """D12, D10: rolling needs the official calendar: an unpublished year raises unless the
    estimate is asked for; 2028-06-30 is a Friday, 2029-06-30 a Saturday."""
    with pytest.raises(CalendarNotPublished) as caught:
        report_due_dates(2029, roll="following")
    assert caught.value.year == 2029
    assert report_due_dates(2029, roll="following", allow_estimate=True) == (
        D(2029, 7, 2),
        D(2029, 11, 30),
    )
    assert report_due_dates(2029, roll="preceding", allow_estimate=True)[0] == D(2029, 6, 29)


@pytest.mark.parametrize("roll", ["next", "Preceding", "", 1, True, ["following"], ("following",)])
def test_a_bad_roll_is_refused(roll: object) -> None:
    """D12: roll is None, 'preceding' or 'following'; anything else is InvalidArgument."""
    with pytest.raises(InvalidArgument, match="roll must be"):
        report_due_dates(2024, roll=roll)  # type: ignore[arg-type]


@pytest.mark.parametrize("year", [2000, 2099])
def test_every_year_2000_to_2099_has_reporting_dates(year: int) -> None:
    """D12: report_due_dates covers the years 2000…2099, both ends included."""
    assert report_due_dates(year) == (D(year, 6, 30), D(year, 11, 30))


@pytest.mark.parametrize("year", [1999, 2100, "2024", 2024.0, True])
def test_a_year_outside_2000_to_2099_is_refused(year: object) -> None:
    """D12: any other year (or a non-int) is refused, naming the range and the value."""
    with pytest.raises(InvalidArgument) as caught:
        report_due_dates(year)  # type: ignore[arg-type]
    assert str(caught.value) == f"year must be an int in 2000..2099, not {year!r}"
