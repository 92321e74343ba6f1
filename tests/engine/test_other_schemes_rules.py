"""The engine on a scheme that is not Weihai's (the example scheme of three payers, its
payers renamed where a test needs no payer named ``provincial`` or ``municipal``): the
findings cite that scheme's articles, the yes/no requirements of a subject may be none,
and a recovery goes back to the payers the scheme has (Art. 7(4), D14 of Weihai; issue
12). Also the IP-part loss in fen, exact whatever the caller's decimal context (D14)."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal, localcontext

from _strategies import example_scheme_data, whole_loan_claim
from ipcomp import (
    Claim,
    Code,
    allocate_recovery,
    assess,
    check_claim,
    compensate,
    fraud_returns,
)
from ipcomp.engine.compensation import ip_part_loss
from ipcomp.schemes import Scheme


def _three_payers(renamed: bool = False) -> Scheme:
    return Scheme.model_validate(example_scheme_data(renamed=renamed))


def _claim(**update: object) -> Claim:
    """800,000.00 lost on a loan of 1,000,000.00, all IP-secured, pledged indirectly (so
    the guarantor pays too)."""
    return whole_loan_claim(direct=False, **update)


def test_a_finding_cites_the_article_of_its_schemes_code_table() -> None:
    """A finding's article and blocking come from its scheme's code table, not from
    Weihai's (Weihai cites the cap note to Art. 8(2)); every subject is checked, also the
    claim, which has no yes/no requirement in this scheme, only rules."""
    scheme = _three_payers()
    assessment = assess(_claim(), scheme)
    assert assessment.eligible
    (note,) = assessment.findings
    assert (note.code, note.article, note.article_zh, note.blocking, note.scheme) == (
        Code.NOTE_CAP_APPLIED,
        "Art. 7",
        "第七条",
        False,
        "example_three_payers",
    )
    assert (note.message_zh, note.message_en) == (
        "补偿上限削减了补偿金额：市级 240,000.00 → 0.00 元，省级 320,000.00 → 220,000.00 元。",
        "a cap reduced the payment: municipal 240,000.00 → 0.00, provincial 320,000.00 → "
        "220,000.00.",
    )


def test_a_claim_is_checked_also_when_its_scheme_has_no_yes_no_requirement_on_claims() -> None:
    """The example scheme's claim rules are all rules (recognised, in time, no fraud...),
    none a yes/no requirement: ``check_claim`` runs them and finds nothing on a good
    claim, and a fraud on a bad one."""
    scheme = _three_payers()
    assert check_claim(_claim(), scheme).findings == ()
    (fraud,) = check_claim(_claim(fraud_found=True), scheme).findings
    assert (fraud.code, fraud.article, fraud.blocking) == (Code.CLAIM_FRAUD, "Art. 10", True)


def test_payments_before_beyond_a_cap_on_several_payers_name_them_all() -> None:
    """D5 (I23): what the payers of one cap paid before on the loan together can be at
    most that cap (30% of the 1,000,000.00 principal here); beyond it the data are wrong,
    and the finding names every payer of the cap, in both languages."""
    claim = _claim(
        provincial_paid_before=Decimal("200000.00"),
        municipal_paid_before=Decimal("90000.00"),
        paid_before={"guarantor": "20000.00"},
    )
    (finding,) = check_claim(claim, _three_payers()).findings
    assert (finding.code, finding.blocking) == (Code.CLAIM_PAID_BEFORE_IMPLAUSIBLE, True)
    assert finding.message_zh == (
        "该笔贷款已付补偿数据有误：省级、市级、担保公司已付 310,000.00 元超过单笔上限最高可能的 "
        "300,000.00 元。"
    )
    assert finding.message_en == (
        "the compensation stated as paid before on the loan is impossible: provincial + "
        "municipal + guarantor paid before 310,000.00 exceeds the most the cap 'loan' can "
        "be, 300,000.00 (data error)."
    )


def test_a_recovery_goes_back_to_the_payers_the_scheme_has() -> None:
    """D14: the recovery is shared pro rata to what each payer paid and the bank bore;
    without payers named provincial and municipal, those two funds get 0.00 and every
    payer of the scheme is listed, in the scheme's order."""
    compensation = compensate(_claim(), _three_payers(renamed=True))
    assert [(s.payer, s.paid) for s in compensation.shares] == [
        ("province", Decimal("220000.00")),
        ("city", Decimal("0.00")),
        ("guarantor", Decimal("80000.00")),
    ]
    recovery = allocate_recovery(compensation, "100000.00")
    zero = Decimal("0.00")
    assert (recovery.provincial, recovery.municipal, recovery.bank) == (
        zero,
        zero,
        Decimal("62500.00"),
    )
    assert recovery.others == {
        "province": Decimal("27500.00"),
        "city": zero,
        "guarantor": Decimal("10000.00"),
    }
    assert str(recovery) == (
        "provincial fund 0.00, municipal fund 0.00, province 27,500.00, city 0.00, "
        "guarantor 10,000.00, bank 62,500.00"
    )
    returned = fraud_returns(compensation)
    assert (returned.provincial, returned.municipal, returned.bank) == (zero, zero, zero)
    assert str(returned) == (
        "provincial fund 0.00, municipal fund 0.00, province 220,000.00, city 0.00, "
        "guarantor 80,000.00, bank 0.00"
    )


def test_the_ip_part_loss_in_fen_is_exact_whatever_the_decimal_context() -> None:
    """Art. 8(1), D14: the IP-part loss in whole fen is exact, also for the largest
    amounts and under a caller's decimal context of 3 digits rounding down."""
    claim = whole_loan_claim("12345678901.23", principal="98765432109.87")
    assert ip_part_loss(claim) == (1234567890123, "whole_loan")
    with localcontext() as context:
        context.prec, context.rounding = 3, ROUND_DOWN
        assert ip_part_loss(claim) == (1234567890123, "whole_loan")
