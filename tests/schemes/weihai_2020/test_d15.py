"""D15 — fraud: `fraud_found` (Art. 9, 10) makes a claim ineligible; the amount to return
is everything paid on it."""

from __future__ import annotations

import pytest
from hypothesis import given
from pydantic import ValidationError

from ipcomp import WEIHAI_2020, Claim, Code, assess, compensate, fraud_returns
from ipcomp.testing import claims, example_claim, example_loan


@given(claims())
def test_fraud_returns_exactly_what_was_paid(claim: Claim) -> None:
    """D15, Art. 9, 10: each fund gets back exactly its payment, capped or not; the bank
    keeps nothing; the total returned is the total paid."""
    paid = compensate(claim)
    returned = fraud_returns(paid)
    assert (returned.provincial, returned.municipal, returned.bank) == (
        paid.provincial,
        paid.municipal,
        0,
    )
    assert returned.total == paid.total


@given(claims(eligible=True))
def test_fraud_alone_bars_an_eligible_claim(claim: Claim) -> None:
    """D15, Art. 9, 10: an otherwise eligible claim flagged as fraud is refused with
    CLAIM_FRAUD as its only blocking finding; the return equals what assess paid
    before the flag."""
    paid = assess(claim).compensation
    assert paid is not None
    result = assess(claim.model_validate({**dict(claim), "fraud_found": True}))
    assert not result.eligible
    assert [f.code for f in result.findings if f.blocking] == [Code.CLAIM_FRAUD]
    assert fraud_returns(paid).total == paid.total


def test_fraud_under_the_government_total_scope() -> None:
    """D15, D6: under cap_scope="government_total" a 5,000,000 loss in 2023 pays
    1,200,000 in all (province 1,200,000, city 0); fraud returns that, no more."""
    policy = WEIHAI_2020.derive(cap_scope="government_total")
    claim = example_claim(loan=example_loan(principal=5_000_000), principal_loss=5_000_000)
    paid = compensate(claim, policy)
    assert (paid.provincial_uncapped, paid.municipal_uncapped) == (2_000_000, 1_000_000)
    returned = fraud_returns(paid)
    assert (returned.provincial, returned.municipal) == (1_200_000, 0)


def test_fraud_found_is_a_plain_yes_no() -> None:
    """D15 (I19): fraud not found is the default; unknown (None) is not a value."""
    assert example_claim().fraud_found is False
    with pytest.raises(ValidationError, match="fraud_found"):
        example_claim(fraud_found=None)
