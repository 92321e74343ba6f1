"""Wrong argument types to the public functions are a clear InvalidArgument naming the
argument — never a raw AttributeError or TypeError (README: bad input gets a clear error)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

import ipcomp
from ipcomp import WEIHAI_2020, InvalidArgument
from ipcomp.testing import example_claim

CLAIM = example_claim()
COMP = ipcomp.compensate(CLAIM)

CALLS = {
    "assess(None)": (lambda: ipcomp.assess(None), "claim must be an ipcomp.Claim"),
    "assess(loan)": (lambda: ipcomp.assess(CLAIM.loan), "not Loan"),
    "assess(policy dict)": (
        lambda: ipcomp.assess(CLAIM, {"municipal_rate": "0.3"}),
        r"policy must be an ipcomp.Policy, not dict \(for a variant, use WEIHAI_2020.derive",
    ),
    "assess_many(None)": (lambda: ipcomp.assess_many(None), "iterable of ipcomp.Claim"),
    "assess_many(str)": (lambda: ipcomp.assess_many("claims.csv"), "not str"),
    "assess_many(dict)": (lambda: ipcomp.assess_many({"a": 1}), "not dict"),
    "assess_many([claim, None])": (
        lambda: ipcomp.assess_many([CLAIM, None]),
        r"claims\[1\] must be an ipcomp.Claim",
    ),
    "assess_many(policy)": (lambda: ipcomp.assess_many([CLAIM], "WEIHAI"), "policy must be"),
    "check_enterprise(None)": (lambda: ipcomp.check_enterprise(None), "enterprise must be"),
    "check_bank({})": (lambda: ipcomp.check_bank({}), "bank must be an ipcomp.Bank"),
    "check_loan(claim)": (lambda: ipcomp.check_loan(CLAIM), "loan must be an ipcomp.Loan"),
    "check_enterprise(policy)": (
        lambda: ipcomp.check_enterprise(CLAIM.loan.enterprise, None),
        "policy must be",
    ),
    "check_claim(loan)": (lambda: ipcomp.check_claim(CLAIM.loan), "claim must be"),
    "check_claim(policy)": (lambda: ipcomp.check_claim(CLAIM, 0.3), "policy must be"),
    "compensate(None)": (lambda: ipcomp.compensate(None), "claim must be"),
    "compensate(policy)": (lambda: ipcomp.compensate(CLAIM, "0.3"), "policy must be"),
    "fraud_returns(None)": (lambda: ipcomp.fraud_returns(None), "compensation must be"),
    "allocate_recovery(None, 5)": (
        lambda: ipcomp.allocate_recovery(None, 5),
        "compensation must be an ipcomp.Compensation",
    ),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_wrong_argument_types_are_invalid_argument(call: tuple[Any, str]) -> None:
    """Every public function names the argument of the wrong type."""
    function, message = call
    with pytest.raises(InvalidArgument, match=message):
        function()


def test_a_claim_given_as_a_mapping_is_validated() -> None:
    """A claim given as a mapping of its fields is validated into a Claim (so
    ``assess(claim.model_dump())`` works), and a bad mapping is a ValidationError."""
    data = CLAIM.model_dump()
    assert ipcomp.assess(data) == ipcomp.assess(CLAIM)
    assert ipcomp.compensate(data) == COMP
    assert ipcomp.check_claim(data) == ipcomp.check_claim(CLAIM)
    assert ipcomp.assess_many([data, CLAIM]) == ipcomp.assess_many([CLAIM, CLAIM])
    with pytest.raises(ValidationError, match="principal_loss"):
        ipcomp.assess({**data, "principal_loss": 1.5})
    assert ipcomp.assess_many((c for c in [CLAIM]), WEIHAI_2020)[0].eligible


def test_assess_many_of_one_claim_is_refused() -> None:
    """A single Claim is not a portfolio (a pydantic model iterates over its fields)."""
    with pytest.raises(InvalidArgument) as caught:
        ipcomp.assess_many(CLAIM)
    assert str(caught.value) == "claims must be an iterable of ipcomp.Claim, not Claim"


_NOT_A_POLICY = (
    "policy must be an ipcomp.Policy, not str (for a variant, use WEIHAI_2020.derive(...))"
)


@pytest.mark.parametrize(
    ("function", "message"),
    [
        (lambda: ipcomp.check_bank(CLAIM.loan.bank, "WEIHAI"), _NOT_A_POLICY),
        (lambda: ipcomp.check_loan(CLAIM.loan, "WEIHAI"), _NOT_A_POLICY),
        (lambda: ipcomp.business_year(CLAIM.applied_on, "WEIHAI"), _NOT_A_POLICY),
        (lambda: ipcomp.application_deadline(CLAIM.applied_on, "WEIHAI"), _NOT_A_POLICY),
        (
            lambda: ipcomp.business_year("2023-09-28"),
            "day must be a datetime.date, not str '2023-09-28'",
        ),
        (lambda: ipcomp.first_business_year("示例银行"), "bank must be an ipcomp.Bank, not str"),
    ],
)
def test_the_refusal_names_argument_expected_type_and_given_type(
    function: Any, message: str
) -> None:
    """Art. 4, 6, D7, D10: a refused argument of check_bank, check_loan and the deadline
    functions is named in full: the argument, the type expected and the type given."""
    with pytest.raises(InvalidArgument) as caught:
        function()
    assert str(caught.value) == message


def test_a_refused_model_argument_has_no_policy_hint() -> None:
    """Art. 6: only a refused policy gets the derive() hint; any other argument is named
    with its expected and given types alone."""
    with pytest.raises(InvalidArgument) as caught:
        ipcomp.check_bank({})  # type: ignore[arg-type]
    assert str(caught.value) == "bank must be an ipcomp.Bank, not dict"
