"""The working-day calendar machinery (``ipcomp.core.workdays``, :class:`ipcomp.Calendar`)
and the argument checks of ``ipcomp.deadlines`` (Art. 8(3), D10).

Oracles: the shared reference data (every official day off and make-up day 2020–2026,
``tests/data/cn_workdays_2020_2027.json``) and, independently, the ``chinese-calendar``
package. Entered notices and the year-by-year path are checked against the built-in
one-bisect path on every day they share. The notice files themselves:
``test_notices.py``; what ipcomp takes from ``holidays``: ``test_holidays_pin.py``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ipcomp
from ipcomp import (
    CalendarNotPublished,
    InvalidArgument,
    IpcompError,
    add_working_days,
    is_working_day,
    working_days_between,
)
from ipcomp.core import workdays as wd
from ipcomp.core.notices import HolidayNotice
from ipcomp.core.workdays import (
    BUILTIN_YEARS,
    CALENDAR,
    ESTIMATE_YEARS,
    FIRST_OFFICIAL_YEAR,
    LAST_OFFICIAL_YEAR,
    Calendar,
    _Span,
    working_days_bounds,
)
from ipcomp.testing import bad_values, example_bank, example_notice

D = dt.date
DATA: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "cn_workdays_2020_2027.json").read_text(
        encoding="utf-8"
    )
)
OFFICIAL = {int(y): v for y, v in DATA["years"].items() if v["official"]}
FIRST_DAY, LAST_DAY = D(FIRST_OFFICIAL_YEAR, 1, 1), D(LAST_OFFICIAL_YEAR, 12, 31)
official_days = st.dates(FIRST_DAY, LAST_DAY)
steps = st.integers(1, 60)


def schedule(year: int) -> HolidayNotice:
    """The reference data's ``year`` as one notice (its days off and make-up days as
    they finally stand, without amendments)."""
    entry = DATA["years"][str(year)]
    return HolidayNotice.model_validate(
        {
            "year": year,
            "notice": {
                "number": None,
                "date": f"{year - 1}-11-01",
                "title": entry["source"]["title"],
            },
            "days_off": entry["holidays"],
            "make_up_workdays": entry["makeup_workdays"],
        }
    )


def every_day(first: dt.date, last: dt.date) -> list[dt.date]:
    return [D.fromordinal(o) for o in range(first.toordinal(), last.toordinal() + 1)]


def without_span(calendar: Calendar) -> Calendar:
    """``calendar`` with an empty one-bisect span: every query takes the year-by-year path."""
    object.__setattr__(calendar, "_span", _Span(0, -1, [], frozenset(), D(dt.MAXYEAR, 1, 1), 0))
    return calendar


#: The reference data entered as notices, no span: every query goes year by year.
SLOW = without_span(Calendar([schedule(y) for y in OFFICIAL], builtin=False))


# --- the calendar against the notices -----------------------------------------------


def test_every_day_2020_2026_matches_the_reference_data(
    reference_days: dict[dt.date, bool],
) -> None:
    """D10: every day 2020-01-01…2026-12-31 is a working day exactly when the State
    Council notices (the shared reference data) say so — weekends inside off-blocks,
    make-up Saturdays and Sundays and the 2020 extension included."""
    assert set(OFFICIAL) == CALENDAR.official_years()  # every official year is checked
    assert min(reference_days) == FIRST_DAY
    assert max(reference_days) >= LAST_DAY
    assert len(reference_days) == (max(reference_days) - FIRST_DAY).days + 1 >= 2557
    wrong = [day for day, working in reference_days.items() if is_working_day(day) != working]
    assert wrong == []
    # the comparison really exercises the hard days
    assert not reference_days[D(2020, 2, 1)]  # make-up Saturday cancelled by the extension
    assert "2020-02-01" in DATA["years"]["2020"]["cancelled_makeup_workdays"]
    assert not reference_days[D(2023, 9, 30)]  # Saturday inside the National Day block
    assert not reference_days[D(2022, 12, 31)]  # Saturday, day 1 of the 2023 New Year block
    assert reference_days[D(2020, 1, 19)]  # make-up Sunday
    assert reference_days[D(2023, 10, 7)]
    assert reference_days[D(2023, 10, 8)]
    assert reference_days[D(2024, 2, 9)]  # New Year's Eve 2024: encouraged, not a day off
    assert sum(not w and d.weekday() >= 5 for d, w in reference_days.items()) > 600


def test_year_tables_are_the_reference_working_days(
    reference_days: dict[dt.date, bool],
) -> None:
    """D10: each year's precomputed table is exactly the year's working days, ascending."""
    for year in OFFICIAL:
        table = CALENDAR.year_table(year)
        assert list(table) == sorted(set(table))
        expected = [d.toordinal() for d, w in reference_days.items() if w and d.year == year]
        assert list(table) == expected
        assert 245 <= len(table) <= 252


def test_every_day_matches_chinese_calendar() -> None:
    """D10: an independent oracle, the chinese-calendar package, agrees on every day of
    2020–2026 (and of any later official year it knows)."""
    chinese_calendar = pytest.importorskip("chinese_calendar")
    checked, wrong = 0, []
    for day in every_day(FIRST_DAY, D(max(CALENDAR.official_years()), 12, 31)):
        try:
            oracle = chinese_calendar.is_workday(day)
        except NotImplementedError:  # a year it does not know yet
            assert day.year > LAST_OFFICIAL_YEAR
            continue
        checked += 1
        if oracle != is_working_day(day):
            wrong.append(day)
    assert wrong == []
    assert checked >= 2557


def test_reference_data_is_consistent() -> None:
    """D10: the reference data agree with themselves: off-days and make-up days of each
    year lie in it, make-up days are weekend days and never off, and the off-days are the
    union of the notices' blocks."""
    for year, entry in OFFICIAL.items():
        sched = schedule(year)  # validates year, overlap and weekend make-up days
        assert sched.notice.title.startswith("国务院办公厅")
        blocks = {
            d
            for b in entry["blocks"]
            for d in every_day(D.fromisoformat(b["start"]), D.fromisoformat(b["end"]))
            if d.year == year
        }
        assert blocks == set(sched.days_off), year


# --- entered notices and the year-by-year path ----------------------------------------


def test_an_entered_notice_gives_the_same_answers_as_the_built_in_one() -> None:
    """D10: a built-in year replaced by the same days entered as data gives the same
    working days, and the replacement records that no day changed."""
    for year in (2020, 2023, 2026):
        cal = CALENDAR.with_notice(schedule(year), replace=True)
        assert cal.origin(year) == "entered"
        assert cal.year_table(year) == CALENDAR.year_table(year)
        assert cal.official_years() == CALENDAR.official_years()
        days = every_day(D(year, 1, 1), D(year, 12, 31))
        assert [cal.is_working_day(d) for d in days] == [is_working_day(d) for d in days]
        (change,) = cal.changes
        assert (change.year, change.now_off, change.now_working) == (year, (), ())
        assert change.replaced == CALENDAR.ref(year)
        assert change.by.origin == "entered"


def test_an_entered_notice_extends_the_official_years() -> None:
    """D10: a notice entered for the year after the last official one makes that year
    official, in the fast span too; the same holds from an empty calendar."""
    cal = Calendar([schedule(y) for y in range(2020, 2026)], builtin=False)
    cal = cal.with_notice(schedule(2026))
    assert cal.official_years() == frozenset(range(2020, 2027))
    assert cal.span().hi == LAST_DAY.toordinal()
    assert cal.span() is cal.span()  # built once
    assert cal.add_working_days(D(2025, 12, 31), 10) == add_working_days(D(2025, 12, 31), 10)
    assert cal.add_working_days(D(2026, 9, 30), 10) == D(2026, 10, 20)
    assert not cal.is_official_year(2027)
    later = CALENDAR.with_notice(example_notice(2027))
    assert later.span().hi == D(2027, 12, 31).toordinal()
    assert later.official_years() == CALENDAR.official_years() | {2027}


def test_the_official_years_are_the_built_in_ones() -> None:
    """D10: the built-in calendar vouches for 2020…LAST_OFFICIAL_YEAR, every one of them
    shipped as a notice file and in the reference data (checked day by day above)."""
    assert CALENDAR.official_years() == frozenset(BUILTIN_YEARS)
    assert set(BUILTIN_YEARS) == set(OFFICIAL)
    assert range(FIRST_OFFICIAL_YEAR, LAST_OFFICIAL_YEAR + 1) == BUILTIN_YEARS
    assert ipcomp.LAST_OFFICIAL_YEAR == LAST_OFFICIAL_YEAR >= 2026
    assert CALENDAR.entered == ()
    assert CALENDAR.changes == ()
    assert CALENDAR.years == tuple(BUILTIN_YEARS)
    assert all(CALENDAR.origin(y) == "built-in" for y in BUILTIN_YEARS)


@given(day=st.dates(D(2019, 12, 31), LAST_DAY), n=st.integers(1, 400))
def test_the_year_by_year_path_agrees_with_the_fast_path(day: dt.date, n: int) -> None:
    """D10: the year-by-year path (overrides, no span) and the one-bisect path give the
    same answers, across year boundaries too."""
    try:
        fast: dt.date | None = add_working_days(day, n)
    except CalendarNotPublished:
        fast = None
    if fast is None:
        with pytest.raises(CalendarNotPublished):
            SLOW.add_working_days(day, n)
    else:
        assert SLOW.add_working_days(day, n) == fast
        assert SLOW.working_days_between(day, fast) == n
    if day.year >= FIRST_OFFICIAL_YEAR:
        assert SLOW.is_working_day(day) == is_working_day(day)
    other = day + dt.timedelta(days=n)
    if other <= LAST_DAY:
        expected = working_days_between(day, other)
        assert SLOW.working_days_between(day, other) == expected
        assert SLOW.working_days_between(other, day) == -expected
        assert SLOW.working_days_bounds(day, other) == (expected, expected)


def test_the_first_day_counted_is_the_day_after() -> None:
    """D10, 民法典 Art. 201: a count starting on 31 December looks at the next year only,
    so the day before the first official year may start a count."""
    assert add_working_days(D(2019, 12, 31), 1) == D(2020, 1, 2)
    assert working_days_between(D(2019, 12, 31), D(2020, 1, 10)) == 7
    assert SLOW.add_working_days(D(2019, 12, 31), 1) == D(2020, 1, 2)
    assert working_days_between(D(2027, 3, 1), D(2027, 3, 1)) == 0  # empty: no calendar
    with pytest.raises(CalendarNotPublished) as caught:
        add_working_days(D(2026, 12, 31), 1)
    assert caught.value.year == 2027
    with pytest.raises(CalendarNotPublished) as caught:
        is_working_day(D(2019, 12, 31))
    assert caught.value.year == 2019


# --- properties --------------------------------------------------------------------


@given(day=official_days, n=steps)
def test_add_working_days_lands_on_the_nth_working_day(day: dt.date, n: int) -> None:
    """D10: the result is a working day after `day`, exactly n working days later, and
    the first day that many working days later."""
    if working_days_between(day, LAST_DAY) < n:
        with pytest.raises(CalendarNotPublished, match=str(LAST_OFFICIAL_YEAR + 1)):
            add_working_days(day, n)
        return
    result = add_working_days(day, n)
    assert result > day
    assert is_working_day(result)
    assert working_days_between(day, result) == n
    assert working_days_between(day, result - dt.timedelta(days=1)) == n - 1


@given(start=official_days, end=official_days)
def test_add_and_between_are_inverse(start: dt.date, end: dt.date) -> None:
    """D10: `add_working_days(start, working_days_between(start, end))` is the last working
    day up to `end` (`end` itself when it is a working day)."""
    k = working_days_between(start, end)
    assert k == -working_days_between(end, start)
    if k >= 1:
        back = add_working_days(start, k)
        assert back <= end
        assert working_days_between(back, end) == 0
        assert (back == end) == is_working_day(end)
    else:
        assert end <= start or not any(is_working_day(d) for d in every_day(start, end)[1:])


@given(days=st.lists(official_days, min_size=3, max_size=3))
def test_working_days_between_is_additive(days: list[dt.date]) -> None:
    """D10: counts over (a, b] and (b, c] add up to (a, c], in any order of a, b, c."""
    a, b, c = days
    assert working_days_between(a, b) + working_days_between(b, c) == working_days_between(a, c)


@given(day=official_days, later=st.integers(0, 40), n=steps, more=st.integers(1, 20))
def test_add_working_days_is_monotone(day: dt.date, later: int, n: int, more: int) -> None:
    """D10: a later start never gives an earlier result; more days give a later result."""
    other = day + dt.timedelta(days=later)
    try:
        assert add_working_days(day, n) <= add_working_days(other, n)
        assert add_working_days(day, n) < add_working_days(day, n + more)
    except CalendarNotPublished:
        assert other.year == LAST_OFFICIAL_YEAR or day.year == LAST_OFFICIAL_YEAR


# --- years without a notice ----------------------------------------------------------


@given(
    day=st.dates(D(LAST_OFFICIAL_YEAR + 1, 1, 1), D(9999, 12, 30))
    | st.dates(D(1, 1, 1), D(FIRST_OFFICIAL_YEAR - 1, 12, 30))
)
def test_unpublished_years_raise(day: dt.date) -> None:
    """D10: a date in a year without a published notice raises CalendarNotPublished (a
    LookupError naming the year and how to add it) from every operation."""
    for call in (
        lambda: is_working_day(day),
        lambda: add_working_days(day, 1),
        lambda: working_days_between(day, day + dt.timedelta(days=1)),
    ):
        with pytest.raises(CalendarNotPublished) as caught:
            call()
        error = caught.value
        assert isinstance(error, LookupError)
        assert isinstance(error, IpcompError)
        assert error.year in (day.year, day.year + 1)
        assert str(error.year) in str(error)
        assert "--calendar FILE" in str(error)
        assert "allow_estimate=True" in str(error)
        assert "docs/calendar.md" in str(error)
        assert pickle.loads(pickle.dumps(error)).year == error.year


@given(day=st.dates(D(2101, 1, 1), D(9999, 12, 31)) | st.dates(D(1, 1, 1), D(1999, 12, 31)))
def test_an_estimate_beyond_its_years_raises_even_with_the_opt_in(day: dt.date) -> None:
    """D10: estimates exist for 2000–2100 only; beyond, even an opt-in raises."""
    with pytest.raises(CalendarNotPublished, match="estimates cover 2000–2100 only"):
        is_working_day(day, allow_estimate=True)
    if day.year < 2000:
        with pytest.raises(CalendarNotPublished):
            working_days_between(day, D(2023, 1, 1), allow_estimate=True)
    with pytest.raises(CalendarNotPublished):
        add_working_days(max(day, D(2100, 12, 20)), 10, allow_estimate=True)


def test_the_estimate_is_weekdays_minus_the_statutory_days() -> None:
    """D10: the 2027 estimate is Monday–Friday minus the statutory days of
    全国年节及纪念日放假办法 (as listed in the reference data), with no make-up days."""
    statutory = {
        D.fromisoformat(d)
        for days in DATA["years"]["2027"]["statutory_days_only"].values()
        for d in days
    }
    assert len(statutory) == 13
    days = every_day(D(2027, 1, 1), D(2027, 12, 31))
    estimate = {d for d in days if is_working_day(d, allow_estimate=True)}
    assert estimate == {d for d in days if d.weekday() < 5 and d not in statutory}
    assert add_working_days(D(2026, 12, 18), 10, allow_estimate=True) == D(2027, 1, 4)
    assert working_days_between(D(2026, 12, 18), D(2027, 1, 4), allow_estimate=True) == 10


@pytest.mark.parametrize("year", [2000, 2019, 2050, 2100])
def test_an_estimate_exists_for_every_estimate_year(year: int) -> None:
    """D10: the estimate works at both ends of its range: weekends never work."""
    table = CALENDAR.year_table(year, allow_estimate=True)
    assert 240 <= len(table) <= 262
    assert all(D.fromordinal(o).weekday() < 5 for o in table)
    assert year in ESTIMATE_YEARS


def test_the_estimate_never_replaces_a_published_year() -> None:
    """D10: the opt-in changes nothing where the notice is known."""
    for day in (D(2023, 10, 7), D(2023, 10, 2), D(2020, 2, 1), D(2020, 1, 19)):
        assert is_working_day(day, allow_estimate=True) == is_working_day(day)
    assert add_working_days(D(2023, 9, 28), 10, allow_estimate=True) == D(2023, 10, 18)


@given(start=st.dates(D(2025, 1, 1), D(2028, 12, 31)), end=st.dates(D(2025, 1, 1), D(2028, 12, 31)))
def test_bounds_hold_whatever_the_missing_notice_says(start: dt.date, end: dt.date) -> None:
    """D10: `working_days_bounds` brackets the count under any schedule of the unpublished
    years (the estimate is one) and is exact where every year is published."""
    low, high = working_days_bounds(start, end)
    assert low <= working_days_between(start, end, allow_estimate=True) <= high
    assert working_days_bounds(end, start) == (-high, -low)
    assert 0 <= abs(high - low) <= abs((end - start).days)
    if max(start, end).year <= LAST_OFFICIAL_YEAR:
        assert low == high == working_days_between(start, end)


def test_bounds_worked_example() -> None:
    """D10: from 2026-12-25, 2026 has 4 more working days; of 1–3 January 2027 (no notice
    yet) 1 January is a day off by law, 2–3 January may turn out make-up working days."""
    assert working_days_bounds(D(2026, 12, 25), D(2027, 1, 3)) == (4, 6)
    assert working_days_bounds(D(2027, 1, 3), D(2026, 12, 25)) == (-6, -4)
    assert working_days_bounds(D(2026, 12, 25), D(2026, 12, 31)) == (4, 4)
    assert working_days_bounds(D(2030, 5, 5), D(2030, 5, 5)) == (0, 0)


# --- bad arguments -----------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    ["2023-09-28", 20230928, None, 1.5, dt.datetime(2023, 9, 28), dt.datetime(2023, 9, 28, 8)],
)
def test_non_dates_are_refused(day: Any) -> None:
    """D10: a calendar function refuses anything but a datetime.date — a datetime too —
    with InvalidArgument (a ValueError and an IpcompError)."""
    for call in (
        lambda: is_working_day(day),
        lambda: add_working_days(day, 10),
        lambda: working_days_between(day, D(2023, 1, 1)),
        lambda: working_days_between(D(2023, 1, 1), day),
        lambda: working_days_bounds(day, D(2023, 1, 1)),
        lambda: ipcomp.application_deadline(day),
        lambda: ipcomp.business_year(day),
        lambda: ipcomp.in_force(day),
    ):
        with pytest.raises(InvalidArgument) as caught:
            call()
        assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("n", [0, -1, -(10**9), True, False, 1.0, 10.0, "10", None, 10**0 * 1j])
def test_bad_counts_are_refused(n: Any) -> None:
    """D10: n must be an int >= 1; 0, negatives, bools, floats and strings are refused."""
    with pytest.raises(InvalidArgument, match="n must be an int >= 1"):
        add_working_days(D(2023, 9, 28), n)
    with pytest.raises(InvalidArgument):
        CALENDAR.add_working_days(D(2023, 9, 28), n)


@given(value=bad_values())
def test_malformed_values_raise_only_documented_errors(value: Any) -> None:
    """D10: malformed values in place of a date or a count give InvalidArgument or
    CalendarNotPublished (an old date), never TypeError or a silent answer."""
    for call in (
        lambda: add_working_days(value, 10),
        lambda: add_working_days(D(2023, 9, 28), value),
        lambda: working_days_between(value, value),
        lambda: is_working_day(value, allow_estimate=True),
    ):
        with contextlib.suppress(InvalidArgument, CalendarNotPublished):
            call()


def test_huge_counts_stop_at_the_unknown() -> None:
    """D10: a count longer than the published years raises rather than loops, with or
    without the estimate."""
    with pytest.raises(CalendarNotPublished) as caught:
        add_working_days(D(2023, 1, 1), 10**12)
    assert caught.value.year == 2027
    with pytest.raises(CalendarNotPublished) as caught:
        add_working_days(D(2023, 1, 1), 10**6, allow_estimate=True)
    assert caught.value.year == 2101
    with pytest.raises(CalendarNotPublished):
        add_working_days(D.max, 1, allow_estimate=True)
    assert working_days_between(D.max, D.max) == 0


# --- the Calendar value ------------------------------------------------------------


def test_a_calendar_refuses_malformed_arguments() -> None:
    """D10: a Calendar takes HolidayNotice objects, one per year not already held, and
    builtin as a bool; anything else is refused naming the argument."""
    with pytest.raises(InvalidArgument, match=r"notices\[0\] must be an ipcomp\.HolidayNotice"):
        Calendar([{"year": 2027}])  # type: ignore[list-item]
    with pytest.raises(InvalidArgument, match="notices must be an iterable"):
        Calendar(example_notice(2027))  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="builtin must be True or False"):
        Calendar(builtin=1)  # type: ignore[arg-type]
    with pytest.raises(ipcomp.InvalidNotice, match="already vouches for 2026"):
        Calendar([example_notice(2026)])
    with pytest.raises(ipcomp.InvalidNotice, match=r"notices\[1\]: .*already vouches for 2027"):
        Calendar([example_notice(2027), example_notice(2027)])
    assert Calendar([example_notice(2026)], builtin=False).years == (2026,)
    with pytest.raises(InvalidArgument, match=r"notice must be an ipcomp\.HolidayNotice"):
        CALENDAR.with_notice({"year": 2027})  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="replace must be True or False"):
        CALENDAR.with_notice(example_notice(2027), replace="yes")  # type: ignore[arg-type]


def test_a_calendar_is_an_immutable_hashable_value() -> None:
    """D10: calendars compare by the notices they hold, hash alike when equal, refuse
    changes, and survive pickling (with their recorded changes)."""
    cal = CALENDAR.with_notice(example_notice(2027))
    same = Calendar([example_notice(2027)])
    assert cal == same
    assert hash(cal) == hash(same)
    assert cal is not same
    assert cal != CALENDAR
    assert CALENDAR == Calendar() == Calendar.default()
    assert Calendar(builtin=False) != Calendar()
    assert cal != "Calendar(built-in 2020–2026, entered 2027)"
    assert len({cal, same, CALENDAR, Calendar()}) == 2
    with pytest.raises(AttributeError, match="immutable"):
        cal._entered = ()  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        del cal._builtin
    replaced = cal.with_notice(example_notice(2026), replace=True)
    copy = pickle.loads(pickle.dumps(replaced))
    assert copy == replaced
    assert copy.changes == replaced.changes
    assert copy._span is None
    assert [repr(c) for c in (CALENDAR, cal, Calendar(builtin=False), copy)] == [
        "Calendar(built-in 2020–2026)",
        "Calendar(built-in 2020–2026, entered 2027)",
        "Calendar(no year)",
        "Calendar(built-in 2020–2026, entered 2026, 2027)",
    ]
    assert CALENDAR.builtin
    assert not Calendar(builtin=False).builtin


def test_a_calendar_without_official_years() -> None:
    """D10: with no official year at all, everything goes through the per-year tables."""
    cal = Calendar(builtin=False)
    assert cal.official_years() == frozenset()
    assert cal.span().count == 0
    with pytest.raises(CalendarNotPublished):
        cal.is_working_day(D(2023, 1, 3))
    assert cal.is_working_day(D(2023, 1, 3), allow_estimate=True)
    assert cal.add_working_days(D(2023, 1, 1), 1, allow_estimate=True) == D(2023, 1, 2)
    with pytest.raises(CalendarNotPublished):
        cal.notice(2023)
    with pytest.raises(CalendarNotPublished):
        cal.origin(2023)


# --- laziness and speed --------------------------------------------------------------


def test_import_builds_no_table() -> None:
    """D10: `import ipcomp` neither imports `holidays` nor builds a calendar table."""
    code = (
        "import sys, ipcomp.core.workdays; "
        "assert 'holidays' not in sys.modules; "
        "assert ipcomp.core.workdays.CALENDAR._span is None; "
        "assert not ipcomp.core.workdays.CALENDAR._tables"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_built_in_calendar_never_imports_holidays() -> None:
    """D10, issue 15: a first assessment, deadlines, lateness counts and `calendar show`
    of a built-in year use the shipped notice files only, and an estimate (opt-in) the
    shipped statutory days (I80); `holidays` is imported for a candidate notice only."""
    code = (
        "import sys, datetime as dt; from ipcomp import assess, application_deadline; "
        "from ipcomp.testing import example_claim; "
        "assert assess(example_claim()).eligible; "
        "assert not assess(example_claim(applied_on=dt.date(2023, 10, 20))).eligible; "
        "application_deadline(dt.date(2026, 12, 17)); "
        "from ipcomp.cli import main; main(['calendar', 'show', '2020']); "
        "assert 'holidays' not in sys.modules, 'built-in'; "
        "application_deadline(dt.date(2026, 12, 18), "
        "ipcomp.WEIHAI_2020.derive(calendar_estimate=True)); "
        "assert 'holidays' not in sys.modules, 'estimate'; "
        "from ipcomp.core._holidays import holidays_candidate; holidays_candidate(2026); "
        "assert 'holidays' in sys.modules"
    )
    subprocess.run(
        [sys.executable, "-c", "import ipcomp; " + code], check=True, capture_output=True
    )


def test_a_first_assessment_builds_no_notice_model() -> None:
    """D10, issue 15: a first assessment in a fresh process reads the shipped notices'
    tables and citations without building the notice-file models (nor importing
    `holidays`), and still cites the notice."""
    claim = ipcomp.testing.example_claim().model_dump_json()
    code = (
        "import sys; from ipcomp import assess, Claim; "
        f"a = assess(Claim.model_validate_json({claim!r})); "
        "assert a.calendar[0].number == '国办发明电〔2022〕16号', a.calendar; "
        "assert 'ipcomp.core.notices' not in sys.modules; "
        "assert 'holidays' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- ipcomp.deadlines argument checks --------------------------------------------------


@pytest.mark.parametrize("policy", [None, "WEIHAI_2020", {"application_window": 10}])
def test_deadline_functions_refuse_a_non_policy(policy: Any) -> None:
    """D7, D10, D13: a policy argument that is not a Policy is refused with InvalidArgument."""
    day = D(2023, 9, 28)
    for call in (
        lambda: ipcomp.application_deadline(day, policy),
        lambda: ipcomp.business_year(day, policy),
        lambda: ipcomp.first_business_year(example_bank(), policy),
        lambda: ipcomp.in_force(day, policy),
    ):
        with pytest.raises(InvalidArgument, match=r"ipcomp\.Policy"):
            call()


@pytest.mark.parametrize("bank", [None, "示例银行", {"reported_in_weihai_on": D(2021, 4, 1)}])
def test_first_business_year_refuses_a_non_bank(bank: Any) -> None:
    """D7: the bank argument must be a Bank."""
    with pytest.raises(InvalidArgument, match=r"ipcomp\.Bank"):
        ipcomp.first_business_year(bank)


def test_module_functions_use_the_module_calendar() -> None:
    """D10: the module-level functions and CALENDAR agree, and is_official_year follows
    the official years."""
    assert wd.is_official_year(2026)
    assert not wd.is_official_year(2027)
    assert not wd.is_official_year(2019)
    for year in ("2026", 2026.0, True, None):
        with pytest.raises(InvalidArgument, match="year must be an int"):
            wd.is_official_year(year)  # type: ignore[arg-type]
    day = D(2023, 9, 28)
    assert CALENDAR.add_working_days(day, 10) == add_working_days(day, 10) == D(2023, 10, 18)
    assert CALENDAR.working_days_between(day, D(2023, 10, 18)) == 10


@given(day=st.dates(D(2000, 1, 1), D(2099, 12, 31)))
def test_in_force_is_the_validity_window(day: dt.date) -> None:
    """Art. 14, D13: in force from 2020-08-23 to 2026-08-22, both days included; the window
    is the policy's."""
    assert ipcomp.in_force(day) == (D(2020, 8, 23) <= day <= D(2026, 8, 22))
    for edge, inside in (
        (D(2020, 8, 22), False),
        (D(2020, 8, 23), True),
        (D(2026, 8, 22), True),
        (D(2026, 8, 23), False),
    ):
        assert ipcomp.in_force(edge) == inside
    longer = ipcomp.WEIHAI_2020.derive(effective_until=D(2031, 8, 22))
    assert ipcomp.in_force(D(2030, 1, 1), longer)


# --- fresh calendars, caches and messages (mutation testing: docs/mutation.md) --------


def test_a_fresh_calendar_answers_from_the_notices(
    reference_days: dict[dt.date, bool],
) -> None:
    """D10: a new calendar, with no table built yet, gives the notices' answers from its
    very first query, whichever operation comes first."""
    assert Calendar().add_working_days(D(2023, 9, 28), 10) == D(2023, 10, 18)
    assert Calendar().working_days_between(D(2023, 9, 28), D(2023, 10, 18)) == 10
    assert Calendar().is_working_day(D(2023, 10, 7))  # make-up Saturday
    assert not Calendar().is_working_day(D(2023, 10, 2))
    cal = Calendar()
    for year in OFFICIAL:
        expected = [d.toordinal() for d, w in reference_days.items() if w and d.year == year]
        assert list(cal.year_table(year)) == expected


def test_tables_are_built_once_per_calendar() -> None:
    """D10: a year's table is built on first use and then reused (the same object), for
    built-in, entered and estimated years alike."""
    cal = CALENDAR.with_notice(example_notice(2027))
    for year, estimate in ((2023, False), (2027, False), (2030, True)):
        assert cal.year_table(year, estimate) is cal.year_table(year, estimate)
    assert cal.span() is cal.span()


def test_the_span_covers_exactly_the_official_years() -> None:
    """D10: the one-bisect span runs from 1 January of the first official year to
    31 December of the last and holds every working day between; with no official year
    it holds no day at all."""
    span = Calendar().span()
    assert (span.lo, span.hi) == (FIRST_DAY.toordinal(), LAST_DAY.toordinal())
    assert span.first_day == FIRST_DAY
    assert span.ordinals == [o for y in sorted(OFFICIAL) for o in CALENDAR.year_table(y)]
    assert span.count == len(span.ordinals)
    assert span.members == frozenset(span.ordinals)
    empty = Calendar(builtin=False)
    assert empty.span().lo > empty.span().hi
    assert empty.span().count == 0
    for day in (D(1, 1, 1), D(1, 1, 2)):  # outside every table: refused, not "no"
        with pytest.raises(CalendarNotPublished):
            empty.is_working_day(day, allow_estimate=True)


def test_a_count_ending_on_the_last_working_day_of_a_year_stays_in_that_year() -> None:
    """D10: on the year-by-year path, the n-th working day may be the year's last one
    (29 December 2023, a Friday; 30–31 December and 1 January are days off)."""
    assert SLOW.add_working_days(D(2023, 12, 28), 1) == D(2023, 12, 29)
    assert SLOW.add_working_days(D(2023, 12, 20), 7) == D(2023, 12, 29)
    assert SLOW.add_working_days(D(2023, 12, 28), 2) == D(2024, 1, 2)
    assert Calendar().add_working_days(D(2027, 12, 30), 1, allow_estimate=True) == D(2027, 12, 31)


def test_estimates_are_opt_in_on_every_calendar_method() -> None:
    """D10: without allow_estimate, a calendar method refuses an unpublished year."""
    cal = Calendar()
    with pytest.raises(CalendarNotPublished):
        cal.year_table(2030)
    with pytest.raises(CalendarNotPublished):
        cal.working_days_between(D(2029, 12, 1), D(2030, 1, 10))
    with pytest.raises(CalendarNotPublished):
        cal.add_working_days(D(2026, 12, 20), 30)
    with pytest.raises(CalendarNotPublished):
        cal.is_working_day(D(2030, 1, 2))


_NOT_PUBLISHED = (
    "no official State Council holiday schedule is known for {year}; enter the year's notice "
    "as data (a notice file: --calendar FILE on the command line, "
    "Calendar.default().with_notice(read_notice(FILE)) in Python; see docs/calendar.md) or opt "
    "in to an estimate with allow_estimate=True (Policy.calendar_estimate=True for assessments)"
)


def test_calendar_not_published_names_the_year_and_the_remedies() -> None:
    """D10: CalendarNotPublished names the year and both remedies (an override, the
    opt-in estimate); beyond the estimate's years it says which years an estimate covers."""
    assert str(CalendarNotPublished(2030)) == _NOT_PUBLISHED.format(year=2030)
    with pytest.raises(CalendarNotPublished) as caught:
        Calendar().year_table(2030)
    assert str(caught.value) == _NOT_PUBLISHED.format(year=2030)
    with pytest.raises(CalendarNotPublished) as caught:
        Calendar().year_table(2101, allow_estimate=True)
    assert str(caught.value) == (
        _NOT_PUBLISHED.format(year=2101) + ". estimates cover 2000–2100 only"
    )
    assert caught.value.year == 2101


def test_a_calendar_method_names_what_it_refused() -> None:
    """D10: a datetime (or anything but a date) is refused naming its type and value."""
    with pytest.raises(InvalidArgument) as caught:
        Calendar().is_working_day(dt.datetime(2023, 1, 3))  # type: ignore[arg-type]
    assert str(caught.value) == (
        "expected a datetime.date, not datetime datetime.datetime(2023, 1, 3, 0, 0)"
    )


def test_a_notice_without_days() -> None:
    """D10: a notice with no day off would count 1 January like any weekday (2027-01-01
    is a Friday): every weekday of the year works."""
    bare = example_notice(2027, days_off=[], make_up_workdays=[])
    assert bare.working_ordinals()[0] == D(2027, 1, 1).toordinal()
    assert len(bare.working_ordinals()) == 261  # every weekday of 2027
    cal = CALENDAR.with_notice(bare)
    assert cal.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 1)


def test_a_fresh_estimate_is_weekdays_minus_the_statutory_days() -> None:
    """D10: built afresh, the 2027 estimate is Monday–Friday minus the 13 statutory days of
    全国年节及纪念日放假办法 (the reference data's list), with no make-up days."""
    statutory = {
        D.fromisoformat(d)
        for days in DATA["years"]["2027"]["statutory_days_only"].values()
        for d in days
    }
    days = every_day(D(2027, 1, 1), D(2027, 12, 31))
    expected = [d.toordinal() for d in days if d.weekday() < 5 and d not in statutory]
    assert list(Calendar().year_table(2027, allow_estimate=True)) == expected


def test_bounds_never_count_the_start_day_nor_guess_beyond_the_estimates() -> None:
    """D10: the bounds count the days after the start (a statutory holiday as start day is
    not subtracted again); beyond the estimate years (after 2100) any day, 1 January
    included, may be a working day."""
    assert working_days_bounds(D(2027, 1, 1), D(2027, 1, 4)) == (0, 3)
    assert working_days_bounds(D(2100, 12, 31), D(2101, 1, 3)) == (0, 3)
    assert working_days_bounds(D(2101, 1, 1), D(2101, 1, 3)) == (0, 2)


def test_the_module_functions_build_the_calendar_on_first_use() -> None:
    """D10: with a calendar that has built nothing yet, the module functions answer from
    the notices (building the span on first use), on the hot path too."""
    cal = Calendar()
    assert add_working_days(D(2023, 9, 28), 10, calendar=cal) == D(2023, 10, 18)
    assert cal._span is not None
    assert working_days_between(D(2023, 9, 28), D(2023, 10, 18), calendar=Calendar()) == 10
    assert is_working_day(D(2023, 10, 7), calendar=Calendar())
    entered = CALENDAR.with_notice(example_notice(2027))
    assert add_working_days(D(2026, 12, 18), 10, calendar=entered) == D(2027, 1, 4)
    assert entered._span is not None
    assert entered._span.hi == D(2027, 12, 31).toordinal()


def test_calendar_not_published_keeps_its_whole_message_through_pickle() -> None:
    """D10: CalendarNotPublished keeps its year and its detail through pickle (portfolios
    are assessed in worker processes), so the message is the same on the other side."""
    with pytest.raises(CalendarNotPublished) as caught:
        Calendar().year_table(2101, allow_estimate=True)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.year, copy.detail, str(copy)) == (2101, caught.value.detail, str(caught.value))
    assert copy.detail == "estimates cover 2000–2100 only"
    assert CalendarNotPublished(2030).detail == ""
