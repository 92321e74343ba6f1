"""Cross-field validation of `Claim` (docs/spec/api.md "Claim"; Art. 8(1), 8(3); D5, D9, D11, D14;
docs/decisions.md I4): malformed claims are `pydantic.ValidationError`s that name the
problem, never TypeError/KeyError or a wrong answer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from ipcomp import Claim
from ipcomp.testing import amounts, bad_values, claims, example_claim, example_loan

DAY = dt.timedelta(days=1)
AMOUNT_FIELDS = (
    "principal_loss",
    "ip_principal_loss",
    "municipal_paid_before",
    "provincial_paid_before",
)


def rebuild(claim: Claim, **changes: Any) -> Claim:
    """The claim with ``changes`` applied, validated again (model_copy would not)."""
    return Claim.model_validate({**dict(claim), **changes})


def test_example_claim_is_valid_and_defaults_follow_api() -> None:
    """Art. 8, D5, D15: the optional fields default to no stated IP loss, nothing paid
    before and no fraud."""
    claim = example_claim()
    assert claim.ip_principal_loss is None
    assert claim.municipal_paid_before == claim.provincial_paid_before == Decimal("0.00")
    assert claim.fraud_found is False


@given(claims(), amounts(Decimal("0.01"), 10**6))
def test_loss_above_principal_is_refused(claim: Claim, excess: Decimal) -> None:
    """Art. 8(1): the principal loss cannot exceed the loan's principal; equal is fine."""
    principal = claim.loan.principal
    assert rebuild(claim, principal_loss=principal, ip_principal_loss=None).principal_loss == (
        principal
    )
    with pytest.raises(ValidationError, match=r"principal_loss .* exceeds the loan's principal"):
        rebuild(claim, principal_loss=principal + excess, ip_principal_loss=None)


@given(claims(), amounts(Decimal("0.01"), 10**6))
def test_stated_ip_loss_above_loss_is_refused(claim: Claim, excess: Decimal) -> None:
    """Art. 8(1), D9: a stated IP-part loss cannot exceed the total loss."""
    with pytest.raises(ValidationError, match=r"ip_principal_loss .* exceeds principal_loss"):
        rebuild(claim, ip_principal_loss=claim.principal_loss + excess)


def test_stated_ip_loss_above_ip_principal_is_refused() -> None:
    """Art. 8(1), D9: a stated IP-part loss cannot exceed the IP-secured principal, even
    when it is within the total loss; equal to it is fine."""
    loan = example_loan(ip_principal=Decimal(500_000))
    ok = example_claim(loan=loan, principal_loss=800_000, ip_principal_loss=500_000)
    assert ok.ip_principal_loss == Decimal("500000.00")
    with pytest.raises(ValidationError, match=r"exceeds the IP principal 500000\.00"):
        example_claim(loan=loan, principal_loss=800_000, ip_principal_loss="500000.01")


def test_applied_before_recognised_is_refused() -> None:
    """Art. 8(3), D11: an application before recognition is invalid input; on the same day
    it is fine."""
    day = dt.date(2023, 9, 28)
    assert example_claim(recognized_on=day, applied_on=day).applied_on == day
    with pytest.raises(ValidationError, match="applied_on 2023-09-27 is before recognized_on"):
        example_claim(recognized_on=day, applied_on=day - DAY)


@pytest.mark.parametrize("name", ["recognized_on", "applied_on"])
def test_dates_before_disbursement_are_refused(name: str) -> None:
    """Art. 8(1), I4: neither recognition nor application can precede the loan; on the day
    of disbursement they can."""
    disbursed = example_loan().disbursed_on
    other = {"recognized_on": None} if name == "applied_on" else {"applied_on": None}
    assert getattr(example_claim(**{name: disbursed, **other}), name) == disbursed
    with pytest.raises(ValidationError, match=f"{name} 2022-05-19 is before the loan"):
        example_claim(**{name: disbursed - DAY, **other})


@pytest.mark.parametrize("name", AMOUNT_FIELDS)
def test_negative_amounts_are_refused(name: str) -> None:
    """D5, D14: losses and earlier payments are never negative."""
    with pytest.raises(ValidationError, match=name):
        example_claim(**{name: "-0.01"})
    assert getattr(example_claim(**{name: 0}), name) == Decimal("0.00")


@pytest.mark.parametrize("name", AMOUNT_FIELDS)
@given(value=st.floats(min_value=0, max_value=800_000))
def test_float_amounts_are_refused(name: str, value: float) -> None:
    """D14: a float amount is refused, even a whole one such as 100.0."""
    with pytest.raises(ValidationError, match="float"):
        example_claim(**{name: value})


@pytest.mark.parametrize(
    "name",
    [
        *AMOUNT_FIELDS,
        "recognized_on",
        "applied_on",
        "risk_class",
        "overdue",
        "via_platform",
        "fraud_found",
        "loan",
    ],
)
@given(value=bad_values())
def test_malformed_values_are_validation_errors(name: str, value: object) -> None:
    """D14, I3: a malformed field value gives a ValidationError naming the field, never
    another exception; when it happens to be valid, the claim stays consistent."""
    try:
        claim = example_claim(**{name: value})
    except ValidationError as error:
        problem = str(error)
    else:  # e.g. "" is no date, but a short text may be a valid bool such as "on"
        assert claim.principal_loss <= claim.loan.principal
        return
    assert name in problem


def test_sub_fen_amounts_are_refused_not_rounded() -> None:
    """D14: "100.005" is refused; "100.000" is the same as 100."""
    with pytest.raises(ValidationError, match="below the fen"):
        example_claim(principal_loss="100.005")
    assert example_claim(principal_loss="100.000").principal_loss == Decimal("100.00")


def test_unknown_fields_are_refused_and_claims_are_frozen() -> None:
    """docs/spec/api.md: models are frozen, extra="forbid" and hashable."""
    with pytest.raises(ValidationError, match="recognised_on"):
        example_claim(recognised_on=dt.date(2023, 9, 28))
    claim = example_claim()
    with pytest.raises(ValidationError):
        claim.fraud_found = True
    assert hash(claim) == hash(example_claim())
    assert {claim: 1}[example_claim()] == 1


@given(claims())
def test_generated_claims_satisfy_every_cross_field_rule(claim: Claim) -> None:
    """Art. 8(1), 8(3), D9, D11: every valid claim obeys the rules above, and a JSON
    round trip gives the same claim."""
    assert claim.principal_loss <= claim.loan.principal
    if claim.ip_principal_loss is not None:
        assert claim.ip_principal_loss <= claim.principal_loss
        assert claim.ip_principal_loss <= claim.loan.secured_principal
    for day in (claim.recognized_on, claim.applied_on):
        assert day is None or day >= claim.loan.disbursed_on
    if claim.recognized_on and claim.applied_on:
        assert claim.applied_on >= claim.recognized_on
    assert Claim.model_validate_json(claim.model_dump_json()) == claim
