"""Art. 7 — the bank's duties as checkable facts.

(1) five-class risk classification; substandard, doubtful and loss are non-performing;
(2) approval and post-loan tracking through the platform (LOAN_NOT_VIA_PLATFORM);
(3) a written loan contract (LOAN_NO_WRITTEN_CONTRACT) and pledge registration for every
pledged right (LOAN_PLEDGE_NOT_REGISTERED). ``check_loan`` reports every failed criterion
of Art. 4, 7 and 14 together.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcomp import Code, IPKind, Loan, Pledge, RiskClass, check_loan
from ipcomp.testing import example_loan, loans

C = Code
#: docs/schemes/weihai_2020/policy.md's code table for the loan.
ARTICLE = {
    C.LOAN_NO_ELIGIBLE_IP: "Art. 4",
    C.LOAN_NOT_DIRECT: "Art. 4",
    C.LOAN_NOT_VIA_PLATFORM: "Art. 7(2)",
    C.LOAN_NO_WRITTEN_CONTRACT: "Art. 7(3)",
    C.LOAN_PLEDGE_NOT_REGISTERED: "Art. 7(3)",
    C.LOAN_OUTSIDE_VALIDITY: "Art. 14",
}
OTHER_KINDS = [k for k in IPKind if k not in (IPKind.PATENT, IPKind.TRADEMARK)]


def rebuild(loan: Loan, **changes) -> Loan:
    return Loan.model_validate({**dict(loan), **changes})


def _no_eligible_ip(loan, data):
    kinds = data.draw(st.lists(st.sampled_from(OTHER_KINDS), max_size=3), label="kinds")
    return {"pledges": [Pledge(kind=k, registered=True) for k in kinds]}


def _unregistered(loan, data):
    index = data.draw(st.integers(0, len(loan.pledges) - 1), label="pledge")
    registered = data.draw(st.sampled_from([False, None]), label="registered")
    pledges = list(loan.pledges)
    pledges[index] = Pledge(kind=pledges[index].kind, registered=registered)
    return {"pledges": pledges}


def _outside(loan, data):
    before = st.dates(dt.date(2000, 1, 1), dt.date(2020, 8, 22))
    after = st.dates(dt.date(2026, 8, 23), dt.date(2099, 12, 31))
    return {"disbursed_on": data.draw(before | after, label="disbursed_on")}


DEFECTS = {
    C.LOAN_NO_ELIGIBLE_IP: _no_eligible_ip,
    C.LOAN_NOT_DIRECT: lambda loan, data: {"direct": False},
    C.LOAN_NOT_VIA_PLATFORM: lambda loan, data: {"via_platform": False},
    C.LOAN_NO_WRITTEN_CONTRACT: lambda loan, data: {"written_contract": False},
    C.LOAN_PLEDGE_NOT_REGISTERED: _unregistered,
    C.LOAN_OUTSIDE_VALIDITY: _outside,
}


def assert_well_formed(decision) -> None:
    for finding in decision.findings:
        assert finding.article == ARTICLE[finding.code]
        assert finding.message_zh.strip()
        assert finding.message_en.strip()
        assert finding.blocking
    assert decision.eligible == (not decision.findings)


def test_risk_classes():
    """Art. 7(1), D16: five classes; substandard, doubtful and loss are non-performing (不良)."""
    assert [r.value for r in RiskClass] == [
        "NORMAL",
        "SPECIAL_MENTION",
        "SUBSTANDARD",
        "DOUBTFUL",
        "LOSS",
    ]
    assert {r for r in RiskClass if r.non_performing} == {
        RiskClass.SUBSTANDARD,
        RiskClass.DOUBTFUL,
        RiskClass.LOSS,
    }
    assert not RiskClass.NORMAL.non_performing
    assert not RiskClass.SPECIAL_MENTION.non_performing


@given(loans(eligible=True))
def test_an_eligible_loan_has_no_findings(loan):
    """Art. 4, 7(2), 7(3), 14: a loan meeting every criterion passes with no finding."""
    decision = check_loan(loan)
    assert decision.eligible
    assert decision.findings == ()


@given(loans(eligible=True), st.sampled_from(list(DEFECTS)), st.data())
def test_each_single_defect_yields_exactly_its_code(loan, code, data):
    """Art. 4, 7(2), 7(3), 14: one failed criterion gives exactly its own code."""
    decision = check_loan(rebuild(loan, **DEFECTS[code](loan, data)))
    assert not decision.eligible
    assert [f.code for f in decision.findings] == [code]
    assert_well_formed(decision)


@given(loans(eligible=True), st.sets(st.sampled_from(list(DEFECTS))), st.data())
def test_every_failed_criterion_is_reported(loan, codes, data):
    """Art. 4, 7, 14: several defects give all their codes, not just the first.

    (Registration is damaged after the IP kinds are replaced, so both can be seen.)
    """
    changes: dict = {}
    for code in sorted(codes, key=lambda c: c is C.LOAN_PLEDGE_NOT_REGISTERED):
        current = rebuild(loan, **changes)
        if code is C.LOAN_PLEDGE_NOT_REGISTERED and not current.pledges:
            changes["pledges"] = [Pledge(kind=IPKind.COPYRIGHT, registered=False)]
            continue
        changes.update(DEFECTS[code](current, data))
    decision = check_loan(rebuild(loan, **changes))
    assert decision.codes == frozenset(codes)
    assert len(decision.findings) == len(codes)
    assert_well_formed(decision)


@given(loans())
def test_any_loan_gets_exactly_the_codes_of_its_failed_criteria(loan):
    """Art. 4, 7, 14, D4: for any loan the codes are exactly its failed criteria."""
    expected = set()
    if not any(p.kind in (IPKind.PATENT, IPKind.TRADEMARK) for p in loan.pledges):
        expected.add(C.LOAN_NO_ELIGIBLE_IP)
    for code, fact in [
        (C.LOAN_NOT_DIRECT, loan.direct),
        (C.LOAN_NOT_VIA_PLATFORM, loan.via_platform),
        (C.LOAN_NO_WRITTEN_CONTRACT, loan.written_contract),
    ]:
        if fact is not True:
            expected.add(code)
    if any(p.registered is not True for p in loan.pledges):
        expected.add(C.LOAN_PLEDGE_NOT_REGISTERED)
    if not dt.date(2020, 8, 23) <= loan.disbursed_on <= dt.date(2026, 8, 22):
        expected.add(C.LOAN_OUTSIDE_VALIDITY)
    decision = check_loan(loan)
    assert decision.codes == expected
    assert len(decision.findings) == len(expected)
    assert_well_formed(decision)


@pytest.mark.parametrize("via_platform", [False, None])
def test_the_loan_goes_through_the_platform(via_platform):
    """Art. 7(2), D4: approval and post-loan tracking through the platform."""
    (finding,) = check_loan(example_loan(via_platform=via_platform)).findings
    assert finding.code is C.LOAN_NOT_VIA_PLATFORM
    assert finding.article == "Art. 7(2)"
    assert "platform" in finding.message_en
    assert "平台" in finding.message_zh


@pytest.mark.parametrize("written_contract", [False, None])
def test_a_written_contract_is_required(written_contract):
    """Art. 7(3), D4: a written loan contract with the enterprise."""
    (finding,) = check_loan(example_loan(written_contract=written_contract)).findings
    assert finding.code is C.LOAN_NO_WRITTEN_CONTRACT
    assert finding.article == "Art. 7(3)"
    assert "written loan contract" in finding.message_en
    assert "书面借款合同" in finding.message_zh


def test_every_pledged_right_must_be_registered():
    """Art. 7(3): registration is required for every pledged right, the non-qualifying ones
    included; one finding counts and names the unregistered rights."""
    pledges = [
        Pledge(kind="PATENT", registered=True, number="ZL202010000001.X"),
        Pledge(kind="TRADEMARK", registered=False, number="TM-7788"),
        Pledge(kind="COPYRIGHT", registered=None),
    ]
    decision = check_loan(example_loan(pledges=pledges))
    (finding,) = decision.findings
    assert finding.code is C.LOAN_PLEDGE_NOT_REGISTERED
    assert finding.article == "Art. 7(3)"
    assert finding.message_en.startswith("2 pledged right(s)")
    assert "TRADEMARK TM-7788" in finding.message_en
    assert "COPYRIGHT (unknown)" in finding.message_en
    assert "ZL202010000001.X" not in finding.message_en
    assert finding.message_zh.startswith("2 项出质权利")


def test_all_rights_registered_passes():
    """Art. 7(3): with every pledged right registered, Art. 7(3) is met."""
    pledges = [Pledge(kind=k, registered=True) for k in IPKind]
    assert check_loan(example_loan(pledges=pledges)).eligible
