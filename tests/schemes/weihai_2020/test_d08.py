"""D8 — the later-year cap (Art. 8(2)): 1,000,000 in the bank's first business year;
later, the cap granted by the bank's performance assessment for that business year
(any amount ≥ 0), never more than `later_year_cap_max` (1,500,000); with no assessment
on record, the first-year cap and `NOTE_NO_ASSESSMENT`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given

from ipcomp import WEIHAI_2020, Claim, Code, assess, check_bank, compensate
from ipcomp.testing import banks, claims, example_bank, example_claim, example_loan, loans


def in_2023(caps: dict[int, Any], loss: int = 10_000_000, **bank: Any) -> Claim:
    """``loss`` on a 20,000,000 loan claimed in business year 2023, for a bank that
    reported in 2020 (first business year 2020) with assessed ``caps``."""
    loan = example_loan(principal=20_000_000, bank=example_bank(assessed_caps=caps, **bank))
    return example_claim(loan=loan, principal_loss=loss)


def test_first_year_cap_even_with_an_assessment() -> None:
    """D8, D7: in the bank's first business year the cap is 1,000,000 whatever an
    assessment says: reported 2023-04-01 → first year 2023; 20% × 10,000,000 =
    2,000,000 → 1,000,000."""
    result = compensate(in_2023({2023: 1_500_000}, reported_in_weihai_on=dt.date(2023, 4, 1)))
    assert (result.municipal_cap, result.municipal, result.cap_basis) == (
        1_000_000,
        1_000_000,
        "first_year",
    )


def test_later_year_uses_the_assessed_cap() -> None:
    """D8: business year 2023, assessed 1,300,000: 2,000,000 due → 1,300,000; an
    assessed 0 pays nothing."""
    result = compensate(in_2023({2023: 1_300_000}))
    assert (result.municipal_cap, result.municipal, result.cap_basis) == (
        1_300_000,
        1_300_000,
        "assessed",
    )
    assert result.notes[0].code is Code.NOTE_CAP_APPLIED
    nothing = compensate(in_2023({2023: 0}))
    assert (nothing.municipal, nothing.capped) == (0, True)


def test_assessed_cap_above_the_maximum_is_a_data_error() -> None:
    """D8: an assessed 1,600,000 is above 1,500,000: check_bank blocks with
    BANK_ASSESSED_CAP_ABOVE_MAX (Art. 8(2)), and compensate still never uses more than
    1,500,000."""
    claim = in_2023({2023: 1_600_000})
    result = compensate(claim)
    assert (result.municipal_cap, result.municipal) == (1_500_000, 1_500_000)
    assert Code.BANK_ASSESSED_CAP_ABOVE_MAX in check_bank(claim.loan.bank).codes
    verdict = assess(claim)
    assert not verdict.eligible
    assert {f.code for f in verdict.findings if f.blocking} == {Code.BANK_ASSESSED_CAP_ABOVE_MAX}


def test_no_assessment_uses_the_first_year_cap_with_a_note() -> None:
    """D8: business year 2023 with no assessment for 2023: the first-year 1,000,000
    applies and NOTE_NO_ASSESSMENT (non-blocking, Art. 8(2)) says so; the claim is paid."""
    claim = in_2023({2022: 1_500_000})
    result = compensate(claim)
    assert (result.municipal_cap, result.municipal, result.cap_basis) == (
        1_000_000,
        1_000_000,
        "no_assessment",
    )
    codes = [n.code for n in result.notes]
    assert codes == [Code.NOTE_NO_ASSESSMENT, Code.NOTE_CAP_APPLIED]
    note = result.notes[0]
    assert (note.article, note.blocking) == ("Art. 8(2)", False)
    assert "business year 2023" in note.message_en
    verdict = assess(claim)
    assert verdict.eligible
    assert Code.NOTE_NO_ASSESSMENT in verdict.codes


def test_a_lower_maximum_bounds_the_assessed_cap() -> None:
    """D8: an analyst's later_year_cap_max = 1,100,000 bounds an assessed 1,300,000."""
    policy = WEIHAI_2020.derive(later_year_cap_max=1_100_000)
    result = compensate(in_2023({2023: 1_300_000}), policy)
    assert (result.municipal_cap, result.municipal) == (1_100_000, 1_100_000)


@given(claims(loan=loans(bank=banks())))
def test_compensate_never_uses_more_than_the_maximum(claim: Claim) -> None:
    """D8: whatever the bank's record (assessed caps up to 2,000,000), the cap in force
    is at most max(first_year_cap, later_year_cap_max); an assessed cap above the maximum
    always makes check_bank block."""
    result = compensate(claim)
    assert result.municipal_cap <= WEIHAI_2020.later_year_cap_max
    bank = claim.loan.bank
    above = any(cap > WEIHAI_2020.later_year_cap_max for cap in bank.assessed_caps.values())
    assert (Code.BANK_ASSESSED_CAP_ABOVE_MAX in check_bank(bank).codes) == above
    assert (Code.NOTE_NO_ASSESSMENT in {n.code for n in result.notes}) == (
        result.cap_basis == "no_assessment"
    )
    if result.cap_basis == "assessed":
        assert result.municipal_cap == min(
            bank.assessed_caps[result.business_year], WEIHAI_2020.later_year_cap_max
        )
    else:
        assert result.municipal_cap == WEIHAI_2020.first_year_cap
    assert result.municipal_cap == result.municipal_cap.quantize(Decimal("0.01"))
