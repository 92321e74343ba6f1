"""Art. 6 — the cooperating bank, and the assessed caps of Art. 8(2) (D4, D8).

* Art. 6 (chapeau): the fund's basic conditions for partner banks;
* 6(1): an IP credit management system, and a responsible department and staff;
* 6(2): filed with both the Shandong AMR and the Shandong CBIRC office;
* 6(3): the filing reported to both the Weihai AMR and the fund's manager (a date);
* Art. 8(2), D8: an assessed cap above ``later_year_cap_max`` is a data error.
"""

from __future__ import annotations

from ..core._args import expect
from ..core.money import format_yuan
from ..facts import Bank
from ..findings import Code, Decision, Finding, make_finding, shared_finding
from ..schemes.weihai_2020.policy import WEIHAI_2020, Policy
from .requirements import unmet

__all__ = ["bank_findings", "check_bank"]


def check_bank(bank: Bank, policy: Policy = WEIHAI_2020) -> Decision:
    """Is the bank a cooperating bank under Art. 6? Every failed criterion is reported.

    >>> from ipcomp import Bank
    >>> bank = Bank(name="示例银行", meets_fund_conditions=True, ip_credit_system=False,
    ...             responsible_staff=None, filed_in_shandong=True, reported_in_weihai_on=None)
    >>> sorted(map(str, check_bank(bank).codes))  # doctest: +NORMALIZE_WHITESPACE
    ['BANK_NOT_REPORTED_IN_WEIHAI', 'BANK_NO_IP_CREDIT_SYSTEM', 'BANK_NO_RESPONSIBLE_STAFF']
    """
    return Decision.of(bank_findings(expect(bank, Bank, "bank"), expect(policy, Policy, "policy")))


def bank_findings(bank: Bank, policy: Policy) -> list[Finding]:
    """Every finding of :func:`check_bank`, as a list (used by :func:`~ipcomp.assess`)."""
    findings: list[Finding] = []
    if not bank.meets_fund_conditions:
        findings.append(
            unmet(
                bank.meets_fund_conditions,
                Code.BANK_FUND_CONDITIONS_UNMET,
                "符合信保基金合作银行基本条件",
                "the bank meets the fund's basic conditions for partner banks",
            )
        )
    if not bank.ip_credit_system:
        findings.append(
            unmet(
                bank.ip_credit_system,
                Code.BANK_NO_IP_CREDIT_SYSTEM,
                "建立知识产权信贷管理制度",
                "the bank has an IP credit management system",
            )
        )
    if not bank.responsible_staff:
        findings.append(
            unmet(
                bank.responsible_staff,
                Code.BANK_NO_RESPONSIBLE_STAFF,
                "有明确的责任部门和人员",
                "the bank has a responsible department and staff",
            )
        )
    if not bank.filed_in_shandong:
        findings.append(
            unmet(
                bank.filed_in_shandong,
                Code.BANK_NOT_FILED_IN_SHANDONG,
                "山东省总行或牵头分行已向省市场监管局（知识产权局）和山东银保监局登记备案",
                "the Shandong head office or lead branch is filed with both the "
                "Shandong AMR (IP office) and the Shandong CBIRC office",
            )
        )
    if bank.reported_in_weihai_on is None:
        findings.append(
            shared_finding(
                Code.BANK_NOT_REPORTED_IN_WEIHAI,
                "备案情况未报威海市市场监管局和威海产业投资集团，不予补偿。",
                "the filing has not been reported to the Weihai AMR and Weihai Industrial "
                "Investment Group; no compensation is due.",
            )
        )
    for year, cap in bank.assessed_caps.items():
        if cap > policy.later_year_cap_max:
            findings.append(
                make_finding(
                    Code.BANK_ASSESSED_CAP_ABOVE_MAX,
                    f"{year}年度考核核定的单笔补偿上限 {format_yuan(cap)} 元超过最高限额 "
                    f"{format_yuan(policy.later_year_cap_max)} 元（数据错误）。",
                    f"the assessed cap {format_yuan(cap)} for business year {year} exceeds the "
                    f"maximum {format_yuan(policy.later_year_cap_max)} (data error).",
                )
            )
    return findings
