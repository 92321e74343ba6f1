"""Art. 4, 7(2), 7(3), 14 — the loan's own facts (D4, D13).

* Art. 4: a patent or trademark right pledged (``policy.eligible_ip_kinds``), the bank
  lending directly to the enterprise as pledgee;
* 7(2): approval and tracking through the platform;
* 7(3): a written loan contract, and pledge registration for every pledged right;
* Art. 14, D13: disbursed within the validity window.
"""

from __future__ import annotations

from functools import lru_cache

from ..core._args import expect
from ..core.enums import IPKind
from ..facts import Loan
from ..findings import Code, Decision, Finding, make_finding
from ..schemes.weihai_2020.policy import WEIHAI_2020, Policy
from .requirements import unmet

__all__ = ["check_loan", "loan_findings"]


def check_loan(loan: Loan, policy: Policy = WEIHAI_2020) -> Decision:
    """Does the loan qualify under Art. 4, 7 and 14? Every failed criterion is reported.

    The enterprise and the bank are checked by :func:`check_enterprise` and
    :func:`check_bank`; :func:`~ipcomp.assess` runs all of them.

    >>> import datetime as dt
    >>> from ipcomp.testing import example_loan
    >>> loan = example_loan(disbursed_on=dt.date(2026, 9, 1))
    >>> sorted(map(str, check_loan(loan).codes))
    ['LOAN_OUTSIDE_VALIDITY']
    """
    return Decision.of(loan_findings(expect(loan, Loan, "loan"), expect(policy, Policy, "policy")))


def loan_findings(loan: Loan, policy: Policy) -> list[Finding]:
    """Every finding of :func:`check_loan`, as a list (used by :func:`~ipcomp.assess`)."""
    findings: list[Finding] = []
    eligible_kinds = policy.eligible_ip_kinds
    has_eligible_ip, unregistered = False, []
    for pledge in loan.pledges:  # one pass for Art. 4 and 7(3)
        has_eligible_ip = has_eligible_ip or pledge.kind in eligible_kinds
        if not pledge.registered:
            unregistered.append(pledge)
    if not has_eligible_ip:
        pledged = tuple(sorted({p.kind for p in loan.pledges}))
        findings.append(_no_eligible_ip(pledged, eligible_kinds))
    if not loan.direct:
        findings.append(
            unmet(
                loan.direct,
                Code.LOAN_NOT_DIRECT,
                "银行作为质权人直接向企业发放贷款",
                "the bank lends directly to the enterprise as pledgee",
            )
        )
    if not loan.via_platform:
        findings.append(
            unmet(
                loan.via_platform,
                Code.LOAN_NOT_VIA_PLATFORM,
                "贷款审批及贷后跟踪通过平台进行",
                "approval and post-loan tracking went through the platform",
            )
        )
    if not loan.written_contract:
        findings.append(
            unmet(
                loan.written_contract,
                Code.LOAN_NO_WRITTEN_CONTRACT,
                "与企业签订书面借款合同",
                "a written loan contract was signed",
            )
        )
    if unregistered:
        names = ", ".join(
            f"{p.kind}{' ' + p.number if p.number else ''}"
            f"{' (unknown)' if p.registered is None else ''}"
            for p in unregistered
        )
        findings.append(
            make_finding(
                Code.LOAN_PLEDGE_NOT_REGISTERED,
                f"{len(unregistered)} 项出质权利未办理（或未知是否办理）质押登记：{names}。",
                f"{len(unregistered)} pledged right(s) lack (or have unknown) pledge "
                f"registration: {names}.",
            )
        )
    if not policy.effective_from <= loan.disbursed_on <= policy.effective_until:
        findings.append(
            make_finding(
                Code.LOAN_OUTSIDE_VALIDITY,
                f"贷款发放日 {loan.disbursed_on} 不在办法有效期 {policy.effective_from} 至 "
                f"{policy.effective_until} 内。",
                f"disbursed on {loan.disbursed_on}, outside the validity period "
                f"{policy.effective_from} to {policy.effective_until}.",
            )
        )
    return findings


@lru_cache(maxsize=256)  # a portfolio has few distinct (pledged, eligible) kinds
def _no_eligible_ip(pledged: tuple[IPKind, ...], eligible: frozenset[IPKind]) -> Finding:
    """Art. 4: ``LOAN_NO_ELIGIBLE_IP``, naming what was pledged and what would count."""
    kinds = sorted(eligible)
    kinds_pledged = ", ".join(pledged)
    return make_finding(
        Code.LOAN_NO_ELIGIBLE_IP,
        f"质押物（{kinds_pledged or '无'}）中无专利权或商标权（{'、'.join(kinds)}）。",
        f"no eligible IP ({', '.join(kinds)}) is pledged; pledged: {kinds_pledged or 'nothing'}.",
    )
