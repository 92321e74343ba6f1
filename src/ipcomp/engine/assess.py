"""The whole assessment of a claim: all four checks, compensation and deadline.

:func:`assess` runs :func:`~ipcomp.check_enterprise` (Art. 3), :func:`~ipcomp.check_bank`
(Art. 6), :func:`~ipcomp.check_loan` (Art. 4, 7, 14) and :func:`~ipcomp.check_claim`
(Art. 8, 9, 10), and pays (:func:`~ipcomp.compensate`, Art. 8(2)) only when no finding
blocks.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..core._args import expect, iterable
from ..core._build import build
from ..core.workdays import CALENDAR, Calendar, as_calendar
from ..facts import Claim, as_claim
from ..results import Assessment
from ..schemes.weihai_2020.policy import WEIHAI_2020, Policy
from .bank import bank_findings
from .claim import claim_findings, deadline_status
from .compensation import _compensate
from .enterprise import enterprise_findings
from .loan import loan_findings

__all__ = ["assess", "assess_many"]


def assess(
    claim: Claim, policy: Policy = WEIHAI_2020, *, calendar: Calendar = CALENDAR
) -> Assessment:
    """Assess one claim under every article of the measures, counting working days on
    ``calendar`` (by default the built-in one; ``Assessment.calendar`` cites its notices).

    >>> from ipcomp.testing import example_claim
    >>> a = assess(example_claim())
    >>> a.eligible, a.compensation.total, a.deadline
    (True, Decimal('480000.00'), datetime.date(2023, 10, 18))
    """
    return _assess(as_claim(claim), expect(policy, Policy, "policy"), as_calendar(calendar))


def _assess(claim: Claim, policy: Policy, calendar: Calendar = CALENDAR) -> Assessment:
    """:func:`assess` on arguments already checked."""
    loan = claim.loan
    compensation = _compensate(claim, policy)
    status = deadline_status(claim, policy, calendar)
    findings = (
        *enterprise_findings(loan.enterprise, policy),
        *bank_findings(loan.bank, policy),
        *loan_findings(loan, policy),
        *claim_findings(claim, policy, compensation, status),
    )
    eligible = True
    for finding in findings:  # a plain loop: any() with a generator costs more (speed)
        if finding.blocking:
            eligible = False
            break
    return build(
        Assessment,
        {
            "eligible": eligible,
            "findings": findings,
            "compensation": compensation if eligible else None,
            "deadline": status.deadline,
            "loan_id": loan.loan_id,
            "deadline_estimated": status.estimated,
            "calendar": status.calendar,
        },
    )


def assess_many(
    claims: Iterable[Claim], policy: Policy = WEIHAI_2020, *, calendar: Calendar = CALENDAR
) -> list[Assessment]:
    """Assess a portfolio; the same results as :func:`assess` one by one, in order.

    >>> from ipcomp.testing import example_claim
    >>> [a.eligible for a in assess_many([example_claim(), example_claim()])]
    [True, True]
    """
    items = iterable(claims, "claims", of="ipcomp.Claim")
    policy = expect(policy, Policy, "policy")
    calendar = as_calendar(calendar)
    return [
        _assess(as_claim(claim, f"claims[{i}]"), policy, calendar) for i, claim in enumerate(items)
    ]
