"""Art. 3(2), 4, 8(2), 8(3): what-if variants of the Weihai measures speak of the variant.

Each test failed before the engine read its texts from the scheme (issue 12): a message
or a code's meaning repeated the published value (patents and trademarks, rating C, 10
working days) whatever the variant said, and an ineligible claim carried a note about
a payment it never got.
"""

from __future__ import annotations

import datetime as dt

from ipcomp import WEIHAI_2020, Code, IPKind, Pledge, Rating, assess, check_claim, check_enterprise
from ipcomp.engine.plan import plan_of
from ipcomp.testing import example_claim, example_enterprise, example_loan


def test_copyright_variant_names_copyright_in_both_languages() -> None:
    """Art. 4: with only copyright eligible, LOAN_NO_ELIGIBLE_IP says 著作权, not 专利权或商标权,
    and the code's meaning names the eligible kind."""
    variant = WEIHAI_2020.derive(eligible_ip_kinds=[IPKind.COPYRIGHT])
    finding = next(
        f for f in assess(example_claim(), variant).findings if f.code == "LOAN_NO_ELIGIBLE_IP"
    )
    assert "中无著作权（COPYRIGHT）" in finding.message_zh
    assert "专利权" not in finding.message_zh
    assert finding.message_en == "no eligible IP (COPYRIGHT) is pledged; pledged: PATENT."
    assert (
        plan_of(variant).info(Code.LOAN_NO_ELIGIBLE_IP).meaning
        == "no eligible IP (COPYRIGHT) pledged"
    )
    published = plan_of(WEIHAI_2020).info(Code.LOAN_NO_ELIGIBLE_IP)
    assert published.meaning == "no eligible IP (PATENT, TRADEMARK) pledged"


def test_copyright_pledge_is_eligible_under_the_copyright_variant() -> None:
    """Art. 4: a copyright pledge passes where copyright is eligible, fails where not."""
    loan = example_loan(pledges=[Pledge(kind="COPYRIGHT", registered=True)])
    claim = example_claim(loan=loan)
    variant = WEIHAI_2020.derive(eligible_ip_kinds=[IPKind.COPYRIGHT, IPKind.PATENT])
    assert Code.LOAN_NO_ELIGIBLE_IP not in assess(claim, variant).codes
    assert Code.LOAN_NO_ELIGIBLE_IP in assess(claim).codes


def test_rating_b_variant_speaks_of_b() -> None:
    """Art. 3(2), D2: under min_rating B a C-rated firm fails, and the code's meaning and
    the message name B (the code keeps its stable name, docs/spec/api.md)."""
    variant = WEIHAI_2020.derive(min_rating=Rating.B)
    firm = example_enterprise(rating=Rating.C)
    decision = check_enterprise(firm, variant)
    assert decision.codes == {Code.ENTERPRISE_RATING_BELOW_C}
    (finding,) = decision.findings
    assert finding.message_en == "rating C is below the required B."
    assert plan_of(variant).info(Code.ENTERPRISE_RATING_BELOW_C).meaning == (
        "rating below the minimum (B)"
    )
    assert check_enterprise(firm).eligible


def test_fifteen_working_days_variant_speaks_of_fifteen() -> None:
    """Art. 8(3), D10: with a 15-working-day window the code table says 15th, and an
    application on the 12th working day is in time."""
    variant = WEIHAI_2020.derive(application_window=15)
    assert plan_of(variant).info(Code.CLAIM_LATE).meaning == "applied after the 15th working day"
    assert (
        plan_of(WEIHAI_2020).info(Code.CLAIM_LATE).meaning == "applied after the 10th working day"
    )
    claim = example_claim(applied_on=dt.date(2023, 10, 23))  # 12th working day after 09-28
    assert Code.CLAIM_LATE in check_claim(claim).codes
    assert Code.CLAIM_LATE not in check_claim(claim, variant).codes


def test_an_ineligible_claim_carries_no_note_about_a_payment() -> None:
    """Art. 8(2), 9, 10, I65: a fraud claim whose arithmetic would be capped is not
    eligible, has no compensation, and no NOTE_CAP_APPLIED (the amount is computed, and
    noted, only for an eligible claim)."""
    claim = example_claim(fraud_found=True, municipal_paid_before="1200000")
    assessment = assess(claim)
    assert not assessment.eligible
    assert assessment.compensation is None
    assert assessment.codes == {Code.CLAIM_FRAUD}
    eligible = assess(example_claim(municipal_paid_before="1200000"))
    assert Code.NOTE_CAP_APPLIED in eligible.codes


def test_findings_cite_the_scheme_and_the_chinese_article() -> None:
    """Art. 8(2): each finding names the scheme that gave it and its article in Chinese."""
    assessment = assess(example_claim(municipal_paid_before="1200000"))
    (note,) = assessment.findings
    assert (note.code, note.scheme, note.article, note.article_zh) == (
        Code.NOTE_CAP_APPLIED,
        "weihai_2020",
        "Art. 8(2)",
        "第八条第（二）项",
    )
