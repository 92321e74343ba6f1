"""Art. 6 — the cooperating bank: ``check_bank`` (D4), and the assessed caps of Art. 8(2)
(D8: a cap above ``later_year_cap_max`` is a data error, BANK_ASSESSED_CAP_ABOVE_MAX).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcomp import WEIHAI_2020, Bank, Code, check_bank, check_claim
from ipcomp.testing import amounts, banks, example_bank, example_claim, example_loan

C = Code
#: docs/schemes/weihai_2020/policy.md's code table for the bank.
ARTICLE = {
    C.BANK_FUND_CONDITIONS_UNMET: "Art. 6",
    C.BANK_NO_IP_CREDIT_SYSTEM: "Art. 6(1)",
    C.BANK_NO_RESPONSIBLE_STAFF: "Art. 6(1)",
    C.BANK_NOT_FILED_IN_SHANDONG: "Art. 6(2)",
    C.BANK_NOT_REPORTED_IN_WEIHAI: "Art. 6(3)",
    C.BANK_ASSESSED_CAP_ABOVE_MAX: "Art. 8(2)",
}
MAX = Decimal("1500000.00")


def rebuild(bank: Bank, **changes) -> Bank:
    return Bank.model_validate({**dict(bank), **changes})


def _cap_above_max(bank, data):
    year = data.draw(st.integers(2020, 2030), label="year")
    cap = data.draw(amounts(MAX + Decimal("0.01"), 10**9), label="cap")
    return {"assessed_caps": {**bank.assessed_caps, year: cap}}


DEFECTS = {
    C.BANK_FUND_CONDITIONS_UNMET: lambda b, data: {"meets_fund_conditions": False},
    C.BANK_NO_IP_CREDIT_SYSTEM: lambda b, data: {"ip_credit_system": False},
    C.BANK_NO_RESPONSIBLE_STAFF: lambda b, data: {"responsible_staff": False},
    C.BANK_NOT_FILED_IN_SHANDONG: lambda b, data: {"filed_in_shandong": False},
    C.BANK_NOT_REPORTED_IN_WEIHAI: lambda b, data: {"reported_in_weihai_on": None},
    C.BANK_ASSESSED_CAP_ABOVE_MAX: _cap_above_max,
}


def assert_well_formed(decision) -> None:
    for finding in decision.findings:
        assert finding.article == ARTICLE[finding.code]
        assert finding.message_zh.strip()
        assert finding.message_en.strip()
        assert finding.blocking
    assert decision.eligible == (not decision.findings)


@given(banks(eligible=True))
def test_an_eligible_bank_has_no_findings(bank):
    """Art. 6: a bank meeting every criterion, with caps within the maximum, passes."""
    decision = check_bank(bank)
    assert decision.eligible
    assert decision.findings == ()


@given(banks(eligible=True), st.sampled_from(list(DEFECTS)), st.data())
def test_each_single_defect_yields_exactly_its_code(bank, code, data):
    """Art. 6, 6(1)-(3), 8(2): one failed criterion gives exactly its own code."""
    decision = check_bank(rebuild(bank, **DEFECTS[code](bank, data)))
    assert not decision.eligible
    assert [f.code for f in decision.findings] == [code]
    assert_well_formed(decision)


@given(banks(eligible=True), st.sets(st.sampled_from(list(DEFECTS))), st.data())
def test_every_failed_criterion_is_reported(bank, codes, data):
    """Art. 6: several defects give all their codes, not just the first."""
    changes: dict = {}
    for code in codes:
        changes.update(DEFECTS[code](bank, data))
    decision = check_bank(rebuild(bank, **changes))
    assert decision.codes == frozenset(codes)
    assert len(decision.findings) == len(codes)
    assert_well_formed(decision)


@given(banks())
def test_any_bank_gets_exactly_the_codes_of_its_failed_criteria(bank):
    """Art. 6, D4, D8: for any bank the codes are exactly its failed criteria; one cap
    finding per business year above the maximum; eligible iff nothing blocks."""
    decision = check_bank(bank)
    expected = [
        code
        for code, fact in [
            (C.BANK_FUND_CONDITIONS_UNMET, bank.meets_fund_conditions),
            (C.BANK_NO_IP_CREDIT_SYSTEM, bank.ip_credit_system),
            (C.BANK_NO_RESPONSIBLE_STAFF, bank.responsible_staff),
            (C.BANK_NOT_FILED_IN_SHANDONG, bank.filed_in_shandong),
            (C.BANK_NOT_REPORTED_IN_WEIHAI, bank.reported_in_weihai_on),
        ]
        if not fact
    ]
    expected += [C.BANK_ASSESSED_CAP_ABOVE_MAX for cap in bank.assessed_caps.values() if cap > MAX]
    assert [f.code for f in decision.findings] == expected
    assert_well_formed(decision)


@pytest.mark.parametrize(
    ("field", "english", "chinese"),
    [
        ("meets_fund_conditions", "basic conditions", "基本条件"),
        ("ip_credit_system", "IP credit management system", "知识产权信贷管理制度"),
        ("responsible_staff", "responsible department and staff", "责任部门和人员"),
        ("filed_in_shandong", "Shandong AMR (IP office) and the Shandong CBIRC", "山东银保监局"),
    ],
)
def test_messages_name_the_requirement(field, english, chinese):
    """Art. 6, 6(1), 6(2): the message names the unmet requirement (both provincial bodies)."""
    (finding,) = check_bank(example_bank(**{field: False})).findings
    assert english in finding.message_en
    assert chinese in finding.message_zh


def test_not_reported_names_both_weihai_bodies():
    """Art. 6(3): without a report date there is no compensation; both bodies are named."""
    (finding,) = check_bank(example_bank(reported_in_weihai_on=None)).findings
    assert finding.code is C.BANK_NOT_REPORTED_IN_WEIHAI
    assert "Weihai AMR" in finding.message_en
    assert "Weihai Industrial Investment Group" in finding.message_en
    assert "威海产业投资集团" in finding.message_zh


@pytest.mark.parametrize(
    ("cap", "passes"),
    [
        (0, True),
        (1_000_000, True),
        ("1499999.99", True),
        (1_500_000, True),
        ("1500000.01", False),
        (1_600_000, False),
        (10**12, False),
    ],
)
def test_assessed_cap_is_bounded_by_the_maximum(cap, passes):
    """Art. 8(2), D8: any assessed cap from 0 to 1,500,000 inclusive is fine; above is a
    blocking data error."""
    decision = check_bank(example_bank(assessed_caps={2024: cap}))
    assert decision.eligible == passes
    if not passes:
        (finding,) = decision.findings
        assert finding.code is C.BANK_ASSESSED_CAP_ABOVE_MAX
        assert finding.article == "Art. 8(2)"
        assert "2024" in finding.message_en
        assert f"{Decimal(cap):,.2f}" in finding.message_en
        assert "1,500,000.00" in finding.message_en
        assert "2024年度" in finding.message_zh


def test_one_finding_per_year_above_the_maximum():
    """Art. 8(2), D8: every offending business year is reported, in year order."""
    caps = {2025: 2_000_000, 2021: 1_200_000, 2022: "1500000.01"}
    decision = check_bank(example_bank(assessed_caps=caps))
    assert [f.code for f in decision.findings] == [C.BANK_ASSESSED_CAP_ABOVE_MAX] * 2
    assert "2022" in decision.findings[0].message_en
    assert "2025" in decision.findings[1].message_en


def test_the_maximum_is_a_policy_parameter():
    """Art. 8(2), D8: policy.later_year_cap_max is honoured."""
    bank = example_bank(assessed_caps={2024: 1_600_000})
    assert not check_bank(bank).eligible
    assert check_bank(bank, WEIHAI_2020.derive(later_year_cap_max=2_000_000)).eligible
    lower = WEIHAI_2020.derive(later_year_cap_max=1_200_000)
    assert check_bank(example_bank(assessed_caps={2024: "1200000.01"}), lower).codes == {
        C.BANK_ASSESSED_CAP_ABOVE_MAX
    }


def test_a_claim_before_the_report_date_is_not_compensated():
    """Art. 6(3): a claim applied for before the bank reported its filing in Weihai fails
    with BANK_NOT_REPORTED_IN_WEIHAI; on or after the report date it is fine."""
    late_bank = example_bank(reported_in_weihai_on=dt.date(2023, 10, 12))
    loan = example_loan(bank=late_bank)
    on_time = check_claim(example_claim(loan=loan, applied_on=dt.date(2023, 10, 12)))
    assert C.BANK_NOT_REPORTED_IN_WEIHAI not in on_time.codes
    early = check_claim(example_claim(loan=loan, applied_on=dt.date(2023, 10, 11)))
    assert C.BANK_NOT_REPORTED_IN_WEIHAI in early.codes
    assert not early.eligible
    finding = next(f for f in early.findings if f.code is C.BANK_NOT_REPORTED_IN_WEIHAI)
    assert finding.article == "Art. 6(3)"
    assert "2023-10-11" in finding.message_en
    assert "2023-10-12" in finding.message_en


def test_bank_findings_in_full():
    """Art. 6, 6(1)–6(3), D4: the whole bilingual message of each bank finding, for facts
    not met and facts unknown."""
    bank = example_bank(
        meets_fund_conditions=False,
        ip_credit_system=False,
        responsible_staff=None,
        filed_in_shandong=False,
        reported_in_weihai_on=None,
    )
    found = {f.code: (f.message_zh, f.message_en) for f in check_bank(bank).findings}
    assert found == {
        Code.BANK_FUND_CONDITIONS_UNMET: (
            "不满足：符合信保基金合作银行基本条件。",
            "requirement not met: the bank meets the fund's basic conditions for partner banks.",
        ),
        Code.BANK_NO_IP_CREDIT_SYSTEM: (
            "不满足：建立知识产权信贷管理制度。",
            "requirement not met: the bank has an IP credit management system.",
        ),
        Code.BANK_NO_RESPONSIBLE_STAFF: (
            "未知是否有明确的责任部门和人员（事实未提供，按不符合处理）。",
            "it is unknown whether the bank has a responsible department and staff (fact not "
            "given; treated as unmet).",
        ),
        Code.BANK_NOT_FILED_IN_SHANDONG: (
            "不满足：山东省总行或牵头分行已向省市场监管局（知识产权局）和山东银保监局登记备案。",
            "requirement not met: the Shandong head office or lead branch is filed with both "
            "the Shandong AMR (IP office) and the Shandong CBIRC office.",
        ),
        Code.BANK_NOT_REPORTED_IN_WEIHAI: (
            "备案情况未报威海市市场监管局和威海产业投资集团，不予补偿。",
            "the filing has not been reported to the Weihai AMR and Weihai Industrial "
            "Investment Group; no compensation is due.",
        ),
    }
