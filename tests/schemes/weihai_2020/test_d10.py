"""D10 — counting 10 working days (Art. 8(3), 民法典 Art. 201).

The deadline is the 10th working day after the day of recognition, that day not counted;
working days follow the State Council's notices; a year without a notice is refused
unless the caller opts into an estimate, which is then noted; an assessment never
crashes on the calendar.

Worked examples are counted by hand from ``cn_workdays_2020_2027.json`` (the shared
reference data) and shown in docs/deadlines.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ipcomp import (
    WEIHAI_2020,
    CalendarNotPublished,
    Code,
    add_working_days,
    application_deadline,
    assess,
    check_claim,
    is_working_day,
    working_days_between,
)
from ipcomp.core.workdays import LAST_OFFICIAL_YEAR, working_days_bounds
from ipcomp.testing import claims, example_claim, example_loan

D = dt.date
ESTIMATE = WEIHAI_2020.derive(calendar_estimate=True)

#: (recognised, deadline, the ten working days counted) — counted by hand from the notices.
WORKED = [
    # 2023 Mid-Autumn + National Day: 29 Sep–6 Oct off, Sat 7 and Sun 8 Oct make-up days.
    (
        D(2023, 9, 28),
        D(2023, 10, 18),
        "10-07 10-08 10-09 10-10 10-11 10-12 10-13 10-16 10-17 10-18",
    ),
    # 2023 Spring Festival: 21–27 Jan off, Sat 28 and Sun 29 Jan make-up days.
    (D(2023, 1, 19), D(2023, 2, 7), "01-20 01-28 01-29 01-30 01-31 02-01 02-02 02-03 02-06 02-07"),
    # 2020 Spring Festival, extended: 24 Jan–2 Feb off; Sun 19 Jan worked; the make-up
    # Saturday 1 Feb was cancelled by the extension (国办发明电〔2020〕1号).
    (D(2020, 1, 17), D(2020, 2, 7), "01-19 01-20 01-21 01-22 01-23 02-03 02-04 02-05 02-06 02-07"),
    # 2020 National Day + Mid-Autumn: 1–8 Oct off, Sun 27 Sep and Sat 10 Oct make-up days.
    (
        D(2020, 9, 25),
        D(2020, 10, 15),
        "09-27 09-28 09-29 09-30 10-09 10-10 10-12 10-13 10-14 10-15",
    ),
    (
        D(2020, 9, 28),
        D(2020, 10, 19),
        "09-29 09-30 10-09 10-10 10-12 10-13 10-14 10-15 10-16 10-19",
    ),
    # 2026 Spring Festival: 15–23 Feb off, Sat 14 and Sat 28 Feb make-up days.
    (D(2026, 2, 12), D(2026, 3, 4), "02-13 02-14 02-24 02-25 02-26 02-27 02-28 03-02 03-03 03-04"),
    # 2026 Mid-Autumn 25–27 Sep and National Day 1–7 Oct off; Sun 20 Sep, Sat 10 Oct worked.
    (D(2026, 9, 18), D(2026, 10, 9), "09-20 09-21 09-22 09-23 09-24 09-28 09-29 09-30 10-08 10-09"),
    (
        D(2026, 9, 30),
        D(2026, 10, 20),
        "10-08 10-09 10-10 10-12 10-13 10-14 10-15 10-16 10-19 10-20",
    ),
    # The last deadline inside the published years.
    (
        D(2026, 12, 17),
        D(2026, 12, 31),
        "12-18 12-21 12-22 12-23 12-24 12-25 12-28 12-29 12-30 12-31",
    ),
]

official_recognitions = st.dates(D(2020, 1, 1), D(LAST_OFFICIAL_YEAR, 12, 16))


def counted(recognized: dt.date, days: str) -> list[dt.date]:
    return [D(recognized.year, int(d[:2]), int(d[3:])) for d in days.split()]


def claim(recognized: dt.date, applied: dt.date | None, **changes: Any) -> Any:
    """The example claim, recognised and applied on the given days (loan made before)."""
    loan = example_loan(disbursed_on=min(D(2022, 5, 20), recognized))
    return example_claim(loan=loan, recognized_on=recognized, applied_on=applied, **changes)


# --- counting ----------------------------------------------------------------------


@pytest.mark.parametrize(("recognized", "deadline", "days"), WORKED)
def test_worked_examples(recognized: dt.date, deadline: dt.date, days: str) -> None:
    """D10: the deadline is the 10th working day after recognition, the day itself not
    counted, across Spring Festival and National Day blocks and their make-up days."""
    ten = counted(recognized, days)
    assert len(ten) == 10
    assert ten[-1] == deadline
    assert [add_working_days(recognized, n) for n in range(1, 11)] == ten
    assert application_deadline(recognized) == deadline
    assert working_days_between(recognized, deadline) == 10
    # every day between that is not counted is a day off
    skipped = {
        recognized + dt.timedelta(days=i) for i in range(1, (deadline - recognized).days)
    } - set(ten)
    assert not any(is_working_day(d) for d in skipped)


def test_the_cancelled_2020_make_up_day_is_not_counted() -> None:
    """D10: Saturday 1 Feb 2020, a make-up day in the first 2020 notice, became a day off
    when the Spring Festival was extended: it does not count."""
    assert not is_working_day(D(2020, 2, 1))
    assert add_working_days(D(2020, 1, 23), 1) == D(2020, 2, 3)
    assert working_days_between(D(2020, 1, 23), D(2020, 2, 2)) == 0


def test_the_day_of_recognition_is_not_counted() -> None:
    """D10, 民法典 Art. 201: recognition on a working day does not count that day."""
    assert is_working_day(D(2023, 9, 28))
    assert application_deadline(D(2023, 9, 28)) == add_working_days(D(2023, 9, 29), 10)
    assert application_deadline(D(2023, 9, 28)) != add_working_days(D(2023, 9, 27), 10)


@given(recognized=official_recognitions)
def test_the_deadline_is_a_working_day_ten_working_days_later(recognized: dt.date) -> None:
    """D10: the deadline is a working day, exactly 10 working days after recognition, and
    the first day with 10 working days after recognition."""
    deadline = application_deadline(recognized)
    assert is_working_day(deadline)
    assert working_days_between(recognized, deadline) == 10
    assert working_days_between(recognized, deadline - dt.timedelta(days=1)) == 9
    assert 10 < (deadline - recognized).days <= 24  # two weeks, or a holiday block more


@given(recognized=official_recognitions, later=st.integers(0, 30))
def test_the_deadline_never_decreases(recognized: dt.date, later: int) -> None:
    """D10: a later recognition never gives an earlier deadline."""
    other = recognized + dt.timedelta(days=later)
    assume(other.year <= LAST_OFFICIAL_YEAR and other <= D(LAST_OFFICIAL_YEAR, 12, 16))
    assert application_deadline(recognized) <= application_deadline(other)


@given(recognized=official_recognitions, window=st.integers(1, 30))
def test_the_window_is_the_policy_parameter(recognized: dt.date, window: int) -> None:
    """D10: the count is `Policy.application_window` (10 by default) working days."""
    policy = WEIHAI_2020.derive(application_window=window)
    if working_days_between(recognized, D(LAST_OFFICIAL_YEAR, 12, 31)) < window:
        with pytest.raises(CalendarNotPublished, match=str(LAST_OFFICIAL_YEAR + 1)):
            application_deadline(recognized, policy)
        return
    deadline = application_deadline(recognized, policy)
    assert working_days_between(recognized, deadline) == window
    assert WEIHAI_2020.application_window == 10


@given(claim=claims(eligible=True))
def test_assessments_report_the_deadline(claim: Any) -> None:
    """D10: an assessment reports the application deadline, not estimated."""
    result = assess(claim)
    assert result.deadline == application_deadline(claim.recognized_on)
    assert not result.deadline_estimated
    assert Code.NOTE_DEADLINE_ESTIMATED not in result.codes


# --- years without a notice ----------------------------------------------------------


def test_a_deadline_in_an_unpublished_year_raises() -> None:
    """D10: application_deadline refuses to guess: it raises CalendarNotPublished naming
    the year and how to add it."""
    with pytest.raises(CalendarNotPublished) as caught:
        application_deadline(D(2026, 12, 18))
    assert caught.value.year == 2027
    assert isinstance(caught.value, LookupError)
    assert "2027" in str(caught.value)
    assert "docs/calendar.md" in str(caught.value)
    assert "--calendar FILE" in str(caught.value)
    with pytest.raises(CalendarNotPublished):
        application_deadline(D(2027, 3, 1))


def test_the_estimate_is_an_explicit_opt_in() -> None:
    """D10: with `calendar_estimate=True` the deadline rests on weekends and statutory
    days: 18 Dec 2026 + 9 working days of 2026, 1 Jan 2027 a statutory day, a weekend,
    then Monday 4 Jan 2027."""
    assert application_deadline(D(2026, 12, 18), ESTIMATE) == D(2027, 1, 4)
    assert add_working_days(D(2026, 12, 18), 10, allow_estimate=True) == D(2027, 1, 4)
    # published years are never estimated
    assert application_deadline(D(2023, 9, 28), ESTIMATE) == D(2023, 10, 18)


@pytest.mark.parametrize("applied", [None, D(2027, 1, 4)])
def test_an_estimated_deadline_is_noted(applied: dt.date | None) -> None:
    """D10: every assessment whose deadline rests on the estimate carries the
    non-blocking NOTE_DEADLINE_ESTIMATED and says so."""
    result = assess(claim(D(2026, 12, 18), applied), ESTIMATE)
    assert result.deadline == D(2027, 1, 4)
    assert result.deadline_estimated
    note = next(f for f in result.findings if f.code is Code.NOTE_DEADLINE_ESTIMATED)
    assert not note.blocking
    assert note.article == "Art. 8(3)"
    assert "2027-01-04" in note.message_en
    assert "estimated" in note.message_en
    assert result.eligible
    assert Code.CLAIM_LATE not in result.codes
    assert "estimated" in str(result)
    assert (
        Code.NOTE_DEADLINE_ESTIMATED in check_claim(claim(D(2026, 12, 18), applied), ESTIMATE).codes
    )


def test_late_against_an_estimated_deadline() -> None:
    """D10, D11: under the opt-in an application after the estimated deadline is late,
    counted in estimated working days, and the estimate is still noted."""
    result = assess(claim(D(2026, 12, 18), D(2027, 1, 6)), ESTIMATE)
    assert {Code.CLAIM_LATE, Code.NOTE_DEADLINE_ESTIMATED} <= result.codes
    assert not result.eligible
    late = next(f for f in result.findings if f.code is Code.CLAIM_LATE)
    assert "2 working day(s) late" in late.message_en


@pytest.mark.parametrize(
    ("recognized", "applied"),
    [
        (D(2026, 12, 18), D(2026, 12, 30)),  # 8 known working days before it
        (D(2026, 12, 18), D(2027, 1, 1)),  # 9 known before it; 1 Jan is its first unknown
        (D(2026, 12, 24), D(2027, 1, 5)),  # 5 known + at most 4 unknown days before it
        (D(2027, 2, 1), D(2027, 2, 3)),  # recognised in 2027: at most 1 day before it
        (D(2027, 2, 1), D(2027, 2, 1)),  # applied on the day of recognition
        # 9 known working days in 2026, and 1 January 2027 is a day off by law
        (D(2026, 12, 18), D(2027, 1, 2)),
    ],
)
def test_known_days_decide_in_time(recognized: dt.date, applied: dt.date) -> None:
    """D10: without the opt-in an assessment still completes: an application that is in
    time even if every unpublished day before it were a working day is in time; no
    deadline is named and nothing is noted."""
    result = assess(claim(recognized, applied))
    assert result.deadline is None
    assert not result.deadline_estimated
    assert not {Code.CLAIM_LATE, Code.CLAIM_DEADLINE_UNKNOWN, Code.NOTE_DEADLINE_ESTIMATED} & (
        result.codes
    )
    assert result.eligible
    assert working_days_bounds(recognized, applied - dt.timedelta(days=1))[1] < 10


@pytest.mark.parametrize(
    ("recognized", "applied"),
    [
        (D(2026, 12, 18), D(2027, 1, 3)),  # 2 Jan (Sat) might be a make-up 10th working day
        (D(2026, 12, 18), D(2027, 3, 1)),
        (D(2027, 2, 1), D(2027, 2, 26)),
    ],
)
def test_undecidable_lateness_is_deadline_unknown(recognized: dt.date, applied: dt.date) -> None:
    """D10: otherwise the claim gets the blocking CLAIM_DEADLINE_UNKNOWN and no deadline."""
    result = assess(claim(recognized, applied))
    assert result.deadline is None
    assert Code.CLAIM_DEADLINE_UNKNOWN in result.codes
    assert Code.CLAIM_LATE not in result.codes
    finding = next(f for f in result.findings if f.code is Code.CLAIM_DEADLINE_UNKNOWN)
    assert finding.blocking
    assert not result.eligible
    assert "2027" in finding.message_en
    assert "2027" in finding.message_zh
    assert Code.CLAIM_DEADLINE_UNKNOWN in check_claim(claim(recognized, applied)).codes


def test_an_unapplied_claim_in_an_unpublished_year_has_no_deadline() -> None:
    """D10, D11: a claim not yet applied for whose deadline falls in an unpublished year
    gets no deadline and a non-blocking CLAIM_DEADLINE_UNKNOWN saying why; nothing is late
    yet (docs/decisions.md I12)."""
    result = assess(claim(D(2026, 12, 18), None))
    assert result.deadline is None
    assert Code.CLAIM_LATE not in result.codes
    finding = next(f for f in result.findings if f.code is Code.CLAIM_DEADLINE_UNKNOWN)
    assert not finding.blocking
    assert "2027" in finding.message_en
    assert "cannot be named" in finding.message_en
    assert result.eligible


def test_deadline_unknown_follows_late_application_flag() -> None:
    """D10, D11: under late_application="flag" lateness never bars, so neither does the
    doubt about it: CLAIM_DEADLINE_UNKNOWN is then a non-blocking flag."""
    flag = WEIHAI_2020.derive(late_application="flag")
    result = assess(claim(D(2026, 12, 18), D(2027, 3, 1)), flag)
    finding = next(f for f in result.findings if f.code is Code.CLAIM_DEADLINE_UNKNOWN)
    assert not finding.blocking
    assert "flagged only" in finding.message_en
    assert result.eligible
    barred = assess(claim(D(2026, 12, 18), D(2027, 3, 1)))
    assert not barred.eligible


def test_an_estimate_beyond_its_years_falls_back_to_the_known_days() -> None:
    """D10: where even the estimate has no data (after 2100), an assessment with the
    opt-in is judged as without it: no note, no deadline, and it never crashes."""
    policy = ESTIMATE.derive(application_window=366)
    recognized = D(2099, 12, 1)
    with pytest.raises(CalendarNotPublished):
        application_deadline(recognized, policy)
    early = check_claim(claim(recognized, D(2099, 12, 31)), policy)
    assert not {Code.NOTE_DEADLINE_ESTIMATED, Code.CLAIM_DEADLINE_UNKNOWN} & early.codes
    late_ = assess(claim(D(2099, 1, 4), D(2099, 12, 31)), policy.derive(application_window=200))
    assert late_.deadline is not None
    assert late_.deadline_estimated
    assert Code.CLAIM_LATE in late_.codes


@given(
    recognized=st.dates(D(2026, 11, 1), D(2027, 6, 30)),
    delay=st.integers(0, 40),
    estimate=st.booleans(),
)
def test_assessment_never_crashes_and_is_sound(
    recognized: dt.date, delay: int, estimate: bool
) -> None:
    """D10: around the edge of the published years an assessment always completes; a
    claim found in time is in time under the estimate too, a named deadline is the
    count's, and lateness is never both decided and unknown."""
    applied = recognized + dt.timedelta(days=delay)
    policy = ESTIMATE if estimate else WEIHAI_2020
    result = assess(claim(recognized, applied), policy)
    codes = result.codes
    assert not {Code.CLAIM_LATE, Code.CLAIM_DEADLINE_UNKNOWN} <= codes
    estimated_deadline = add_working_days(recognized, 10, allow_estimate=True)
    if result.deadline is not None:
        assert result.deadline == estimated_deadline
        assert (Code.CLAIM_LATE in codes) == (applied > result.deadline)
        assert result.deadline_estimated == (result.deadline.year > LAST_OFFICIAL_YEAR)
        assert (Code.NOTE_DEADLINE_ESTIMATED in codes) == result.deadline_estimated
    else:
        assert not estimate
        if Code.CLAIM_DEADLINE_UNKNOWN not in codes:
            assert applied <= estimated_deadline


def _messages(claim: Any, policy: Any = WEIHAI_2020) -> dict[str, tuple[str, str]]:
    return {f.code: (f.message_zh, f.message_en) for f in assess(claim, policy).findings}


def test_an_unknown_deadline_names_the_unpublished_year():
    """D10, D11: CLAIM_DEADLINE_UNKNOWN names the window, the recognition date, the year
    without a notice and (once applied) the application date; an estimated deadline is
    named in NOTE_DEADLINE_ESTIMATED."""
    waiting = example_claim(recognized_on=D(2026, 12, 24), applied_on=None)
    assert _messages(waiting)[Code.CLAIM_DEADLINE_UNKNOWN] == (
        "认定日 2026-12-24 后第 10 个工作日落在节假日安排尚未公布的 2027 年，申请期限暂无法确定；"
        "尚未申请，不构成逾期。",
        "the 10th working day after recognition on 2026-12-24 falls in 2027, whose holiday "
        "schedule is not published: the deadline cannot be named yet (not applied yet, so "
        "nothing is late).",
    )
    applied = example_claim(recognized_on=D(2026, 12, 24), applied_on=D(2027, 1, 20))
    undecided = (
        "认定日 2026-12-24 后第 10 个工作日落在节假日安排尚未公布的 2027 年，无法判断 2027-01-20 "
        "的申请是否逾期。",
        "the 10th working day after recognition on 2026-12-24 falls in 2027, whose holiday "
        "schedule is not published; whether the application on 2027-01-20 is late cannot be "
        "decided.",
    )
    assert _messages(applied)[Code.CLAIM_DEADLINE_UNKNOWN] == undecided
    flag = WEIHAI_2020.derive(late_application="flag")
    assert _messages(applied, flag)[Code.CLAIM_DEADLINE_UNKNOWN] == (
        undecided[0],
        undecided[1][:-1] + " (flagged only, as lateness).",
    )
    assert _messages(applied, ESTIMATE)[Code.NOTE_DEADLINE_ESTIMATED] == (
        "申请期限 2027-01-08 所在年度的节假日安排尚未公布，按周末及法定节假日估算。",
        "the deadline 2027-01-08 rests on an estimated calendar (weekends and statutory "
        "holidays only): that year's holiday notice is not published.",
    )


def test_without_recognition_there_is_no_deadline_to_estimate():
    """D10: a claim not yet recognised has no deadline, and nothing about it is estimated,
    even under calendar_estimate."""
    for policy in (WEIHAI_2020, ESTIMATE):
        assessment = assess(example_claim(recognized_on=None, applied_on=None), policy)
        assert assessment.deadline is None
        assert not assessment.deadline_estimated
