"""D11 — late application (Art. 8(3): "需在10个工作日内…提出").

A late application makes the claim ineligible (``late_application="bar"``);
``"flag"`` keeps it eligible with a non-blocking warning. An application before
recognition is invalid input. A claim with no application date yet is judged as of its
recognition: no lateness finding, and the deadline is still reported.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from ipcomp import (
    WEIHAI_2020,
    Code,
    add_working_days,
    application_deadline,
    assess,
    check_claim,
    is_working_day,
)
from ipcomp.core.workdays import LAST_OFFICIAL_YEAR
from ipcomp.testing import claims, example_claim

D = dt.date
FLAG = WEIHAI_2020.derive(late_application="flag")
RECOGNIZED = D(2023, 9, 28)  # deadline 2023-10-18 (docs/deadlines.md)
DEADLINE = D(2023, 10, 18)


def claim(applied: dt.date | None, recognized: dt.date = RECOGNIZED, **changes: Any) -> Any:
    return example_claim(recognized_on=recognized, applied_on=applied, **changes)


def late_finding(result: Any) -> Any:
    return next(f for f in result.findings if f.code is Code.CLAIM_LATE)


@pytest.mark.parametrize("applied", [RECOGNIZED, D(2023, 10, 1), D(2023, 10, 17), DEADLINE])
def test_an_application_up_to_the_deadline_is_in_time(applied: dt.date) -> None:
    """D11, D10: an application on the deadline, or any day from recognition up to it, is
    in time."""
    result = assess(claim(applied))
    assert Code.CLAIM_LATE not in result.codes
    assert result.eligible
    assert result.deadline == DEADLINE


def test_one_working_day_late_bars_the_claim() -> None:
    """D11: applied the working day after the deadline: late by 1 working day, not
    compensated."""
    result = assess(claim(D(2023, 10, 19)))
    finding = late_finding(result)
    assert finding.blocking
    assert finding.article == "Art. 8(3)"
    assert not result.eligible
    assert result.compensation is None
    assert result.deadline == DEADLINE
    assert "1 working day(s) late" in finding.message_en
    assert "逾期 1 个工作日" in finding.message_zh
    assert "不予补偿" in finding.message_zh
    assert "2023-10-18" in finding.message_en


def test_late_on_a_day_off_counts_calendar_days() -> None:
    """D11: an application on the Saturday right after a Friday deadline is late although
    no working day has passed; the finding counts calendar days then."""
    recognized = D(2023, 10, 20)  # counted 23–27 Oct, 30 Oct–3 Nov
    friday, saturday = D(2023, 11, 3), D(2023, 11, 4)
    assert application_deadline(recognized) == friday
    assert not is_working_day(saturday)
    result = assess(claim(saturday, recognized))
    finding = late_finding(result)
    assert finding.blocking
    assert "1 calendar day(s) late" in finding.message_en
    assert "逾期 1 个自然日" in finding.message_zh


def test_lateness_counted_into_an_unpublished_year_counts_calendar_days() -> None:
    """D11, D10: the deadline 2026-12-31 is known; an application in January 2027 is late,
    and the count into the unpublished year is given in calendar days."""
    result = assess(claim(D(2027, 1, 5), D(2026, 12, 17)))
    assert result.deadline == D(2026, 12, 31)
    finding = late_finding(result)
    assert finding.blocking
    assert "5 calendar day(s) late" in finding.message_en
    assert Code.CLAIM_DEADLINE_UNKNOWN not in result.codes


def test_flag_keeps_a_late_claim_eligible() -> None:
    """D11: with late_application='flag' a late claim stays eligible and is paid, with a
    non-blocking CLAIM_LATE that says it is flagged only."""
    result = assess(claim(D(2023, 10, 20)), FLAG)
    finding = late_finding(result)
    assert not finding.blocking
    assert result.eligible
    assert result.compensation == assess(claim(DEADLINE), FLAG).compensation
    assert "2 working day(s) late" in finding.message_en
    assert "flag" in finding.message_en
    assert "仅提示" in finding.message_zh
    assert check_claim(claim(D(2023, 10, 20)), FLAG).eligible
    assert not check_claim(claim(D(2023, 10, 20))).eligible


def test_no_application_date_reports_the_deadline_without_lateness() -> None:
    """D11: a claim not yet applied for is judged as of its recognition — no lateness
    finding — and the deadline is reported ("may I apply, and by when?")."""
    result = assess(claim(None))
    assert result.deadline == DEADLINE
    assert Code.CLAIM_LATE not in result.codes
    assert result.eligible
    assert "application deadline 2023-10-18" in str(result)
    # long after the deadline too: still no finding, since nothing was applied for
    old = assess(claim(None, D(2022, 6, 1)))
    assert Code.CLAIM_LATE not in old.codes
    assert old.deadline == application_deadline(D(2022, 6, 1))


def test_no_recognition_no_deadline() -> None:
    """D11, Art. 8(1): without recognition there is no deadline and no lateness finding;
    the claim fails CLAIM_NOT_RECOGNISED instead."""
    result = assess(claim(None, None))  # type: ignore[arg-type]
    assert result.deadline is None
    assert Code.CLAIM_NOT_RECOGNISED in result.codes
    assert Code.CLAIM_LATE not in result.codes


def test_an_application_before_recognition_is_invalid_input() -> None:
    """D11: applied_on before recognized_on is a validation error, not a finding."""
    with pytest.raises(ValidationError, match="before recognized_on"):
        claim(D(2023, 9, 27))


@given(
    recognized=st.dates(D(2022, 6, 1), D(LAST_OFFICIAL_YEAR, 12, 10)),
    delay=st.integers(0, 45),
    flag=st.booleans(),
)
def test_late_exactly_when_after_the_deadline(recognized: dt.date, delay: int, flag: bool) -> None:
    """D11: CLAIM_LATE is found exactly when the application is after the deadline; under
    'bar' it blocks, under 'flag' it does not and eligibility is that of an in-time claim."""
    applied = recognized + dt.timedelta(days=delay)
    deadline = add_working_days(recognized, 10)
    policy = FLAG if flag else WEIHAI_2020
    result = assess(claim(applied, recognized), policy)
    late = applied > deadline
    assert (Code.CLAIM_LATE in result.codes) == late
    assert result.deadline == deadline
    if late:
        assert late_finding(result).blocking != flag
        assert result.eligible == flag
    else:
        assert result.eligible


@given(claim=claims())
def test_lateness_is_never_found_without_an_application(claim: Any) -> None:
    """D11: no application date, no CLAIM_LATE; with one, CLAIM_LATE only after the
    reported deadline."""
    result = assess(claim)
    if claim.applied_on is None or result.deadline is None:
        assert Code.CLAIM_LATE not in result.codes
    else:
        assert (Code.CLAIM_LATE in result.codes) == (claim.applied_on > result.deadline)


def _messages(claim: Any, policy: Any = WEIHAI_2020) -> dict[str, tuple[str, str]]:
    return {f.code: (f.message_zh, f.message_en) for f in assess(claim, policy).findings}


def test_a_late_application_names_the_dates_and_how_late():
    """Art. 8(3), D10, D11: CLAIM_LATE names the recognition date, the window, the deadline,
    the application date and the delay in working days — or in calendar days when no
    working day has passed since the deadline — and says whether it bars or only flags."""
    late = example_claim(recognized_on=RECOGNIZED, applied_on=D(2023, 10, 20))
    assert _messages(late)[Code.CLAIM_LATE] == (
        "认定日 2023-09-28 后第 10 个工作日为 2023-10-18，申请日 2023-10-20 逾期 2 个工作日，"
        "不予补偿。",
        "recognised on 2023-09-28, the deadline (10 working days) was 2023-10-18; applied on "
        "2023-10-20, 2 working day(s) late.",
    )
    assert _messages(late, FLAG)[Code.CLAIM_LATE] == (
        "认定日 2023-09-28 后第 10 个工作日为 2023-10-18，申请日 2023-10-20 逾期 2 个工作日"
        "（仅提示）。",
        "recognised on 2023-09-28, the deadline (10 working days) was 2023-10-18; applied on "
        "2023-10-20, 2 working day(s) late (flagged only, policy late_application='flag').",
    )
    # deadline Friday 2023-10-27, applied on the Sunday after: no working day in between
    weekend = example_claim(recognized_on=D(2023, 10, 13), applied_on=D(2023, 10, 29))
    assert _messages(weekend)[Code.CLAIM_LATE] == (
        "认定日 2023-10-13 后第 10 个工作日为 2023-10-27，申请日 2023-10-29 逾期 2 个自然日，"
        "不予补偿。",
        "recognised on 2023-10-13, the deadline (10 working days) was 2023-10-27; applied on "
        "2023-10-29, 2 calendar day(s) late.",
    )
