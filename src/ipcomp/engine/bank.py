"""The bank's rules (Weihai: Art. 6, and the assessed caps of Art. 8(2); D4, D8).

* ``bank_reported`` — the filing reported to the scheme's bodies (Weihai Art. 6(3): the
  Weihai AMR and the fund's manager), a date;
* ``assessed_caps_within_max`` — an assessed cap above the maximum of the scheme's
  assessed cap is a data error (D8);
* the yes/no requirements of the scheme's table (Weihai: the fund's basic conditions,
  an IP credit system, responsible staff, filed with both Shandong bodies).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..core.money import format_yuan
from ..facts import AssessedCaps, Bank
from ..findings import Code, Decision, Finding
from ..schemes.weihai_2020.policy import WEIHAI_2020
from .plan import Plan, plan_of, rule
from .requirements import run_checks

if TYPE_CHECKING:
    from ..schemes.model import Scheme
    from ..schemes.weihai_2020.policy import Policy

__all__ = ["bank_findings", "check_bank"]


def check_bank(bank: Bank, policy: Policy | Scheme = WEIHAI_2020) -> Decision:
    """Is the bank a cooperating bank (Weihai: Art. 6)? Every failed criterion is reported.

    >>> from ipcomp import Bank
    >>> bank = Bank(name="示例银行", meets_fund_conditions=True, ip_credit_system=False,
    ...             responsible_staff=None, filed_in_shandong=True, reported_in_weihai_on=None)
    >>> sorted(map(str, check_bank(bank).codes))  # doctest: +NORMALIZE_WHITESPACE
    ['BANK_NOT_REPORTED_IN_WEIHAI', 'BANK_NO_IP_CREDIT_SYSTEM', 'BANK_NO_RESPONSIBLE_STAFF']
    """
    from ..core._args import expect

    return Decision.of(bank_findings(expect(bank, Bank, "bank"), plan_of(policy)))


def bank_findings(bank: Bank, plan: Plan) -> list[Finding]:
    """Every finding of :func:`check_bank`, as a list (used by :func:`~ipcomp.assess`)."""
    return run_checks(plan, "bank", bank)


@rule("bank_reported", passes="obj.reported_in_weihai_on is not None")
def _reported(bank: Bank, plan: Plan, context: Any) -> Finding | None:
    """Art. 6(3): a bank that has not reported its filing gets no compensation."""
    if bank.reported_in_weihai_on is not None:
        return None
    bodies = plan.scheme.reporting_bodies
    return plan.shared(
        Code.BANK_NOT_REPORTED_IN_WEIHAI,
        f"备案情况未报{bodies.zh}，不予补偿。",
        f"the filing has not been reported to {bodies.en}; no compensation is due.",
    )


@rule("assessed_caps_within_max", passes="not obj.assessed_caps")
def _assessed_caps(bank: Bank, plan: Plan, context: Any) -> tuple[Finding, ...] | None:
    """Art. 8(2), D8: an assessed cap above the maximum of the scheme's assessed cap is
    a data error, reported once per offending business year (I8)."""
    most, caps = plan.assessed_max, bank.assessed_caps
    if most is None or not caps or max(caps.values()) <= most:
        return None  # nothing above the maximum: the usual case, no cache lookup (speed)
    return _caps_above(caps, plan)


@lru_cache(maxsize=1024)  # a portfolio has few banks, each with one record of caps
def _caps_above(caps: AssessedCaps, plan: Plan) -> tuple[Finding, ...] | None:
    most = plan.assessed_max
    assert most is not None
    found = tuple(
        plan.finding(
            Code.BANK_ASSESSED_CAP_ABOVE_MAX,
            f"{year}年度考核核定的单笔补偿上限 {format_yuan(cap)} 元超过最高限额 "
            f"{format_yuan(most)} 元（数据错误）。",
            f"the assessed cap {format_yuan(cap)} for business year {year} exceeds the "
            f"maximum {format_yuan(most)} (data error).",
        )
        for year, cap in caps.items()
        if cap > most
    )
    return found or None
