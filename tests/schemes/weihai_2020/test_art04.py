"""Art. 4 — IP-pledge financing: a patent or trademark right pledged, the bank lending
directly to the enterprise as pledgee (``check_loan``; parameter ``eligible_ip_kinds``).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcomp import WEIHAI_2020, Code, IPKind, Loan, Pledge, check_loan
from ipcomp.testing import example_loan, loans

NO_IP = Code.LOAN_NO_ELIGIBLE_IP
NOT_DIRECT = Code.LOAN_NOT_DIRECT
OTHER_KINDS = [k for k in IPKind if k not in (IPKind.PATENT, IPKind.TRADEMARK)]


def pledged(*kinds: IPKind) -> Loan:
    return example_loan(pledges=[Pledge(kind=k, registered=True) for k in kinds])


def test_api_ip_kinds_exist():
    """Art. 4: IPKind has at least the kinds docs/spec/api.md names; only patents and trademarks qualify
    by default."""
    names = {k.name for k in IPKind}
    assert {"PATENT", "TRADEMARK", "COPYRIGHT", "GEOGRAPHICAL_INDICATION", "TRADE_SECRET"} <= names
    assert WEIHAI_2020.eligible_ip_kinds == frozenset({IPKind.PATENT, IPKind.TRADEMARK})


@pytest.mark.parametrize("kind", [IPKind.PATENT, IPKind.TRADEMARK])
def test_a_patent_or_trademark_alone_qualifies(kind):
    """Art. 4: 专利权 or 商标权 pledged is IP-pledge financing."""
    assert check_loan(pledged(kind)).eligible


@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_other_ip_alone_does_not_qualify(kind):
    """Art. 4: copyright, software copyright, GI, trade secret alone do not qualify."""
    decision = check_loan(pledged(kind))
    assert decision.codes == {NO_IP}
    (finding,) = decision.findings
    assert finding.article == "Art. 4"
    assert kind.value in finding.message_en
    assert "PATENT" in finding.message_en
    assert "TRADEMARK" in finding.message_en
    assert "专利权或商标权" in finding.message_zh


@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_other_ip_beside_a_patent_is_harmless(kind):
    """Art. 4: a patent pledged together with other rights qualifies."""
    assert check_loan(pledged(kind, IPKind.PATENT)).eligible


def test_no_pledge_at_all_does_not_qualify():
    """Art. 4: a loan with nothing pledged is not IP-pledge financing."""
    decision = check_loan(example_loan(pledges=()))
    assert decision.codes == {NO_IP}
    assert "pledged: nothing" in decision.findings[0].message_en


def test_copyright_qualifies_when_the_policy_adds_it():
    """Art. 4: policy.eligible_ip_kinds is honoured: COPYRIGHT passes once added."""
    wider = WEIHAI_2020.derive(eligible_ip_kinds={IPKind.PATENT, IPKind.TRADEMARK, "COPYRIGHT"})
    assert not check_loan(pledged(IPKind.COPYRIGHT)).eligible
    assert check_loan(pledged(IPKind.COPYRIGHT), wider).eligible


def test_a_narrower_policy_refuses_patents():
    """Art. 4: with trademarks only, a patent alone fails and the message names the kinds."""
    narrow = WEIHAI_2020.derive(eligible_ip_kinds={IPKind.TRADEMARK})
    decision = check_loan(pledged(IPKind.PATENT), narrow)
    assert decision.codes == {NO_IP}
    assert "no eligible IP (TRADEMARK)" in decision.findings[0].message_en


@given(
    loans(),
    st.sets(st.sampled_from(list(IPKind))),
)
def test_eligible_ip_iff_some_pledged_kind_is_eligible(loan, kinds):
    """Art. 4: LOAN_NO_ELIGIBLE_IP iff no pledged right is of an eligible kind."""
    policy = WEIHAI_2020.derive(eligible_ip_kinds=kinds)
    decision = check_loan(loan, policy)
    expected = not any(p.kind in kinds for p in loan.pledges)
    assert (NO_IP in decision.codes) == expected


@pytest.mark.parametrize("direct", [False, None])
def test_the_bank_must_lend_directly(direct):
    """Art. 4, D4: the bank lends directly to the enterprise as pledgee (unknown fails too)."""
    decision = check_loan(example_loan(direct=direct))
    assert decision.codes == {NOT_DIRECT}
    (finding,) = decision.findings
    assert finding.article == "Art. 4"
    assert "directly" in finding.message_en
    assert "直接" in finding.message_zh


@given(loans(eligible=True))
def test_eligible_loans_pass_art_4(loan):
    """Art. 4: an eligible loan pledges a patent or trademark and is lent directly."""
    decision = check_loan(loan)
    assert decision.eligible
    assert any(p.kind in (IPKind.PATENT, IPKind.TRADEMARK) for p in loan.pledges)


def test_loan_findings_in_full():
    """Art. 4, 7(2), 7(3), D4: the whole bilingual message of each loan finding: what is
    pledged and what would qualify, each fact not met or unknown, and every pledged right
    without (or with unknown) registration."""
    loan = example_loan(
        direct=False,
        via_platform=None,
        written_contract=False,
        pledges=[
            Pledge(kind=IPKind.COPYRIGHT, registered=False, number="R-1"),
            Pledge(kind=IPKind.SOFTWARE_COPYRIGHT, registered=None),
        ],
    )
    found = {f.code: (f.message_zh, f.message_en) for f in check_loan(loan).findings}
    assert found == {
        Code.LOAN_NO_ELIGIBLE_IP: (
            "质押物（COPYRIGHT, SOFTWARE_COPYRIGHT）中无专利权或商标权（PATENT、TRADEMARK）。",
            "no eligible IP (PATENT, TRADEMARK) is pledged; pledged: COPYRIGHT, "
            "SOFTWARE_COPYRIGHT.",
        ),
        Code.LOAN_NOT_DIRECT: (
            "不满足：银行作为质权人直接向企业发放贷款。",
            "requirement not met: the bank lends directly to the enterprise as pledgee.",
        ),
        Code.LOAN_NOT_VIA_PLATFORM: (
            "未知是否贷款审批及贷后跟踪通过平台进行（事实未提供，按不符合处理）。",
            "it is unknown whether approval and post-loan tracking went through the platform "
            "(fact not given; treated as unmet).",
        ),
        Code.LOAN_NO_WRITTEN_CONTRACT: (
            "不满足：与企业签订书面借款合同。",
            "requirement not met: a written loan contract was signed.",
        ),
        Code.LOAN_PLEDGE_NOT_REGISTERED: (
            "2 项出质权利未办理（或未知是否办理）质押登记：COPYRIGHT R-1, SOFTWARE_COPYRIGHT "
            "(unknown)。",
            "2 pledged right(s) lack (or have unknown) pledge registration: COPYRIGHT R-1, "
            "SOFTWARE_COPYRIGHT (unknown).",
        ),
    }
    (empty,) = check_loan(example_loan(pledges=[])).findings
    assert (empty.message_zh, empty.message_en) == (
        "质押物（无）中无专利权或商标权（PATENT、TRADEMARK）。",
        "no eligible IP (PATENT, TRADEMARK) is pledged; pledged: nothing.",
    )
