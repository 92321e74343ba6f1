"""D16 — non-performing: a claim requires the loan to be overdue **and** classified
substandard, doubtful or loss (`CLAIM_NOT_NON_PERFORMING`, Art. 8(3), Art. 7(1));
separately the principal loss must be positive (`CLAIM_NO_PRINCIPAL_LOSS`, Art. 8(1)),
and a zero loss does not also make the loan performing."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given

from ipcomp import Claim, Code, RiskClass, assess, check_claim
from ipcomp.testing import claims, example_claim

NON_PERFORMING = {RiskClass.SUBSTANDARD, RiskClass.DOUBTFUL, RiskClass.LOSS}
CASES = list(itertools.product([True, False, None], [*RiskClass, None]))


@pytest.mark.parametrize(("overdue", "risk_class"), CASES)
def test_overdue_and_non_performing_both_required(
    overdue: bool | None, risk_class: RiskClass | None
) -> None:
    """D16, Art. 8(3), 7(1): CLAIM_NOT_NON_PERFORMING exactly unless the loan is overdue
    and substandard, doubtful or loss; its message names each failed part, and says when
    a fact is unknown (D4)."""
    decision = check_claim(example_claim(overdue=overdue, risk_class=risk_class))
    ok = overdue is True and risk_class in NON_PERFORMING
    assert decision.eligible == ok
    assert (Code.CLAIM_NOT_NON_PERFORMING in decision.codes) == (not ok)
    if ok:
        return
    (finding,) = decision.findings
    assert finding.blocking
    assert finding.article == "Art. 8(3)"
    message = finding.message_en
    assert ("not overdue" in message) == (overdue is False)
    assert ("unknown whether the loan is overdue" in message) == (overdue is None)
    assert ("risk class is unknown" in message) == (risk_class is None)
    performing = risk_class is not None and risk_class not in NON_PERFORMING
    assert (f"risk class {risk_class} is not substandard" in message) == performing
    assert finding.message_zh.startswith("不是逾期不良贷款：")


def test_non_performing_set_matches_the_risk_classes() -> None:
    """D16, Art. 7(1): of the five classes, the last three are non-performing (不良)."""
    assert {c for c in RiskClass if c.non_performing} == NON_PERFORMING


@given(claims())
def test_zero_loss_is_its_own_finding(claim: Claim) -> None:
    """D16, Art. 8(1): CLAIM_NO_PRINCIPAL_LOSS iff the loss is zero; a zero loss never
    adds CLAIM_NOT_NON_PERFORMING (which depends only on overdue and the risk class)."""
    codes = check_claim(claim).codes
    assert (Code.CLAIM_NO_PRINCIPAL_LOSS in codes) == (claim.principal_loss == 0)
    npl = claim.overdue is True and claim.risk_class in NON_PERFORMING
    assert (Code.CLAIM_NOT_NON_PERFORMING in codes) == (not npl)


def test_zero_loss_on_a_non_performing_loan() -> None:
    """D16, Art. 8(1): a recognised, overdue loss-class loan with nothing lost has only
    CLAIM_NO_PRINCIPAL_LOSS; it is not paid."""
    result = assess(example_claim(principal_loss=0))
    assert [f.code for f in result.findings if f.blocking] == [Code.CLAIM_NO_PRINCIPAL_LOSS]
    assert result.compensation is None
    paid = assess(example_claim(principal_loss="0.01")).compensation
    assert paid is not None  # one fen is a loss: 40% = 0.004 → 0.00, 20% = 0.002 → 0.00
    assert (paid.provincial, paid.municipal, paid.bank_share) == (0, 0, Decimal("0.01"))


def test_not_non_performing_says_each_reason():
    """Art. 8(3), D4, D16: CLAIM_NOT_NON_PERFORMING lists every reason, in both languages:
    overdue unknown or not overdue, risk class unknown or not substandard/doubtful/loss."""

    def message(claim: Claim) -> tuple[str, str]:
        (finding,) = [
            f for f in check_claim(claim).findings if f.code is Code.CLAIM_NOT_NON_PERFORMING
        ]
        return finding.message_zh, finding.message_en

    assert message(example_claim(overdue=None, risk_class=None)) == (
        "不是逾期不良贷款：未知是否逾期；风险分类未知。",
        "not an overdue non-performing loan: it is unknown whether the loan is overdue; its "
        "risk class is unknown.",
    )
    assert message(example_claim(overdue=False, risk_class=RiskClass.NORMAL)) == (
        "不是逾期不良贷款：贷款未逾期；风险分类为NORMAL，非次级、可疑或损失类。",
        "not an overdue non-performing loan: the loan is not overdue; its risk class NORMAL "
        "is not substandard, doubtful or loss.",
    )
