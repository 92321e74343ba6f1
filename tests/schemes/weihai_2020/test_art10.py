"""Art. 10 — any party that falsifies or conceals facts (with Art. 9 for banks): D15.

In the library both articles act through one fact, ``Claim.fraud_found``: the claim is not
compensated and whatever was paid on it goes back in full. Art. 9's bank-specific cases
are pinned in test_art09.py; here, the properties that hold whoever committed the fraud.
"""

from __future__ import annotations

from hypothesis import given

from ipcomp import Code, assess, check_claim, compensate, fraud_returns
from ipcomp.testing import claims


@given(claims(eligible=True))
def test_fraud_bars_any_otherwise_eligible_claim(claim) -> None:  # type: ignore[no-untyped-def]
    """Art. 10, D15: a claim with fraud found is not compensated, whatever else holds;
    CLAIM_FRAUD is its only blocking finding and it cites Art. 9, 10."""
    result = assess(claim.model_copy(update={"fraud_found": True}))
    assert not result.eligible
    assert result.compensation is None
    blocking = [f for f in result.findings if f.blocking]
    assert [f.code for f in blocking] == [Code.CLAIM_FRAUD]
    assert blocking[0].article == "Art. 9, 10"
    assert Code.CLAIM_FRAUD in check_claim(claim.model_copy(update={"fraud_found": True})).codes


@given(claims(eligible=True))
def test_everything_paid_goes_back(claim) -> None:  # type: ignore[no-untyped-def]
    """Art. 10, D15: the amount to return is everything paid on the claim, to each fund
    its own share, and the bank keeps nothing of it."""
    paid = compensate(claim)
    returned = fraud_returns(paid)
    assert (returned.provincial, returned.municipal, returned.bank) == (
        paid.provincial,
        paid.municipal,
        0,
    )
    assert returned.total == paid.total
