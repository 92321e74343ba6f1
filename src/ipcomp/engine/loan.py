"""The loan's own rules (Weihai: Art. 4, 7(2), 7(3), 14; D4, D13).

* ``eligible_ip`` — a right of an eligible kind pledged (Weihai Art. 4: a patent or
  trademark right; the scheme's ``eligible_ip_kinds``);
* ``pledges_registered`` — pledge registration for every pledged right (Art. 7(3), I6);
* ``disbursed_in_force`` — disbursed within the scheme's validity window (Art. 14, D13);
* the yes/no requirements of the scheme's table (Weihai: the bank lends directly as
  pledgee, through the platform, with a written contract).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..core.enums import IPKind
from ..facts import Loan
from ..findings import Code, Decision, Finding
from ..schemes.weihai_2020.policy import WEIHAI_2020
from .plan import Plan, plan_of, rule
from .requirements import run_checks

if TYPE_CHECKING:
    from ..schemes.model import Scheme
    from ..schemes.weihai_2020.policy import Policy

__all__ = ["check_loan", "loan_findings"]


def check_loan(loan: Loan, policy: Policy | Scheme = WEIHAI_2020) -> Decision:
    """Does the loan qualify (Weihai: Art. 4, 7 and 14)? Every failed criterion is reported.

    The enterprise and the bank are checked by :func:`check_enterprise` and
    :func:`check_bank`; :func:`~ipcomp.assess` runs all of them.

    >>> import datetime as dt
    >>> from ipcomp.testing import example_loan
    >>> loan = example_loan(disbursed_on=dt.date(2026, 9, 1))
    >>> sorted(map(str, check_loan(loan).codes))
    ['LOAN_OUTSIDE_VALIDITY']
    """
    from ..core._args import expect

    return Decision.of(loan_findings(expect(loan, Loan, "loan"), plan_of(policy)))


def loan_findings(loan: Loan, plan: Plan) -> list[Finding]:
    """Every finding of :func:`check_loan`, as a list (used by :func:`~ipcomp.assess`)."""
    return run_checks(plan, "loan", loan)


@rule("eligible_ip")
def _eligible_ip(loan: Loan, plan: Plan, context: Any) -> Finding | None:
    """Art. 4: at least one pledged right of an eligible kind."""
    eligible = plan.scheme.eligible_ip_kinds
    for pledge in loan.pledges:
        if pledge.kind in eligible:
            return None
    return _no_eligible_ip(tuple(sorted({p.kind for p in loan.pledges})), plan)


@lru_cache(maxsize=256)  # a portfolio has few distinct (pledged, scheme) pairs
def _no_eligible_ip(pledged: tuple[IPKind, ...], plan: Plan) -> Finding:
    """``LOAN_NO_ELIGIBLE_IP``, naming what was pledged and what would count."""
    kinds_pledged = ", ".join(pledged)
    return plan.finding(
        Code.LOAN_NO_ELIGIBLE_IP,
        f"质押物（{kinds_pledged or '无'}）中无{plan.ip_kinds_zh}"
        f"（{plan.ip_kinds_en.replace(', ', '、')}）。",
        f"no eligible IP ({plan.ip_kinds_en}) is pledged; pledged: {kinds_pledged or 'nothing'}.",
    )


@rule("pledges_registered")
def _registered(loan: Loan, plan: Plan, context: Any) -> Finding | None:
    """Art. 7(3): pledge registration done for every pledged right (I6)."""
    for pledge in loan.pledges:  # a plain loop: all() with a generator costs more (speed)
        if not pledge.registered:
            break
    else:
        return None  # every right registered: the usual case, no list built
    unregistered = [p for p in loan.pledges if not p.registered]
    names = ", ".join(
        f"{p.kind}{' ' + p.number if p.number else ''}"
        f"{' (unknown)' if p.registered is None else ''}"
        for p in unregistered
    )
    return plan.finding(
        Code.LOAN_PLEDGE_NOT_REGISTERED,
        f"{len(unregistered)} 项出质权利未办理（或未知是否办理）质押登记：{names}。",
        f"{len(unregistered)} pledged right(s) lack (or have unknown) pledge registration: {names}.",
    )


@rule(
    "disbursed_in_force",
    passes="scheme.effective_from <= obj.disbursed_on <= scheme.effective_until",
)
def _in_force(loan: Loan, plan: Plan, context: Any) -> Finding | None:
    """Art. 14, D13: the loan disbursed while the measures were in force."""
    scheme = plan.scheme
    start, end = scheme.effective_from, scheme.effective_until
    if start <= loan.disbursed_on <= end:
        return None
    return plan.finding(
        Code.LOAN_OUTSIDE_VALIDITY,
        f"贷款发放日 {loan.disbursed_on} 不在办法有效期 {start} 至 {end} 内。",
        f"disbursed on {loan.disbursed_on}, outside the validity period {start} to {end}.",
    )
