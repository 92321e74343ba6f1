"""Holiday notices as data (``ipcomp.core.notices``) and calendars with entered notices
(Art. 8(3), D10; issue 11).

Oracles: the shared reference data (``tests/data/cn_workdays_2020_2027.json``) for the
notice files shipped with ipcomp, and a day-by-day count over the notice's own lists for
entered notices.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import ipcomp
from ipcomp import (
    WEIHAI_2020,
    Calendar,
    CalendarNotPublished,
    HolidayNotice,
    InvalidNotice,
    add_working_days,
    application_deadline,
    assess,
    check_claim,
    is_working_day,
    read_notice,
    report_due_dates,
    working_days_between,
    working_days_bounds,
)
from ipcomp.core.notices import (
    NOTICE_KEYS,
    NoticeCitation,
    NoticeRef,
    notice_json_schema,
    parse_notice,
)
from ipcomp.core.workdays import (
    _NOTICE_FILES,
    BUILTIN_YEARS,
    CALENDAR,
    _builtin_ref,
    _builtin_table,
    builtin_notice,
)
from ipcomp.testing import example_claim, example_loan, example_notice, holiday_notices

D = dt.date
Y2027 = [D(2027, 1, 1) + dt.timedelta(days=i) for i in range(365)]


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [D.fromordinal(o) for o in range(first.toordinal(), last.toordinal() + 1)]


def notice_data(**changes: Any) -> dict[str, Any]:
    """A valid notice file's content for 2027 (fictitious), with changes."""
    data: dict[str, Any] = {
        "year": 2027,
        "notice": {"number": "虚构〔2026〕1号", "date": "2026-11-10", "title": "虚构的通知"},
        "days_off": ["2027-01-01", "2027-01-02", "2027-01-03"],
        "make_up_workdays": ["2027-02-20"],
    }
    return {**data, **changes}


def reasons_of(data: object, tmp_path: Path) -> tuple[str, ...]:
    """The reasons ``read_notice`` gives for a file holding ``data`` as JSON."""
    path = tmp_path / "notice.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidNotice) as caught:
        read_notice(path)
    assert caught.value.source == str(path)
    assert str(caught.value).startswith(f"{path}: ")
    return caught.value.reasons


# --- the shipped notices ------------------------------------------------------------


def test_the_shipped_notices_reproduce_the_reference_day_for_day(
    reference_days: dict[dt.date, bool], reference_data: dict[str, Any]
) -> None:
    """D10: the notice files shipped for 2020–2026, amendments applied, give exactly the
    reference data's days off and make-up days, and so every one of its 2,557 days."""
    assert [int(p.stem) for p in sorted(_NOTICE_FILES.glob("*.json"))] == list(BUILTIN_YEARS)
    checked = 0
    for year in BUILTIN_YEARS:
        notice = builtin_notice(year)
        entry = reference_data["years"][str(year)]
        off, working = notice.resolved()
        assert off == {D.fromisoformat(d) for d in entry["holidays"]}, year
        assert working == {D.fromisoformat(d) for d in entry["makeup_workdays"]}, year
        ordinals = set(notice.working_ordinals())
        for day in days(D(year, 1, 1), D(year, 12, 31)):
            assert (day.toordinal() in ordinals) == reference_days[day], day
            checked += 1
    assert checked == 2557


def test_the_shipped_notices_cite_the_reference_sources(reference_data: dict[str, Any]) -> None:
    """D10 (I29, I31): each shipped notice cites the notice of the reference data (number,
    date, gov.cn address; the 2026 number null); the days a later notice set (the 2020 extension, the next year's
    New Year blocks starting in December) are amendments citing that notice."""
    numbers = {}
    for year in BUILTIN_YEARS:
        notice = builtin_notice(year)
        source = reference_data["years"][str(year)]["source"]
        assert notice.notice.title == f"国务院办公厅关于{year}年部分节假日安排的通知"
        assert notice.notice.title in source["title"]
        assert notice.notice.date.isoformat() in source["title"]
        assert notice.notice.number is None or notice.notice.number in source["title"]
        assert notice.notice.url == source["gov_cn_urls"][0]
        numbers[year] = notice.notice.number
        spill = {
            d
            for b in reference_data["years"][str(year)]["blocks"]
            if b["notice_year"] != year
            for d in days(D.fromisoformat(b["start"]), D.fromisoformat(b["end"]))
            if d.year == year
        }
        later = {d for a in notice.amendments if a.notice.date.year >= year for d in a.days_off}
        assert spill <= later
    assert numbers[2026] is None  # the published text shows no number (decision I31)
    (ext,) = builtin_notice(2020).amendments
    assert ext.notice.number == "国办发明电〔2020〕1号"
    assert ext.days_off == (D(2020, 1, 31), D(2020, 2, 1), D(2020, 2, 2))
    assert D(2020, 2, 1) in builtin_notice(2020).make_up_workdays  # cancelled by it
    (a2022,) = builtin_notice(2022).amendments
    assert (a2022.notice.number, a2022.days_off) == (numbers[2023], (D(2022, 12, 31),))
    (a2023,) = builtin_notice(2023).amendments
    assert (a2023.notice.number, a2023.days_off) == (
        numbers[2024],
        (D(2023, 12, 30), D(2023, 12, 31)),
    )
    assert CALENDAR.ref(2020).amended_by == ("国办发明电〔2020〕1号",)


def test_the_shipped_files_are_canonical() -> None:
    """D10: each shipped file is exactly what its notice writes back (sorted days, no
    unset keys), so files and models round-trip; the tables and citations read straight
    from the files (without the model, for a fast first result) are the validated
    notice's."""
    for year in BUILTIN_YEARS:
        path = _NOTICE_FILES / f"{year}.json"
        notice = read_notice(path)
        assert path.read_text(encoding="utf-8") == notice.to_json()
        assert HolidayNotice.model_validate_json(notice.to_json()) == notice
        assert builtin_notice(year) == notice
        assert _builtin_table(year) == notice.working_ordinals()
        assert _builtin_ref(year) == notice.ref("built-in") == CALENDAR.ref(year)
        assert NoticeRef.model_validate(_builtin_ref(year).model_dump()) == _builtin_ref(year)


def test_the_schema_describes_the_shipped_files() -> None:
    """D10: the notice JSON Schema (ipcomp schema --notice) accepts every shipped file and
    the fictitious example, names exactly the allowed keys and refuses others."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = notice_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["properties"]) == set(NOTICE_KEYS)
    assert schema["additionalProperties"] is False
    validator = jsonschema.Draft202012Validator(schema)
    for year in BUILTIN_YEARS:
        validator.validate(json.loads((_NOTICE_FILES / f"{year}.json").read_text("utf-8")))
    validator.validate(json.loads(example_notice().to_json()))
    assert not validator.is_valid({**notice_data(), "make_up_workday": []})


# --- validation: each rule names the date ------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"days_off": ["2026-12-31", "2027-01-01"]},
            [
                "days_off[0]: 2026-12-31 is outside 2027: a notice file holds the days of its own year"
            ],
        ),
        (
            {"make_up_workdays": ["2028-01-01"]},
            ["make_up_workdays[0]: 2028-01-01 is outside 2027"],
        ),
        (
            {"make_up_workdays": ["2027-02-15"]},
            [
                "make_up_workdays[0]: 2027-02-15 is a Monday: a make-up working day (调休上班) is a Saturday or Sunday"
            ],
        ),
        (
            {"days_off": ["2027-02-20"]},
            ["make_up_workdays[0]: 2027-02-20 is both off and worked (also days_off[0])"],
        ),
        (
            {"days_off": ["2027-10-03", "2027-10-04", "2027-10-03"]},
            ["days_off[2]: 2027-10-03 is listed twice (also days_off[0])"],
        ),
        (
            {"make_up_workdays": ["2027-02-20", "2027-02-20"]},
            ["make_up_workdays[1]: 2027-02-20 is listed twice (also make_up_workdays[0])"],
        ),
        (
            {
                "amendments": [
                    {
                        "notice": {"number": "M", "date": "2027-01-20", "title": "t"},
                        "days_off": ["2027-01-02", "2027-02-20", "2027-02-22"],
                        "make_up_workdays": ["2027-02-27", "2027-02-22"],
                    }
                ]
            },
            [
                "amendments[0].make_up_workdays[1]: 2027-02-22 is a Monday",
                "amendments[0].make_up_workdays[1]: 2027-02-22 is both off and worked (also amendments[0].days_off[2])",
                "amendments[0].days_off[0]: 2027-01-02 is a day off already: an amendment lists only the days it changes",
            ],
        ),
        (
            {
                "amendments": [
                    {
                        "notice": {"number": "M", "date": "2027-01-20", "title": "t"},
                        "make_up_workdays": ["2027-02-20"],
                    },
                    {"notice": {"number": "M2", "date": "2027-01-21", "title": "t"}},
                ]
            },
            [
                "amendments[0].make_up_workdays[0]: 2027-02-20 is a make-up working day already",
                "amendments[1]: an amendment lists at least one day it changes",
            ],
        ),
        ({"unreviewed": "candidate"}, ["unreviewed: an unreviewed candidate: check every day"]),
        (
            {"make_up_workday": ["2027-02-20"]},
            ["make_up_workday: unknown key (a typo? allowed keys: $schema, $comment, year"],
        ),
        (
            {"notice": {"number": None, "date": "2026-11-10", "title": "t", "no": 1}},
            ["notice.no: unknown key (a typo? allowed keys: see the schema)"],
        ),
        (
            {"days_off": ["2027-1-1"]},
            ["days_off[0]: Value error, '2027-1-1' is not an ISO date (YYYY-MM-DD)"],
        ),
        ({"days_off": [20270101]}, ["days_off[0]: Value error, 20270101 is not a date"]),
        ({"year": "2027"}, ["year: Input should be a valid integer"]),
        ({"year": 2100}, ["year: Input should be less than or equal to 2099"]),
        ({"notice": {"date": "2026-11-10", "title": "t"}}, ["notice.number: missing (required)"]),
    ],
)
def test_a_bad_notice_file_is_refused_naming_the_date(
    tmp_path: Path, changes: dict[str, Any], expected: list[str]
) -> None:
    """D10 (I29, I30): a notice file is checked: dates in its year, make-up days on weekends, no day
    both off and worked, no date listed twice, amendments listing only what they change,
    no unreviewed candidate, no unknown key, ISO dates; every reason names the key and
    the offending date."""
    reasons = reasons_of(notice_data(**changes), tmp_path)
    assert len(reasons) == len(expected)
    for reason, start in zip(sorted(reasons), sorted(expected), strict=True):
        assert reason.startswith(start), (reason, start)
    with pytest.raises(ValidationError):
        HolidayNotice.model_validate(notice_data(**changes))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    """D10: a file with several problems gets all of them, not only the first."""
    reasons = reasons_of(
        notice_data(
            days_off=["2026-12-31", "2027-10-03", "2027-10-03"], make_up_workdays=["2027-03-01"]
        ),
        tmp_path,
    )
    assert len(reasons) == 3
    assert {r.split(":")[0] for r in reasons} == {
        "days_off[0]",
        "days_off[2]",
        "make_up_workdays[0]",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{", "not JSON: Expecting property name"),
        ("[]", "a notice file holds one JSON object"),
        ('{"year": 2027, "year": 2028}', "not JSON: the key(s) 'year' appear twice in one object"),
        ("[" * 100_000, "not JSON: nested too deeply"),
    ],
)
def test_a_file_that_is_not_a_notice_object_is_refused(
    tmp_path: Path, text: str, expected: str
) -> None:
    """D10 (I30): a file that is not one JSON object, or repeats a key (so that one list of
    days would silently replace another), is refused."""
    (reason,) = reasons_of(text, tmp_path)
    assert reason.startswith(expected)


def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    """D10: a missing file or one that is not UTF-8 is refused with the reason."""
    with pytest.raises(InvalidNotice, match="cannot read it: No such file"):
        read_notice(tmp_path / "missing.json")
    path = tmp_path / "gbk.json"
    path.write_bytes('{"note": "节假日安排"}'.encode("gb18030"))
    with pytest.raises(InvalidNotice, match="not UTF-8 text"):
        read_notice(path)
    assert parse_notice(json.loads(example_notice().to_json())) == example_notice()
    reviewed = parse_notice({**notice_data(), "unreviewed": None})  # the mark deleted
    assert reviewed.unreviewed is None
    with pytest.raises(InvalidNotice) as caught:
        read_notice(tmp_path / "missing.json")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.source, copy.reasons, str(copy)) == (
        caught.value.source,
        caught.value.reasons,
        str(caught.value),
    )


def test_the_day_lists_are_kept_sorted_and_the_model_is_frozen() -> None:
    """D10 (I30): the same days in another order are the same notice; notices are immutable,
    hashable values."""
    one = HolidayNotice.model_validate(notice_data(days_off=["2027-01-03", "2027-01-01"]))
    two = HolidayNotice.model_validate(notice_data(days_off=["2027-01-01", "2027-01-03"]))
    assert one == two
    assert hash(one) == hash(two)
    assert one.days_off == (D(2027, 1, 1), D(2027, 1, 3))
    with pytest.raises(ValidationError):
        one.year = 2028  # type: ignore[misc]
    assert (
        NoticeCitation(number=None, date=D(2025, 11, 4), title="t").citation() == "t（2025-11-04）"
    )


def test_an_amendment_given_as_a_model_is_not_changed() -> None:
    """D10: sorting an amendment's days makes a copy; the caller's object stays as given."""
    amendment = ipcomp.NoticeAmendment.model_validate(
        {
            "notice": {"number": "M", "date": "2027-01-20", "title": "t"},
            "days_off": ["2027-03-02", "2027-03-01"],
        }
    )
    notice = HolidayNotice.model_validate({**notice_data(), "amendments": [amendment]})
    assert notice.amendments[0].days_off == (D(2027, 3, 1), D(2027, 3, 2))
    assert amendment.days_off == (D(2027, 3, 2), D(2027, 3, 1))


# --- calendars with entered notices -------------------------------------------------------


def oracle(notice: HolidayNotice) -> dict[dt.date, bool]:
    """Every day of the notice's year: a working day by the notice's own lists."""
    off, working = notice.resolved()
    return {
        d: (d.weekday() < 5 or d in working) and d not in off
        for d in days(D(notice.year, 1, 1), D(notice.year, 12, 31))
    }


@given(notice=holiday_notices(2027), start=st.sampled_from(Y2027), n=st.integers(1, 30))
def test_every_function_agrees_with_an_entered_notice(
    notice: HolidayNotice, start: dt.date, n: int
) -> None:
    """D10: with a notice entered for 2027, every calendar function agrees with the
    notice's own days, and the application deadline is the 10th of them."""
    cal = CALENDAR.with_notice(notice)
    truth = oracle(notice)
    assert all(is_working_day(d, calendar=cal) == w for d, w in truth.items())
    assert cal.year_table(2027) == tuple(d.toordinal() for d, w in truth.items() if w)
    later = [d for d, w in truth.items() if w and d > start]
    if len(later) >= n:
        assert add_working_days(start, n, calendar=cal) == later[n - 1]
        assert cal.add_working_days(start, n) == later[n - 1]
    else:
        with pytest.raises(CalendarNotPublished, match="2028"):
            add_working_days(start, n, calendar=cal)
    end = start + dt.timedelta(days=n)
    if end.year == 2027:
        expected = sum(truth[d] for d in days(start + dt.timedelta(days=1), end))
        assert working_days_between(start, end, calendar=cal) == expected
        assert working_days_bounds(start, end, calendar=cal) == (expected, expected)
    recognized = D(2026, 12, 18)  # 9 working days left in 2026: the 10th is in 2027
    december = [d for d in days(D(2026, 12, 19), D(2026, 12, 31)) if is_working_day(d)]
    assert len(december) == 9
    first = next(d for d, w in truth.items() if w)
    assert application_deadline(recognized, calendar=cal) == first


@given(
    notice=holiday_notices(2027),
    day=st.dates(D(2019, 12, 31), D(2026, 12, 31)),
    n=st.integers(1, 60),
)
def test_a_notice_for_a_year_changes_no_earlier_year(
    notice: HolidayNotice, day: dt.date, n: int
) -> None:
    """D10 (I29): entering a notice for 2027 leaves every earlier day as the built-in calendar
    has it, and every count that stays before 2027."""
    cal = CALENDAR.with_notice(notice)
    if day.year >= 2020:
        assert is_working_day(day, calendar=cal) == is_working_day(day)
    for year in BUILTIN_YEARS:
        assert cal.year_table(year) == CALENDAR.year_table(year)
    try:
        expected = add_working_days(day, n)
    except CalendarNotPublished:
        assert add_working_days(day, n, calendar=cal).year == 2027
    else:
        assert add_working_days(day, n, calendar=cal) == expected
    end = min(day + dt.timedelta(days=n), D(2026, 12, 31))
    assert working_days_between(day, end, calendar=cal) == working_days_between(day, end)


@given(notice=holiday_notices(2027), note=st.text(min_size=1, max_size=20))
def test_replacing_a_notice_with_the_same_days_changes_nothing(
    notice: HolidayNotice, note: str
) -> None:
    """D10 (I32): entering a notice and then replacing it with itself is a no-op (the same
    calendar); replacing it with the same days under another note records a change with
    no day in it and gives the same results."""
    cal = CALENDAR.with_notice(notice)
    assert cal.with_notice(notice, replace=True) is cal
    other = notice.model_copy(update={"note": note})
    again = cal.with_notice(other, replace=True)
    (change,) = again.changes
    assert (change.now_off, change.now_working) == ((), ())
    assert again.year_table(2027) == cal.year_table(2027)
    claim = example_claim(recognized_on=D(2026, 12, 20), applied_on=D(2026, 12, 28))
    one, two = assess(claim, calendar=cal), assess(claim, calendar=again)
    assert (one.eligible, one.deadline, one.codes) == (two.eligible, two.deadline, two.codes)


@given(notice=holiday_notices(2027))
def test_the_default_calendar_is_untouched_by_any_other(notice: HolidayNotice) -> None:
    """D10: using a calendar with an entered notice changes nothing global: the default
    calendar still refuses 2027 and equals a fresh one."""
    cal = CALENDAR.with_notice(notice)
    with_entered = assess(
        example_claim(recognized_on=D(2026, 12, 18), applied_on=D(2026, 12, 21)), calendar=cal
    )
    assert with_entered.calendar[-1].origin == "entered"
    assert not ipcomp.is_official_year(2027)
    assert Calendar() == CALENDAR
    assert CALENDAR.entered == ()
    with pytest.raises(CalendarNotPublished):
        application_deadline(D(2026, 12, 18))
    assert CALENDAR.span().hi == D(2026, 12, 31).toordinal()


def test_replacing_a_year_records_what_changed() -> None:
    """D10 (I32): replacing a built-in year's notice is explicit and recorded: which notice
    replaced which, the days now off and now working; without replace=True it is
    refused, and replace=True on a year not held is refused too."""
    old = builtin_notice(2026)
    new = old.model_copy(
        update={
            "days_off": (*old.days_off, D(2026, 12, 31)),
            "make_up_workdays": tuple(d for d in old.make_up_workdays if d != D(2026, 10, 10)),
            "notice": old.notice.model_copy(update={"number": "国办发明电〔2025〕7号"}),
        }
    )
    with pytest.raises(InvalidNotice, match="already vouches for 2026 \\(built-in\\)"):
        CALENDAR.with_notice(new)
    cal = CALENDAR.with_notice(new, replace=True)
    (change,) = cal.changes
    assert change.year == 2026
    assert change.replaced == CALENDAR.ref(2026)
    assert change.by.number == "国办发明电〔2025〕7号"
    assert change.by.origin == "entered"
    assert change.now_off == (D(2026, 10, 10), D(2026, 12, 31))  # make-up day dropped, day added
    assert change.now_working == ()
    assert "now days off: " in str(change)
    assert "now working days: none" in str(change)
    assert cal.origin(2026) == "entered"
    assert cal.ref(2026).number == "国办发明电〔2025〕7号"
    assert not is_working_day(D(2026, 12, 31), calendar=cal)
    with pytest.raises(InvalidNotice, match="nothing to replace"):
        CALENDAR.with_notice(example_notice(2027), replace=True)
    twice = cal.with_notice(example_notice(2026), replace=True)
    assert [c.replaced.origin for c in twice.changes] == ["built-in", "entered"]
    with pytest.raises(InvalidNotice, match="already vouches for 2026 \\(entered\\)"):
        cal.with_notice(example_notice(2026))


# --- results cite their notices -----------------------------------------------------------


def claim(recognized: dt.date, applied: dt.date | None) -> Any:
    loan = example_loan(disbursed_on=D(2022, 5, 20))
    return example_claim(loan=loan, recognized_on=recognized, applied_on=applied)


def test_an_assessment_cites_the_notices_its_deadline_rests_on() -> None:
    """D10 (I33): an assessment names, year by year, the notices its deadline (and lateness
    count) rest on: built-in ones by default; an entered 2027 notice is cited as entered
    and noted with the non-blocking NOTE_CALENDAR_ENTERED; JSON round trip keeps them."""
    a = assess(claim(D(2023, 9, 28), D(2023, 10, 12)))
    (ref,) = a.calendar
    assert (ref.year, ref.origin, ref.number) == (2023, "built-in", "国办发明电〔2022〕16号")
    assert ipcomp.Code.NOTE_CALENDAR_ENTERED not in a.codes
    cal = CALENDAR.with_notice(example_notice(2027))
    b = assess(claim(D(2026, 12, 18), D(2027, 1, 4)), calendar=cal)
    assert b.deadline == D(2027, 1, 4)
    assert [(r.year, r.origin) for r in b.calendar] == [(2026, "built-in"), (2027, "entered")]
    assert ipcomp.Code.NOTE_CALENDAR_ENTERED in b.codes
    note = next(f for f in b.findings if f.code == ipcomp.Code.NOTE_CALENDAR_ENTERED)
    assert not note.blocking
    assert note.article == "Art. 8(3)"
    assert "2027 (示例〔2026〕1号)" in note.message_en
    assert "2027年（示例〔2026〕1号）" in note.message_zh
    assert "on entered notices: 2027 示例〔2026〕1号" in str(b)
    assert ipcomp.Assessment.model_validate_json(b.model_dump_json()) == b
    assert b.eligible == assess(claim(D(2026, 12, 17), D(2026, 12, 31))).eligible
    # a late application counted on the entered year cites it too
    late = assess(claim(D(2026, 12, 17), D(2027, 1, 5)), calendar=cal)
    assert [r.year for r in late.calendar] == [2026, 2027]
    assert "2 working day(s) late" in str(late)
    # the same claim on the built-in calendar: 2027 cannot be counted, not cited
    plain = assess(claim(D(2026, 12, 17), D(2027, 1, 5)))
    assert [r.year for r in plain.calendar] == [2026]
    assert "5 calendar day(s) late" in str(plain)


def test_an_estimate_is_cited_as_an_estimate() -> None:
    """D10 (I33): with the opt-in estimate the estimated year is cited with origin "estimate",
    never as a notice."""
    estimate = WEIHAI_2020.derive(calendar_estimate=True)
    a = assess(claim(D(2026, 12, 18), D(2027, 1, 4)), estimate)
    assert [(r.year, r.origin, r.number) for r in a.calendar] == [
        (2026, "built-in", None),
        (2027, "estimate", None),
    ]
    assert str(a.calendar[1]) == "2027: estimate (weekdays minus the statutory days, no notice)"
    assert str(a.calendar[0]) == "2026: notice of 2025-11-04 (built-in)"
    assert ipcomp.Code.NOTE_CALENDAR_ENTERED not in a.codes
    entered = CALENDAR.with_notice(example_notice(2027))
    b = assess(claim(D(2026, 12, 18), D(2027, 1, 4)), estimate, calendar=entered)
    assert [r.origin for r in b.calendar] == ["built-in", "entered"]
    assert not b.deadline_estimated


def test_a_deadline_not_yet_known_cites_the_known_years_only() -> None:
    """D10, D11 (I33): when the deadline falls in an unpublished year, the result cites the
    published years the known days came from (none when none was reached)."""
    not_applied = assess(claim(D(2026, 12, 18), None))
    assert not_applied.deadline is None
    assert [r.year for r in not_applied.calendar] == [2026]
    unknown = assess(claim(D(2026, 12, 18), D(2027, 1, 3)))
    assert ipcomp.Code.CLAIM_DEADLINE_UNKNOWN in unknown.codes
    assert [r.year for r in unknown.calendar] == [2026]
    same_day = assess(claim(D(2026, 12, 20), D(2026, 12, 20)))
    assert same_day.calendar == ()
    assert assess(claim(D(2026, 12, 31), None)).calendar == ()
    assert assess(example_claim(recognized_on=None, applied_on=None)).calendar == ()


def test_every_function_takes_the_calendar() -> None:
    """D10: every function that counts dates takes calendar= (default the built-in one)."""
    cal = CALENDAR.with_notice(example_notice(2027))
    day = D(2027, 1, 4)
    assert report_due_dates(2027, roll="preceding", calendar=cal) == (
        D(2027, 6, 30),
        D(2027, 11, 30),
    )
    assert check_claim(claim(D(2026, 12, 18), day), calendar=cal).eligible
    assessed = ipcomp.assess_many([claim(D(2026, 12, 18), day)], calendar=cal)
    assert [x.deadline for x in assessed] == [day]
    assert ipcomp.is_official_year(2027, calendar=cal)


@pytest.mark.parametrize("bad", [None, "2027.json", {2027: "notice"}, example_notice()])
def test_every_function_refuses_a_calendar_of_the_wrong_type(bad: Any) -> None:
    """D10: anything but a Calendar as calendar= is refused with InvalidArgument naming
    the argument, never a TypeError or a silent default."""
    day = D(2027, 1, 4)
    for call in (
        lambda: ipcomp.is_official_year(2027, calendar=bad),
        lambda: is_working_day(day, calendar=bad),
        lambda: add_working_days(day, 1, calendar=bad),
        lambda: working_days_between(day, day, calendar=bad),
        lambda: working_days_bounds(day, day, calendar=bad),
        lambda: application_deadline(day, calendar=bad),
        lambda: report_due_dates(2027, calendar=bad),
        lambda: check_claim(example_claim(), calendar=bad),
        lambda: assess(example_claim(), calendar=bad),
        lambda: ipcomp.assess_many([example_claim()], calendar=bad),
    ):
        with pytest.raises(ipcomp.InvalidArgument, match=r"calendar must be an ipcomp\.Calendar"):
            call()
