"""Rules of the calendar (``ipcomp.core.workdays``) stated in full: the refusals and
their whole messages, the notices a span of days rests on, what a replacement records,
and the citations of the shipped notices, each checked on fresh objects so that code
cached by the module-level calendar runs again (D10; Art. 8(3)).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ipcomp import CalendarNotPublished, InvalidArgument, InvalidNotice
from ipcomp.core import workdays as wd
from ipcomp.core.noticeref import NoticeRef
from ipcomp.core.notices import HolidayNotice
from ipcomp.core.workdays import Calendar, as_calendar, builtin_notice
from ipcomp.testing import example_notice

D = dt.date

VOUCHED_2026 = (
    "the calendar already vouches for 2026 (built-in); to replace its notice, enter "
    "it with replace=True (command line: --calendar-replace, or calendar check "
    "--replace), which records what changed"
)


def test_a_notice_for_a_built_in_year_is_refused_in_full() -> None:
    """D10: a year already vouched for is not entered twice; the refusal says how to
    replace it."""
    with pytest.raises(InvalidNotice) as caught:
        Calendar([example_notice(2027), builtin_notice(2026)])
    assert str(caught.value) == f"notices[1]: {VOUCHED_2026}"
    with pytest.raises(InvalidNotice) as caught:
        Calendar().with_notice(builtin_notice(2026))
    assert caught.value.source == "notice"
    assert caught.value.reasons == (VOUCHED_2026,)
    assert str(caught.value) == f"notice: {VOUCHED_2026}"


def test_replacing_a_year_the_calendar_does_not_hold_is_refused_in_full() -> None:
    """D10: ``replace=True`` needs a notice to replace."""
    with pytest.raises(InvalidNotice) as caught:
        Calendar().with_notice(example_notice(2027), replace=True)
    assert caught.value.source == "notice"
    assert str(caught.value) == (
        "notice: the calendar does not vouch for 2027: there is nothing to replace; "
        "enter the notice without replace (--calendar)"
    )


def test_notices_must_be_an_iterable_of_holiday_notices() -> None:
    with pytest.raises(InvalidArgument) as caught:
        Calendar(5)  # type: ignore[arg-type]
    assert str(caught.value) == "notices must be an iterable of ipcomp.HolidayNotice, not int"
    with pytest.raises(InvalidArgument) as caught:
        Calendar(example_notice(2027))  # type: ignore[arg-type]
    assert str(caught.value) == (
        "notices must be an iterable of ipcomp.HolidayNotice, not HolidayNotice"
    )


def test_a_fresh_calendar_has_no_changes_and_cannot_lose_attributes() -> None:
    calendar = Calendar()
    assert calendar.changes == ()
    assert Calendar([example_notice(2027)]).changes == ()
    with pytest.raises(AttributeError) as caught:
        del calendar._span
    assert str(caught.value) == "a Calendar is immutable"


def test_a_year_not_held_is_named_by_origin_and_notice() -> None:
    """D10: asking for the notice of an unpublished year names the year."""
    calendar = Calendar()
    for ask in (calendar.origin, calendar.notice):
        with pytest.raises(CalendarNotPublished) as caught:
            ask(2027)
        assert caught.value.year == 2027
        assert str(caught.value) == str(CalendarNotPublished(2027))
        assert "2027" in str(caught.value)


def test_the_notice_of_a_built_in_year_is_the_shipped_one() -> None:
    calendar = Calendar()
    assert calendar.notice(2023) == builtin_notice(2023)
    assert calendar.notice(2023).citation() == "国办发明电〔2022〕16号"
    assert Calendar([example_notice(2027)]).notice(2027) == example_notice(2027)


def test_as_calendar_names_what_it_refused_and_what_to_do() -> None:
    for value, kind in ((5, "int"), (None, "NoneType"), ("2027.json", "str")):
        with pytest.raises(InvalidArgument) as caught:
            as_calendar(value)
        assert str(caught.value) == (
            f"calendar must be an ipcomp.Calendar, not {kind} "
            "(for more years: Calendar.default().with_notice(read_notice(path)))"
        )


def _refs(calendar: Calendar, start: dt.date, end: dt.date, **kw: Any) -> list[str]:
    return [f"{r.year} {r.origin}" for r in calendar.notices_between(start, end, **kw)]


def test_notices_between_names_one_notice_per_year_of_the_days_after_start() -> None:
    """D10: the days (start, end] rest on the notices of their years; a count from
    31 December starts in the next year; an empty span rests on nothing; estimated
    years are named only when asked for."""
    calendar = Calendar()
    assert _refs(calendar, D(2023, 3, 1), D(2023, 3, 1)) == []
    assert _refs(calendar, D(2023, 3, 2), D(2023, 3, 1)) == []
    assert _refs(calendar, D(2022, 12, 31), D(2023, 1, 5)) == ["2023 built-in"]
    assert _refs(calendar, D(2022, 12, 30), D(2023, 1, 5)) == ["2022 built-in", "2023 built-in"]
    assert _refs(calendar, D(2024, 1, 5), D(2024, 2, 1)) == ["2024 built-in"]
    assert _refs(calendar, D(2026, 12, 1), D(2027, 1, 10)) == ["2026 built-in"]
    assert _refs(calendar, D(2026, 12, 1), D(2028, 1, 10), estimated=True) == [
        "2026 built-in",
        "2027 estimate",
        "2028 estimate",
    ]
    # asked twice, the same answer (the second from the calendar's cache)
    assert _refs(calendar, D(2026, 12, 1), D(2028, 1, 10), estimated=True) == [
        "2026 built-in",
        "2027 estimate",
        "2028 estimate",
    ]
    assert calendar.notices_between(D(2026, 12, 1), D(2027, 1, 10), estimated=True)[1] == (
        NoticeRef(year=2027, origin="estimate")
    )


def test_a_replacement_records_every_day_now_off_and_now_working() -> None:
    """D10: replacing a year's notice records what changed, day by day."""
    data = builtin_notice(2026).model_dump(mode="json")
    data["make_up_workdays"] = [
        d for d in data["make_up_workdays"] if d not in {"2026-01-04", "2026-02-14"}
    ]
    data["days_off"] = [d for d in data["days_off"] if d != "2026-01-02"]
    data["notice"] = {"number": "替换〔2026〕1号", "date": "2025-12-01", "title": "替换"}
    data["sources"] = []
    data["note"] = None
    notice = HolidayNotice.model_validate(data)
    calendar = Calendar().with_notice(notice, replace=True)
    (change,) = calendar.changes
    assert change.now_off == (D(2026, 1, 4), D(2026, 2, 14))
    assert change.now_working == (D(2026, 1, 2),)
    assert str(change) == (
        f"{change.replaced} replaced by {change.by}; now days off: "
        "2026-01-04, 2026-02-14; now working days: 2026-01-02"
    )


def test_an_amendment_is_cited_by_number_or_else_by_title_and_date() -> None:
    """D10: results cite the amendments of a year's notice."""
    assert wd._citation({"number": "国办发明电〔2023〕7号", "title": "t", "date": "d"}) == (
        "国办发明电〔2023〕7号"
    )
    assert wd._citation({"number": None, "title": "关于调整的通知", "date": "2023-08-01"}) == (
        "关于调整的通知（2023-08-01）"
    )
    assert wd._builtin_ref.__wrapped__(2023).amended_by == ("国办发明电〔2023〕7号",)


def test_a_shipped_table_is_read_from_its_file_afresh() -> None:
    """The shipped tables, rebuilt without the cache, are the notices' working days."""
    for year in wd.BUILTIN_YEARS:
        assert wd._builtin_table.__wrapped__(year) == builtin_notice(year).working_ordinals()
