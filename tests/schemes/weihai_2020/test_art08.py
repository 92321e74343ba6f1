"""Art. 8 — compensation: 8(1) a recognised principal loss (on the IP part), 8(2) the
amounts (40% provincial, 20% municipal, the per-loan cap), 8(3) an overdue
non-performing loan claimed through the platform. Also Art. 6(3) as applied to a claim
(applied before the bank reported in Weihai) and Art. 14 / D13 (the expiry note), which
`check_claim` reports. The deadline itself (D10, D11) is pinned down in its own module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from ipcomp import (
    WEIHAI_2020,
    Claim,
    Code,
    RiskClass,
    assess,
    assess_many,
    check_bank,
    check_claim,
    check_enterprise,
    check_loan,
    compensate,
)
from ipcomp.testing import amounts, claims, example_claim, example_loan

M = TypeVar("M", bound=BaseModel)
FEN = Decimal("0.01")
HALF_FEN = Decimal("0.005")
PAID_RATES = WEIHAI_2020.provincial_rate + WEIHAI_2020.municipal_rate  # 60%


def changed(model: M, **changes: Any) -> M:
    """``model`` with ``changes``, validated again."""
    return type(model).model_validate({**dict(model), **changes})


def with_bank(claim: Claim, **changes: Any) -> Claim:
    loan = claim.loan
    return changed(claim, loan=changed(loan, bank=changed(loan.bank, **changes)))


def blocking(claim: Claim) -> set[Code]:
    return {f.code for f in assess(claim).findings if f.blocking}


# --- Art. 8(2): the amounts ---------------------------------------------------------------


@given(claims())
def test_total_is_at_most_sixty_percent_of_the_ip_loss(claim: Claim) -> None:
    """Art. 8(2), D14: province 40% + city 20%: the total never exceeds 60% of the
    IP-part loss, plus at most one fen of rounding (half a fen per share)."""
    result = compensate(claim)
    assert result.total <= result.ip_loss * PAID_RATES + FEN
    assert result.total == result.provincial + result.municipal


@given(claims())
def test_uncapped_shares_are_within_half_a_fen_of_the_exact_product(claim: Claim) -> None:
    """Art. 8(2), D14: provincial = 40% and uncapped municipal = 20% of the IP-part loss,
    each rounded once to the nearest fen, halves up; under the default policy the
    provincial share is never capped (D6)."""
    result = compensate(claim)
    exact_provincial = result.ip_loss * WEIHAI_2020.provincial_rate
    exact_municipal = result.ip_loss * WEIHAI_2020.municipal_rate
    assert abs(result.provincial - exact_provincial) <= HALF_FEN
    assert abs(result.municipal_uncapped - exact_municipal) <= HALF_FEN
    assert result.provincial == exact_provincial.quantize(FEN, ROUND_HALF_UP)
    assert result.municipal_uncapped == exact_municipal.quantize(FEN, ROUND_HALF_UP)
    assert result.provincial_uncapped == result.provincial


@given(claims())
def test_shares_and_bank_share_sum_exactly_to_the_ip_loss(claim: Claim) -> None:
    """Art. 8(2), D14: provincial + municipal + the bank's share == IP-part loss,
    exactly; the bank's share is never negative ("the bank bears the rest")."""
    result = compensate(claim)
    assert result.provincial + result.municipal + result.bank_share == result.ip_loss
    assert result.bank_share >= 0
    for amount in (
        result.ip_loss,
        result.provincial,
        result.municipal,
        result.total,
        result.bank_share,
        result.municipal_uncapped,
    ):
        assert amount.as_tuple().exponent == -2


@given(claims())
def test_municipal_never_exceeds_what_remains_under_the_cap(claim: Claim) -> None:
    """Art. 8(2), D5: the city pays at most the cap minus what it already paid on the
    loan, and exactly min(20% share, that remainder)."""
    result = compensate(claim)
    room = max(Decimal(0), result.municipal_cap - claim.municipal_paid_before)
    assert result.municipal <= room
    assert result.municipal == min(result.municipal_uncapped, room)
    assert result.capped == (result.municipal < result.municipal_uncapped)
    assert (Code.NOTE_CAP_APPLIED in {n.code for n in result.notes}) == result.capped


@given(claims(), st.data())
def test_amounts_do_not_decrease_with_the_principal_loss(claim: Claim, data: Any) -> None:
    """Art. 8(2), D9: a larger principal loss on the same loan never pays less (IP-part
    loss, each share and the total are non-decreasing)."""
    other = data.draw(amounts(0, claim.loan.principal))
    low, high = sorted([claim.principal_loss, other])
    a = compensate(changed(claim, principal_loss=low, ip_principal_loss=None))
    b = compensate(changed(claim, principal_loss=high, ip_principal_loss=None))
    assert a.ip_loss <= b.ip_loss
    assert a.provincial <= b.provincial
    assert a.municipal_uncapped <= b.municipal_uncapped
    assert a.municipal <= b.municipal
    assert a.total <= b.total


def test_worked_example_uncapped() -> None:
    """Art. 8(2): 800,000 lost on a pure patent loan: province 40% × 800,000 = 320,000,
    city 20% × 800,000 = 160,000 (cap 1,200,000 not reached), total 480,000, the bank
    bears 800,000 − 480,000 = 320,000."""
    result = compensate(example_claim())
    assert (
        result.ip_loss,
        result.provincial,
        result.municipal,
        result.total,
        result.bank_share,
    ) == (
        Decimal("800000.00"),
        Decimal("320000.00"),
        Decimal("160000.00"),
        Decimal("480000.00"),
        Decimal("320000.00"),
    )
    assert not result.capped
    assert result.notes == ()


def test_worked_example_capped() -> None:
    """Art. 8(2), D8: 2,000,000 lost in business year 2022 (assessed cap 1,500,000):
    city 20% × 2,000,000 = 400,000 < 1,500,000, paid in full; with 1,200,000 already
    paid on the loan only 1,500,000 − 1,200,000 = 300,000 remains."""
    day = {"recognized_on": dt.date(2022, 9, 1), "applied_on": dt.date(2022, 9, 2)}
    full = compensate(example_claim(principal_loss=2_000_000, **day))
    assert (full.municipal, full.municipal_cap, full.capped) == (
        Decimal("400000.00"),
        Decimal("1500000.00"),
        False,
    )
    cut = compensate(
        example_claim(principal_loss=2_000_000, municipal_paid_before=1_200_000, **day)
    )
    assert (cut.provincial, cut.municipal, cut.total, cut.bank_share, cut.capped) == (
        Decimal("800000.00"),
        Decimal("300000.00"),
        Decimal("1100000.00"),
        Decimal("900000.00"),
        True,
    )


# --- Art. 8(1): loss, recognition, the IP part --------------------------------------------


def test_combined_loan_pays_on_the_ip_part_only() -> None:
    """Art. 8(1), D9: for a combined loan only the IP-part loss is compensated: 600,000
    lost on 2,000,000 of which 500,000 IP-secured → 600,000 × 500,000 ÷ 2,000,000 =
    150,000; province 60,000, city 30,000, bank 60,000."""
    claim = example_claim(loan=example_loan(ip_principal=500_000), principal_loss=600_000)
    result = compensate(claim)
    assert (result.ip_loss, result.provincial, result.municipal, result.bank_share) == (
        Decimal("150000.00"),
        Decimal("60000.00"),
        Decimal("30000.00"),
        Decimal("60000.00"),
    )
    assert result.ip_loss_basis == "pro_rata"


@given(claims(combined=False))
def test_pure_ip_loan_pays_on_the_whole_loss(claim: Claim) -> None:
    """Art. 8(1), D9: when the whole principal is IP-secured and no IP loss is stated,
    the IP-part loss is the principal loss."""
    claim = changed(claim, ip_principal_loss=None)
    result = compensate(claim)
    assert result.ip_loss == claim.principal_loss
    assert result.ip_loss_basis == "whole_loan"


# --- Art. 8(1), 8(3), 6(3), 9/10: one defect, one code ---------------------------------------

DEFECTS: list[tuple[str, Callable[[Claim], Claim], Code]] = [
    (
        "zero loss",
        lambda c: changed(c, principal_loss=0, ip_principal_loss=None),
        Code.CLAIM_NO_PRINCIPAL_LOSS,
    ),
    ("not overdue", lambda c: changed(c, overdue=False), Code.CLAIM_NOT_NON_PERFORMING),
    ("overdue unknown", lambda c: changed(c, overdue=None), Code.CLAIM_NOT_NON_PERFORMING),
    ("normal", lambda c: changed(c, risk_class=RiskClass.NORMAL), Code.CLAIM_NOT_NON_PERFORMING),
    (
        "special mention",
        lambda c: changed(c, risk_class=RiskClass.SPECIAL_MENTION),
        Code.CLAIM_NOT_NON_PERFORMING,
    ),
    ("risk class unknown", lambda c: changed(c, risk_class=None), Code.CLAIM_NOT_NON_PERFORMING),
    ("not recognised", lambda c: changed(c, recognized_on=None), Code.CLAIM_NOT_RECOGNISED),
    ("not via platform", lambda c: changed(c, via_platform=False), Code.CLAIM_NOT_VIA_PLATFORM),
    ("platform unknown", lambda c: changed(c, via_platform=None), Code.CLAIM_NOT_VIA_PLATFORM),
    ("fraud", lambda c: changed(c, fraud_found=True), Code.CLAIM_FRAUD),
    (
        "applied before the bank reported",
        lambda c: with_bank(c, reported_in_weihai_on=c.applied_on + dt.timedelta(days=1)),
        Code.BANK_NOT_REPORTED_IN_WEIHAI,
    ),
]


@pytest.mark.parametrize(("name", "defect", "code"), DEFECTS, ids=[d[0] for d in DEFECTS])
@given(claim=claims(eligible=True))
def test_each_claim_defect_yields_exactly_its_code(
    name: str, defect: Callable[[Claim], Claim], code: Code, claim: Claim
) -> None:
    """Art. 8(1), 8(3), 6(3), 9, 10; D4, D15, D16: on an otherwise eligible claim each
    single defect blocks with exactly its own code, in check_claim and in assess; the
    claim is then not paid."""
    assert assess(claim).eligible
    bad = defect(claim)
    assert {f.code for f in check_claim(bad).findings if f.blocking} == {code}
    assert blocking(bad) == {code}
    result = assess(bad)
    assert not result.eligible
    assert result.compensation is None


def test_finding_articles_of_the_claim_codes() -> None:
    """Art. 8(1), 8(3), 6(3), 9, 10: each claim finding cites its article."""
    claim = example_claim(
        principal_loss=0, overdue=False, recognized_on=None, via_platform=False, fraud_found=True
    )
    articles = {f.code: f.article for f in check_claim(claim).findings}
    assert articles == {
        Code.CLAIM_NO_PRINCIPAL_LOSS: "Art. 8(1)",
        Code.CLAIM_NOT_NON_PERFORMING: "Art. 8(3)",
        Code.CLAIM_NOT_RECOGNISED: "Art. 8(1)",
        Code.CLAIM_NOT_VIA_PLATFORM: "Art. 8(3)",
        Code.CLAIM_FRAUD: "Art. 9, 10",
    }
    reported_late = with_bank(example_claim(), reported_in_weihai_on=dt.date(2023, 10, 13))
    (finding,) = check_claim(reported_late).findings
    assert finding.article == "Art. 6(3)"
    assert "before the bank reported its filing in Weihai on 2023-10-13" in finding.message_en


def test_application_on_the_report_day_is_compensated() -> None:
    """Art. 6(3): a claim applied for on the day the bank reported its filing is not
    'before' the report; a claim not yet applied for is not barred by it."""
    claim = example_claim()
    assert assess(with_bank(claim, reported_in_weihai_on=claim.applied_on)).eligible
    pending = changed(claim, applied_on=None)
    assert assess(with_bank(pending, reported_in_weihai_on=dt.date(2024, 1, 1))).eligible


def test_unrecognised_claim_has_no_deadline() -> None:
    """Art. 8(1), 8(3), D11: without recognition there is nothing to count from."""
    result = assess(example_claim(recognized_on=None))
    assert result.deadline is None
    assert result.codes == {Code.CLAIM_NOT_RECOGNISED}


# --- Art. 14, D13: the expiry note ----------------------------------------------------------


def expiry_claim(recognized: dt.date, applied: dt.date | None) -> Claim:
    return example_claim(
        loan=example_loan(disbursed_on=dt.date(2026, 8, 1)),
        recognized_on=recognized,
        applied_on=applied,
    )


def test_claim_after_expiry_is_noted_not_barred() -> None:
    """Art. 14, D13: a claim on a loan made while the measures were in force, applied for
    after 2026-08-22, carries the non-blocking NOTE_POLICY_EXPIRED and is still paid;
    applied on 2026-08-22 it carries no note."""
    late = assess(expiry_claim(dt.date(2026, 9, 1), dt.date(2026, 9, 2)))
    assert late.eligible
    (note,) = [f for f in late.findings if f.code is Code.NOTE_POLICY_EXPIRED]
    assert not note.blocking
    assert note.article == "Art. 14"
    assert "2026-09-02" in note.message_en
    assert note.message_zh.startswith("申请日 2026-09-02 晚于办法有效期届满日 2026-08-22")
    on_time = assess(expiry_claim(dt.date(2026, 8, 21), dt.date(2026, 8, 22)))
    assert Code.NOTE_POLICY_EXPIRED not in on_time.codes


def test_expiry_of_a_pending_claim_follows_its_recognition() -> None:
    """Art. 14, D13, D11 (I14): a claim not yet applied for is judged as of its
    recognition date; an analyst's shorter validity moves the note."""
    pending = check_claim(expiry_claim(dt.date(2026, 8, 24), None))
    (note,) = [f for f in pending.findings if f.code is Code.NOTE_POLICY_EXPIRED]
    assert note.message_zh.startswith("认定日（尚未申请） 2026-08-24")
    assert "the claim date 2026-08-24 is after the measures expired" in note.message_en
    assert Code.NOTE_POLICY_EXPIRED not in assess(expiry_claim(dt.date(2026, 8, 22), None)).codes
    shorter = WEIHAI_2020.derive(effective_until=dt.date(2023, 10, 11))
    assert Code.NOTE_POLICY_EXPIRED in check_claim(example_claim(), shorter).codes


# --- assess: all four checks ----------------------------------------------------------------


@given(claims())
def test_assess_collects_every_check(claim: Claim) -> None:
    """Art. 3, 4, 6, 7, 8, 9, 10, 14: assess reports the findings of check_enterprise,
    check_bank, check_loan and check_claim, in that order, and nothing else; it is
    eligible iff no finding blocks, and pays (compensate's result) iff eligible."""
    loan = claim.loan
    expected = (
        *check_enterprise(loan.enterprise).findings,
        *check_bank(loan.bank).findings,
        *check_loan(loan).findings,
        *check_claim(claim).findings,
    )
    result = assess(claim)
    assert result.findings == expected
    assert result.eligible == (not any(f.blocking for f in expected))
    if result.eligible:
        assert result.compensation == compensate(claim)
    else:
        assert result.compensation is None
    assert result.loan_id == loan.loan_id
    assert check_claim(claim).eligible or not result.eligible


@given(claims(eligible=True))
def test_eligible_claims_are_paid(claim: Claim) -> None:
    """Art. 8: a claim that meets every article is paid what compensate says and has a
    deadline (recognition is within the published calendar)."""
    result = assess(claim)
    assert result.eligible
    assert result.compensation == compensate(claim)
    assert result.deadline is not None
    assert claim.applied_on is not None
    assert claim.applied_on <= result.deadline


@given(st.lists(claims(), max_size=4))
def test_assess_many_is_assess_one_by_one(portfolio: list[Claim]) -> None:
    """Art. 8: a portfolio is assessed claim by claim, in order; any iterable will do."""
    expected = [assess(c) for c in portfolio]
    assert assess_many(portfolio) == expected
    assert assess_many(iter(portfolio)) == expected
    assert assess_many(tuple(portfolio), WEIHAI_2020) == expected


def test_every_entry_point_pays_under_the_policy_given():
    """Art. 8(2): assess, assess_many and check_claim apply the numbers of the policy they
    are given (a what-if policy: the city pays 30%), not the published ones."""
    variant = WEIHAI_2020.derive(municipal_rate="0.30")
    # IP-part loss 800,000; 1,000,000 of the bank's 1,200,000 cap already paid on the loan:
    # 30% (240,000) is cut to the 200,000 left, 20% (160,000) is not
    claim = example_claim(municipal_paid_before="1000000")
    expected = compensate(claim, variant)
    assert (expected.municipal_uncapped, expected.municipal) == (
        Decimal("240000.00"),
        Decimal("200000.00"),
    )
    assert assess(claim, variant).compensation == expected
    assert [a.compensation for a in assess_many([claim, claim], variant)] == [expected] * 2
    assert assess(claim).compensation == compensate(claim)
    # I65: the notes of the arithmetic are the compensation's (and an eligible
    # assessment's), not the claim's own
    assert check_claim(claim, variant).codes == check_claim(claim).codes == frozenset()
    assert assess(claim, variant).codes == {Code.NOTE_CAP_APPLIED}
    assert assess(claim).codes == frozenset()


def test_claim_findings_say_what_is_missing():
    """Art. 8(1), 8(3), D4, D16: a zero loss, a loss not recognised, and an application not
    (or not known to be) made through the platform are each named in both languages."""

    def messages(claim: Claim) -> dict[Code, tuple[str, str]]:
        return {f.code: (f.message_zh, f.message_en) for f in check_claim(claim).findings}

    unknown = messages(example_claim(principal_loss="0", recognized_on=None, via_platform=None))
    assert unknown[Code.CLAIM_NO_PRINCIPAL_LOSS] == (
        "本金损失为零，无可补偿的本金损失。",
        "the principal loss is zero; there is no principal loss to compensate.",
    )
    assert unknown[Code.CLAIM_NOT_RECOGNISED] == (
        "该损失未经省市场监管局（知识产权局）认定。",
        "the loss has not been recognised by the Shandong AMR (IP office).",
    )
    assert unknown[Code.CLAIM_NOT_VIA_PLATFORM] == (
        "未知是否通过平台提出补偿申请（事实未提供，按不符合处理）。",
        "it is unknown whether the claim is made through the platform (fact not given; "
        "treated as unmet).",
    )
    assert messages(example_claim(via_platform=False))[Code.CLAIM_NOT_VIA_PLATFORM] == (
        "不满足：通过平台提出补偿申请。",
        "requirement not met: the claim is made through the platform.",
    )
