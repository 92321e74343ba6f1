"""Art. 14 — validity: in force 2020-08-23 to 2026-08-22, both inclusive (D13).

The loan's disbursement date must lie in the window (LOAN_OUTSIDE_VALIDITY). Recognition
and application may come later; a claim applied for after 2026-08-22 carries the
non-blocking NOTE_POLICY_EXPIRED.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcomp import WEIHAI_2020, Code, add_working_days, assess, check_claim, check_loan
from ipcomp.testing import example_claim, example_loan

START, END = dt.date(2020, 8, 23), dt.date(2026, 8, 22)
OUTSIDE = Code.LOAN_OUTSIDE_VALIDITY
EXPIRED = Code.NOTE_POLICY_EXPIRED


def test_the_published_window():
    """Art. 14, D13: in force from 2020-08-23 until 2026-08-22."""
    assert (WEIHAI_2020.effective_from, WEIHAI_2020.effective_until) == (START, END)


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (dt.date(2020, 8, 22), False),
        (START, True),
        (dt.date(2020, 8, 24), True),
        (dt.date(2024, 2, 29), True),
        (dt.date(2026, 8, 21), True),
        (END, True),
        (dt.date(2026, 8, 23), False),
        (dt.date(2000, 1, 1), False),
        (dt.date(2099, 12, 31), False),
    ],
)
def test_disbursement_window_is_inclusive_at_both_ends(day, inside):
    """Art. 14, D13: disbursed on the first or the last day counts; a day outside does not."""
    decision = check_loan(example_loan(disbursed_on=day))
    assert decision.eligible == inside
    if not inside:
        (finding,) = decision.findings
        assert finding.code is OUTSIDE
        assert finding.article == "Art. 14"
        assert finding.blocking
        assert day.isoformat() in finding.message_en
        assert "2020-08-23" in finding.message_en
        assert "2026-08-22" in finding.message_en
        assert day.isoformat() in finding.message_zh


@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
def test_outside_validity_iff_disbursed_outside_the_window(day):
    """Art. 14, D13: LOAN_OUTSIDE_VALIDITY exactly when the date is outside the window."""
    codes = check_loan(example_loan(disbursed_on=day)).codes
    assert (OUTSIDE in codes) == (not START <= day <= END)
    assert codes <= {OUTSIDE}


@given(
    st.dates(dt.date(2018, 1, 1), dt.date(2030, 12, 31)),
    st.integers(0, 800),
    st.dates(dt.date(2019, 1, 1), dt.date(2029, 12, 31)),
)
def test_the_window_is_a_policy_parameter(start, length, day):
    """Art. 14, D13: effective_from / effective_until are honoured, both inclusive."""
    until = start + dt.timedelta(days=length)
    policy = WEIHAI_2020.derive(effective_from=start, effective_until=until)
    outside = OUTSIDE in check_loan(example_loan(disbursed_on=day), policy).codes
    assert outside == (not start <= day <= until)


def claim_applied(recognized: dt.date, applied: dt.date | None):
    loan = example_loan(disbursed_on=dt.date(2026, 3, 2))
    return example_claim(loan=loan, recognized_on=recognized, applied_on=applied)


def test_applied_after_expiry_is_noted_not_barred():
    """Art. 14, D13: a claim on a loan made in force, applied for after 2026-08-22, is still
    eligible and carries the non-blocking NOTE_POLICY_EXPIRED."""
    claim = claim_applied(dt.date(2026, 8, 20), dt.date(2026, 8, 24))
    decision = check_claim(claim)
    assert decision.eligible
    (note,) = [f for f in decision.findings if f.code is EXPIRED]
    assert not note.blocking
    assert note.article == "Art. 14"
    assert "2026-08-24" in note.message_en
    assert "2026-08-22" in note.message_en
    assessment = assess(claim)
    assert assessment.eligible
    assert EXPIRED in {f.code for f in assessment.findings}
    assert assessment.compensation is not None


def test_applied_on_the_last_day_is_not_noted():
    """Art. 14, D13: an application on 2026-08-22 is within the measures' validity."""
    claim = claim_applied(dt.date(2026, 8, 20), END)
    assert EXPIRED not in check_claim(claim).codes


def test_not_yet_applied_is_judged_by_the_recognition_date():
    """Art. 14, D11, D13: before application, the recognition date stands in (a bank asking
    "may I still apply?" after expiry is told the measures have expired)."""
    assert EXPIRED in check_claim(claim_applied(dt.date(2026, 8, 24), None)).codes
    assert EXPIRED not in check_claim(claim_applied(END, None)).codes


@given(
    st.dates(dt.date(2026, 6, 1), dt.date(2026, 12, 10)),
    st.integers(0, 10),
)
def test_note_iff_applied_after_expiry(recognized, working_days):
    """Art. 14, D13: NOTE_POLICY_EXPIRED exactly when applied after 2026-08-22; never blocking."""
    applied = recognized if working_days == 0 else add_working_days(recognized, working_days)
    decision = check_claim(claim_applied(recognized, applied))
    assert decision.eligible
    assert (EXPIRED in decision.codes) == (applied > END)
    assert all(not f.blocking for f in decision.findings)


def test_in_force_names_a_refused_day():
    """Art. 14, D13: in_force takes a datetime.date; anything else is refused, naming the
    argument, its type and its value."""
    from ipcomp import InvalidArgument, in_force

    with pytest.raises(InvalidArgument) as caught:
        in_force("2023-01-01")
    assert str(caught.value) == "day must be a datetime.date, not str '2023-01-01'"
