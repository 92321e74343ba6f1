"""D4 — unknown facts: a fact given as ``None`` fails its check with the check's own code
(the same code as ``False``), and the message says the fact is unknown. A missing rating
fails with ENTERPRISE_RATING_MISSING.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcomp import (
    Bank,
    Claim,
    Code,
    Enterprise,
    Loan,
    Pledge,
    check_bank,
    check_claim,
    check_enterprise,
    check_loan,
)
from ipcomp.testing import banks, enterprises, example_claim, loans

C = Code
ENTERPRISE_FACTS = {
    "legal_person": C.ENTERPRISE_NOT_LEGAL_PERSON,
    "operating": C.ENTERPRISE_NOT_OPERATING,
    "via_platform": C.ENTERPRISE_NOT_VIA_PLATFORM,
}
BANK_FACTS = {
    "meets_fund_conditions": C.BANK_FUND_CONDITIONS_UNMET,
    "ip_credit_system": C.BANK_NO_IP_CREDIT_SYSTEM,
    "responsible_staff": C.BANK_NO_RESPONSIBLE_STAFF,
    "filed_in_shandong": C.BANK_NOT_FILED_IN_SHANDONG,
}
LOAN_FACTS = {
    "direct": C.LOAN_NOT_DIRECT,
    "written_contract": C.LOAN_NO_WRITTEN_CONTRACT,
    "via_platform": C.LOAN_NOT_VIA_PLATFORM,
}
CLAIM_FACTS = {
    "via_platform": C.CLAIM_NOT_VIA_PLATFORM,
    "overdue": C.CLAIM_NOT_NON_PERFORMING,
}


def rebuild(model, **changes):
    return type(model).model_validate({**dict(model), **changes})


def assert_unknown_fails_like_false(check, model, field, code):
    unknown = check(rebuild(model, **{field: None}))
    false = check(rebuild(model, **{field: False}))
    assert not unknown.eligible
    assert not false.eligible
    assert unknown.codes == false.codes == {code}
    (said_unknown,) = unknown.findings
    (said_false,) = false.findings
    assert "unknown" in said_unknown.message_en
    assert "未知" in said_unknown.message_zh
    assert "unknown" not in said_false.message_en
    assert "未知" not in said_false.message_zh
    assert said_unknown.article == said_false.article
    assert said_unknown.blocking
    assert said_false.blocking


@given(enterprises(eligible=True), st.sampled_from(sorted(ENTERPRISE_FACTS)))
def test_unknown_enterprise_facts_fail_like_false(enterprise, field):
    """Art. 3, D4: legal person, operating, via the platform: None fails like False."""
    assert_unknown_fails_like_false(check_enterprise, enterprise, field, ENTERPRISE_FACTS[field])


@given(banks(eligible=True), st.sampled_from(sorted(BANK_FACTS)))
def test_unknown_bank_facts_fail_like_false(bank, field):
    """Art. 6, D4: the fund's conditions, IP credit system, staff, filing: None fails like False."""
    assert_unknown_fails_like_false(check_bank, bank, field, BANK_FACTS[field])


@given(loans(eligible=True), st.sampled_from(sorted(LOAN_FACTS)))
def test_unknown_loan_facts_fail_like_false(loan, field):
    """Art. 4, 7, D4: direct lending, written contract, via the platform: None fails like False."""
    assert_unknown_fails_like_false(check_loan, loan, field, LOAN_FACTS[field])


@given(loans(eligible=True), st.data())
def test_unknown_pledge_registration_fails_like_false(loan, data):
    """Art. 7(3), D4: an unknown registration fails like a missing one, saying "unknown"."""
    index = data.draw(st.integers(0, len(loan.pledges) - 1))

    def with_registration(registered):
        pledges = list(loan.pledges)
        pledges[index] = Pledge(kind=pledges[index].kind, registered=registered)
        return check_loan(rebuild(loan, pledges=pledges))

    unknown, false = with_registration(None), with_registration(False)
    assert unknown.codes == false.codes == {C.LOAN_PLEDGE_NOT_REGISTERED}
    assert "unknown" in unknown.findings[0].message_en
    assert "(unknown)" not in false.findings[0].message_en


@pytest.mark.parametrize("field", sorted(CLAIM_FACTS))
def test_unknown_claim_facts_fail_like_false(field):
    """Art. 8(3), D4, D16: via the platform, overdue: None fails like False."""
    assert_unknown_fails_like_false(check_claim, example_claim(), field, CLAIM_FACTS[field])


def test_unknown_risk_class_fails_like_a_performing_one():
    """Art. 8(3), D4, D16: an unknown risk class fails like a performing (normal) one."""
    unknown = check_claim(example_claim(risk_class=None))
    normal = check_claim(example_claim(risk_class="NORMAL"))
    assert unknown.codes == normal.codes == {C.CLAIM_NOT_NON_PERFORMING}
    assert "unknown" in unknown.findings[0].message_en
    assert "未知" in unknown.findings[0].message_zh
    assert "NORMAL" in normal.findings[0].message_en


@given(enterprises(eligible=True))
def test_missing_rating_has_its_own_code(enterprise):
    """Art. 3(2), D4: a missing rating fails with ENTERPRISE_RATING_MISSING, not BELOW_C."""
    decision = check_enterprise(rebuild(enterprise, rating=None))
    assert decision.codes == {C.ENTERPRISE_RATING_MISSING}
    assert "no fund business rating" in decision.findings[0].message_en


@given(banks(eligible=True))
def test_no_report_date_means_not_reported(bank):
    """Art. 6(3), D4: an unknown report date is no report: BANK_NOT_REPORTED_IN_WEIHAI."""
    decision = check_bank(rebuild(bank, reported_in_weihai_on=None))
    assert decision.codes == {C.BANK_NOT_REPORTED_IN_WEIHAI}


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Enterprise, "legal_person"),
        (Enterprise, "rating"),
        (Bank, "reported_in_weihai_on"),
        (Pledge, "registered"),
        (Loan, "direct"),
        (Claim, "overdue"),
        (Claim, "risk_class"),
    ],
)
def test_unknown_is_an_explicit_none_never_a_default(model, field):
    """D4: a fact that may be unknown has no default; the caller must say None."""
    assert model.model_fields[field].is_required()
