"""The deadline status of a claim on a calendar with entered notices (Art. 8(3); D10,
D11): the working days counted are the given calendar's, on every path — the deadline,
its estimate, and the bounds of an application whose deadline falls in an unpublished
year — and the notices cited are those the status rests on."""

from __future__ import annotations

import datetime as dt

from ipcomp import WEIHAI_2020, Claim, Code, assess
from ipcomp.core.workdays import CALENDAR
from ipcomp.engine.claim import DeadlineStatus, deadline_status
from ipcomp.engine.plan import plan_of
from ipcomp.testing import example_claim, example_notice

D = dt.date

#: A fictitious 2027 notice whose last week of December is off: from 20 December 2027 only
#: 21-24 December are working days that year.
YEAR_END_OFF = CALENDAR.with_notice(
    example_notice(
        2027,
        days_off=["2027-01-01", *(f"2027-12-{d}" for d in range(27, 32))],
        make_up_workdays=[],
    )
)


def _claim(recognized: dt.date | None, applied: dt.date | None) -> Claim:
    return example_claim().model_copy(update={"recognized_on": recognized, "applied_on": applied})


def test_without_recognition_there_is_no_deadline_and_nothing_to_report() -> None:
    """D10: no recognition date, no deadline — no estimate, no finding, no notice."""
    status = deadline_status(_claim(None, None), plan_of(WEIHAI_2020))
    assert status == DeadlineStatus(None, False, (), ())


def test_an_estimated_deadline_counts_the_entered_notice_first() -> None:
    """D10 with ``calendar_estimate``: the 10th working day after 20 December 2027 is
    counted on the entered notice (4 days left in 2027), then on the estimate of 2028:
    10 January 2028 — not 3 January, as an estimate of 2027 would give."""
    plan = plan_of(WEIHAI_2020.derive(calendar_estimate=True))
    status = deadline_status(_claim(D(2027, 12, 20), None), plan, YEAR_END_OFF)
    assert (status.deadline, status.estimated) == (D(2028, 1, 10), True)
    assert [f.code for f in status.findings] == [
        Code.NOTE_CALENDAR_ENTERED,
        Code.NOTE_DEADLINE_ESTIMATED,
    ]
    assert [(r.year, r.origin) for r in status.calendar] == [(2027, "entered"), (2028, "estimate")]


def test_an_application_is_in_time_by_the_entered_days_even_if_the_next_year_is_unknown() -> None:
    """D10: applied on 4 January 2028, the deadline in unpublished 2028: the entered
    notice leaves 4 working days in 2027, and 1-3 January are at most 3 more: fewer than
    10 whatever 2028's notice says, so the application is in time. On the built-in
    calendar (2027 unpublished too) the same application cannot be decided."""
    claim = _claim(D(2027, 12, 20), D(2028, 1, 4))
    status = deadline_status(claim, plan_of(WEIHAI_2020), YEAR_END_OFF)
    assert status.deadline is None
    assert [f.code for f in status.findings] == [Code.NOTE_CALENDAR_ENTERED]
    (unknown,) = deadline_status(claim, plan_of(WEIHAI_2020)).findings
    assert unknown.code == Code.CLAIM_DEADLINE_UNKNOWN


def test_the_notices_cited_stop_before_the_unpublished_year() -> None:
    """D10: a deadline that cannot be named rests on the days up to the end of the year
    before the unpublished one; a notice entered for a later year is not cited, nor
    noted."""
    calendar = CALENDAR.with_notice(example_notice(2028))
    status = deadline_status(_claim(D(2026, 12, 25), None), plan_of(WEIHAI_2020), calendar)
    assert [(r.year, r.origin) for r in status.calendar] == [(2026, "built-in")]
    (unknown,) = status.findings
    assert unknown.code == Code.CLAIM_DEADLINE_UNKNOWN
    assert unknown.message_en == (
        "the 10th working day after recognition on 2026-12-25 falls in 2027, whose holiday "
        "schedule is not published: the deadline cannot be named yet (not applied yet, so "
        "nothing is late)."
    )


def test_explain_names_an_estimated_deadline_and_every_entered_notice_behind_it() -> None:
    """Art. 8(3), D10: an auditor's note says when the deadline is estimated and which
    entered notices it rests on, year and number, every one of them."""
    claim = _claim(D(2027, 12, 20), D(2028, 1, 5))
    estimated = assess(claim, WEIHAI_2020.derive(calendar_estimate=True), calendar=YEAR_END_OFF)
    assert estimated.explain().splitlines()[1] == (
        "application deadline 2028-01-10 (estimated calendar) (on entered notices: "
        "2027 示例〔2026〕1号)"
    )
    both = YEAR_END_OFF.with_notice(example_notice(2028))
    entered = assess(claim, WEIHAI_2020, calendar=both)
    assert entered.explain().splitlines()[1] == (
        "application deadline 2028-01-11 (on entered notices: 2027 示例〔2026〕1号, "
        "2028 示例〔2027〕1号)"
    )
