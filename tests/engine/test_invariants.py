"""Metamorphic and invariant properties of the whole assessment (Art. 3, 4, 6, 7, 8, 9,
10; D4, D5, D9, D14–D16): fixing a defect never adds a blocking finding, adding one never
removes any, scaling the amounts scales the compensation, and a portfolio's order does
not matter."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from _strategies import scaled
from ipcomp import Claim, Code, Rating, RiskClass, assess, assess_many, compensate
from ipcomp.testing import claims

M = TypeVar("M", bound=BaseModel)
FEN = Decimal("0.01")


def changed(model: M, **changes: Any) -> M:
    """``model`` with ``changes``, validated again."""
    return type(model).model_validate({**dict(model), **changes})


def on_claim(**changes: Any) -> Callable[[Claim], Claim]:
    return lambda c: changed(c, **changes)


def on_loan(**changes: Any) -> Callable[[Claim], Claim]:
    return lambda c: changed(c, loan=changed(c.loan, **changes))


def on_enterprise(**changes: Any) -> Callable[[Claim], Claim]:
    return lambda c: changed(
        c, loan=changed(c.loan, enterprise=changed(c.loan.enterprise, **changes))
    )


def on_bank(**changes: Any) -> Callable[[Claim], Claim]:
    return lambda c: changed(c, loan=changed(c.loan, bank=changed(c.loan.bank, **changes)))


def zero_loss(claim: Claim) -> Claim:
    return changed(claim, principal_loss=0, ip_principal_loss=None)


def some_loss(claim: Claim) -> Claim:
    if claim.principal_loss:
        return claim
    return changed(claim, principal_loss="0.01", ip_principal_loss=None)


#: (name, fix, [(defect, the code it must raise), ...]) for independent yes/no facts.
TOGGLES: list[tuple[str, Callable[[Claim], Claim], list[tuple[Callable[[Claim], Claim], Code]]]]
TOGGLES = [
    (
        "claim via platform",
        on_claim(via_platform=True),
        [(on_claim(via_platform=v), Code.CLAIM_NOT_VIA_PLATFORM) for v in (False, None)],
    ),
    (
        "overdue",
        on_claim(overdue=True),
        [(on_claim(overdue=v), Code.CLAIM_NOT_NON_PERFORMING) for v in (False, None)],
    ),
    (
        "risk class",
        on_claim(risk_class=RiskClass.DOUBTFUL),
        [
            (on_claim(risk_class=v), Code.CLAIM_NOT_NON_PERFORMING)
            for v in (RiskClass.NORMAL, RiskClass.SPECIAL_MENTION, None)
        ],
    ),
    ("fraud", on_claim(fraud_found=False), [(on_claim(fraud_found=True), Code.CLAIM_FRAUD)]),
    ("loss", some_loss, [(zero_loss, Code.CLAIM_NO_PRINCIPAL_LOSS)]),
    (
        "legal person",
        on_enterprise(legal_person=True),
        [(on_enterprise(legal_person=v), Code.ENTERPRISE_NOT_LEGAL_PERSON) for v in (False, None)],
    ),
    (
        "operating",
        on_enterprise(operating=True),
        [(on_enterprise(operating=v), Code.ENTERPRISE_NOT_OPERATING) for v in (False, None)],
    ),
    (
        "enterprise via platform",
        on_enterprise(via_platform=True),
        [(on_enterprise(via_platform=v), Code.ENTERPRISE_NOT_VIA_PLATFORM) for v in (False, None)],
    ),
    (
        "rating",
        on_enterprise(rating=Rating.A),
        [
            (on_enterprise(rating=Rating.D), Code.ENTERPRISE_RATING_BELOW_C),
            (on_enterprise(rating=None), Code.ENTERPRISE_RATING_MISSING),
        ],
    ),
    (
        "fund conditions",
        on_bank(meets_fund_conditions=True),
        [
            (on_bank(meets_fund_conditions=v), Code.BANK_FUND_CONDITIONS_UNMET)
            for v in (False, None)
        ],
    ),
    (
        "IP credit system",
        on_bank(ip_credit_system=True),
        [(on_bank(ip_credit_system=v), Code.BANK_NO_IP_CREDIT_SYSTEM) for v in (False, None)],
    ),
    (
        "responsible staff",
        on_bank(responsible_staff=True),
        [(on_bank(responsible_staff=v), Code.BANK_NO_RESPONSIBLE_STAFF) for v in (False, None)],
    ),
    (
        "filed in Shandong",
        on_bank(filed_in_shandong=True),
        [(on_bank(filed_in_shandong=v), Code.BANK_NOT_FILED_IN_SHANDONG) for v in (False, None)],
    ),
    (
        "direct",
        on_loan(direct=True),
        [(on_loan(direct=v), Code.LOAN_NOT_DIRECT) for v in (False, None)],
    ),
    (
        "written contract",
        on_loan(written_contract=True),
        [(on_loan(written_contract=v), Code.LOAN_NO_WRITTEN_CONTRACT) for v in (False, None)],
    ),
    (
        "loan via platform",
        on_loan(via_platform=True),
        [(on_loan(via_platform=v), Code.LOAN_NOT_VIA_PLATFORM) for v in (False, None)],
    ),
]
IDS = [t[0] for t in TOGGLES]


def blocking(claim: Claim) -> set[Code]:
    return {f.code for f in assess(claim).findings if f.blocking}


@pytest.mark.parametrize(("name", "fix", "defects"), TOGGLES, ids=IDS)
@settings(max_examples=scaled(30))  # x 16 facts
@given(claim=claims(), data=st.data())
def test_fixing_a_defect_never_adds_and_adding_one_never_removes(
    name: str,
    fix: Callable[[Claim], Claim],
    defects: list[tuple[Callable[[Claim], Claim], Code]],
    claim: Claim,
    data: Any,
) -> None:
    """Art. 3, 4, 6, 7, 8, 9, 10; D4, D15, D16: the checks are monotone in each fact —
    fixing one fact of any claim adds no blocking finding, and breaking a sound fact adds
    exactly its own code and removes none."""
    sound = fix(claim)
    assert blocking(sound) <= blocking(claim)
    defect, code = data.draw(st.sampled_from(defects))
    assert blocking(defect(sound)) == blocking(sound) | {code}


@pytest.mark.parametrize(("name", "fix", "defects"), TOGGLES, ids=IDS)
@settings(max_examples=scaled(30))  # x 16 facts
@given(claim=claims(eligible=True), data=st.data())
def test_one_defect_on_an_eligible_claim_gives_exactly_its_code(
    name: str,
    fix: Callable[[Claim], Claim],
    defects: list[tuple[Callable[[Claim], Claim], Code]],
    claim: Claim,
    data: Any,
) -> None:
    """Art. 3, 4, 6, 7, 8, 9, 10; D4, D16: breaking one fact of an eligible claim blocks it
    with exactly that fact's code; fixing it again makes the claim eligible again."""
    defect, code = data.draw(st.sampled_from(defects))
    assert blocking(defect(claim)) == {code}
    assert assess(fix(defect(claim))).eligible


def scaled(claim: Claim, k: int) -> Claim:
    """Every amount of the claim and its loan × k (the bank's caps are the policy's)."""
    loan = claim.loan
    new_loan = changed(
        loan,
        principal=loan.principal * k,
        ip_principal=None if loan.ip_principal is None else loan.ip_principal * k,
    )
    return changed(
        claim,
        loan=new_loan,
        principal_loss=claim.principal_loss * k,
        ip_principal_loss=None if claim.ip_principal_loss is None else claim.ip_principal_loss * k,
        municipal_paid_before=claim.municipal_paid_before * k,
        provincial_paid_before=claim.provincial_paid_before * k,
    )


@given(claims(), st.integers(2, 1000))
def test_scaling_the_amounts_scales_the_compensation(claim: Claim, k: int) -> None:
    """Art. 8(2), D9, D14: multiplying every amount by an integer k multiplies the IP-part
    loss and the uncapped shares by k, up to rounding (half a fen per rounding, so at most
    (k + 1)/2 fen for the IP loss and k + 1 fen for a share); with the cap, the total is
    at most k times the original total plus that rounding."""
    one, many = compensate(claim), compensate(scaled(claim, k))
    tolerance = (k + 1) * FEN / 2
    if one.ip_loss_basis == "pro_rata":
        assert abs(many.ip_loss - k * one.ip_loss) <= tolerance
    else:
        assert many.ip_loss == k * one.ip_loss
    for share in ("provincial_uncapped", "municipal_uncapped"):
        assert abs(getattr(many, share) - k * getattr(one, share)) <= 2 * tolerance, share
    assert many.total <= k * one.total + 4 * tolerance
    if not (one.capped or many.capped):
        assert abs(many.total - k * one.total) <= 4 * tolerance
    assert many.business_year == one.business_year
    assert many.municipal_cap == one.municipal_cap


@given(st.lists(claims(), min_size=2, max_size=5), st.data())
def test_permuting_a_portfolio_permutes_the_results(portfolio: list[Claim], data: Any) -> None:
    """Art. 8: claims are assessed independently: permuting a portfolio permutes its
    assessments and changes nothing else."""
    results = assess_many(portfolio)
    order = data.draw(st.permutations(range(len(portfolio))))
    assert assess_many([portfolio[i] for i in order]) == [results[i] for i in order]


@given(claims())
def test_assessment_is_pure(claim: Claim) -> None:
    """Art. 8: assessing twice gives equal results and leaves the claim unchanged."""
    snapshot = claim.model_dump_json()
    assert assess(claim) == assess(claim)
    assert claim.model_dump_json() == snapshot
