"""The whole assessment of a claim, in the order of the measures.

:func:`assess` runs the scheme's rules on the enterprise, the bank, the loan and the
claim (Weihai: Art. 3, 6, 4, 7, 14, 8(1), 8(3), 9, 10), with the deadline (Art. 8(3)),
and only when no finding blocks computes the amount (Art. 8(2)) and adds the notes of
the arithmetic (I65): an ineligible claim has no compensation and no note about one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ..core._args import iterable
from ..core._build import build
from ..core.workdays import CALENDAR, Calendar, as_calendar
from ..facts import Claim, as_claim
from ..findings import Finding
from ..results import Assessment
from ..schemes.model import SUBJECTS
from ..schemes.weihai_2020.policy import WEIHAI_2020
from .claim import deadline_status
from .compensation import _compensate
from .plan import Plan, plan_of
from .requirements import run_checks

if TYPE_CHECKING:
    from ..schemes.model import Scheme
    from ..schemes.weihai_2020.policy import Policy

__all__ = ["assess", "assess_many", "iter_assess"]


def assess(
    claim: Claim, policy: Policy | Scheme = WEIHAI_2020, *, calendar: Calendar = CALENDAR
) -> Assessment:
    """Assess one claim under every article of the measures (or of another scheme),
    counting working days on ``calendar`` (by default the built-in one;
    ``Assessment.calendar`` cites its notices).

    >>> from ipcomp.testing import example_claim
    >>> a = assess(example_claim())
    >>> a.eligible, a.compensation.total, a.deadline
    (True, Decimal('480000.00'), datetime.date(2023, 10, 18))
    """
    return _assess(as_claim(claim), plan_of(policy), as_calendar(calendar))


def _assess(
    claim: Claim,
    plan: Plan,
    calendar: Calendar = CALENDAR,
    carried: Sequence[Decimal] | None = None,
    pools: Sequence[Decimal | None] | None = None,
    extra: Sequence[Finding] = (),
) -> Assessment:
    """:func:`assess` on arguments already checked; a portfolio gives what each payer
    paid earlier on the loan inside it (``carried``), what remains of the fund pools
    (``pools``) and its own findings on the claim (``extra``)."""
    loan = claim.loan
    status = deadline_status(claim, plan, calendar)
    findings: list[Finding] = []
    # the scheme's rules on each subject in turn (run_checks, inlined: the hot path)
    for subject, obj in zip(SUBJECTS, (loan.enterprise, loan.bank, loan, claim), strict=True):
        facts, functions = plan.fast[subject]
        if facts is not None and not all(facts(obj)):
            findings += run_checks(plan, subject, obj, status)
            continue
        for function in functions:
            found = function(obj, plan, status)
            if found is not None:
                if type(found) is tuple:
                    findings.extend(found)
                else:
                    findings.append(found)  # type: ignore[arg-type]
    findings += extra
    eligible = True
    for finding in findings:  # a plain loop: any() with a generator costs more (speed)
        if finding.blocking:
            eligible = False
            break
    compensation = None
    if eligible:  # Art. 8(2): the amount, and its notes, only for an eligible claim
        compensation = _compensate(claim, plan, carried, pools)
        findings += compensation.notes
    return build(
        Assessment,
        {
            "eligible": eligible,
            "findings": tuple(findings),
            "compensation": compensation,
            "deadline": status.deadline,
            "loan_id": loan.loan_id,
            "deadline_estimated": status.estimated,
            "calendar": status.calendar,
        },
    )


def assess_many(
    claims: Iterable[Claim], policy: Policy | Scheme = WEIHAI_2020, *, calendar: Calendar = CALENDAR
) -> list[Assessment]:
    """Assess claims **independently**, one by one, in order: the same results as
    :func:`assess` on each. Two claims on the same loan are *not* carried one into the
    other (each is judged with only what it states as paid before, D5): for a
    portfolio over time, use :func:`~ipcomp.assess_portfolio`.

    >>> from ipcomp.testing import example_claim
    >>> [a.eligible for a in assess_many([example_claim(), example_claim()])]
    [True, True]
    """
    return list(iter_assess(claims, policy, calendar=calendar))


def iter_assess(
    claims: Iterable[Claim], policy: Policy | Scheme = WEIHAI_2020, *, calendar: Calendar = CALENDAR
) -> Iterator[Assessment]:
    """:func:`assess_many` as a stream: one assessment per claim as it comes, holding
    nothing (memory does not grow with the number of claims).

    >>> from ipcomp.testing import example_claim
    >>> next(iter_assess([example_claim()])).eligible
    True
    """
    items = iterable(claims, "claims", of="ipcomp.Claim")
    plan = plan_of(policy)
    calendar = as_calendar(calendar)
    return (
        _assess(as_claim(claim, f"claims[{i}]"), plan, calendar) for i, claim in enumerate(items)
    )
