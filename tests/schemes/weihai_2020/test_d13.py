"""D13 — validity: the loan's disbursement date must lie within 2020-08-23…2026-08-22
(both inclusive); recognition and application may come later, with a non-blocking note."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcomp import WEIHAI_2020, Code, assess, check_loan, in_force
from ipcomp.testing import example_claim, example_loan

FROM, UNTIL = dt.date(2020, 8, 23), dt.date(2026, 8, 22)


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (FROM - dt.timedelta(days=1), False),
        (FROM, True),
        (UNTIL, True),
        (UNTIL + dt.timedelta(days=1), False),
    ],
)
def test_disbursement_window_is_inclusive_at_both_ends(day: dt.date, inside: bool) -> None:
    """D13, Art. 14: 2020-08-23 and 2026-08-22 are inside; the days around them are not."""
    codes = check_loan(example_loan(disbursed_on=day)).codes
    assert (Code.LOAN_OUTSIDE_VALIDITY not in codes) is inside
    assert in_force(day) is inside


@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
def test_the_window_is_the_policys(day: dt.date) -> None:
    """D13: LOAN_OUTSIDE_VALIDITY exactly when the disbursement date is outside the
    policy's effective_from…effective_until, for the published and a derived policy."""
    later = WEIHAI_2020.derive(effective_until=dt.date(2031, 8, 22))
    for policy in (WEIHAI_2020, later):
        loan = example_loan(disbursed_on=day)
        outside = not policy.effective_from <= day <= policy.effective_until
        assert (Code.LOAN_OUTSIDE_VALIDITY in check_loan(loan, policy).codes) is outside


def test_claims_after_expiry_are_noted_not_barred() -> None:
    """D13: a claim on a loan made in force but applied for after 2026-08-22 carries the
    non-blocking NOTE_POLICY_EXPIRED and is still paid."""
    loan = example_loan(disbursed_on=dt.date(2026, 8, 1))
    claim = example_claim(
        loan=loan, recognized_on=dt.date(2026, 9, 1), applied_on=dt.date(2026, 9, 8)
    )
    result = assess(claim)
    note = next(f for f in result.findings if f.code is Code.NOTE_POLICY_EXPIRED)
    assert not note.blocking
    assert result.eligible
    assert result.compensation is not None
