"""Values (issue 14): one meaning per key, every accepted value read back as itself,
absurd numbers refused quickly and never silently changed.

I45 (business-year keys), I46 (rates), I47 (absurd numbers), I54 (copies).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from ipcomp import (
    WEIHAI_2020,
    Bank,
    Claim,
    Enterprise,
    InvalidArgument,
    Loan,
    Pledge,
    Policy,
    assess,
)
from ipcomp.core.money import format_rate, parse_money, parse_rate
from ipcomp.core.sme import classify_size
from ipcomp.core.uscc import check_character
from ipcomp.records import claim_to_row, row_to_claim
from ipcomp.testing import (
    banks,
    claims,
    enterprises,
    example_bank,
    example_claim,
    loans,
    policies,
    rates,
)

from .helpers import claim


@pytest.mark.parametrize(
    "key", ["2023 ", " 2023", "02023", "+2023", "2023.0", "２０２３", "1999", True]
)
def test_business_year_keys_must_be_canonical(key: Any) -> None:
    """I45, D8: `"2023 "`, `"02023"`, `"+2023"` all meant 2023 and the last one won
    (the municipal cap 160,000.00 became 0.00, exit 0): now each is refused, naming the
    rule."""
    with pytest.raises(ValidationError, match="business year is written 2023"):
        example_bank(assessed_caps={key: "1500000.00"})


def test_one_year_once() -> None:
    """I45, D8: the int 2023 and the text "2023" together are refused, naming both;
    each alone is the year 2023."""
    with pytest.raises(ValidationError, match="2023 and '2023' are the same year"):
        example_bank(assessed_caps={2023: "1.00", "2023": "0.00"})
    assert example_bank(assessed_caps={"2023": "1.00"}) == example_bank(assessed_caps={2023: 1})
    raw = json.dumps({"2023": "1.00", "2024": "2.00"})
    bank = Bank.model_validate_json(
        example_bank()
        .model_dump_json()
        .replace(
            json.dumps(
                example_bank().model_dump(mode="json")["assessed_caps"], separators=(",", ":")
            ),
            raw,
        )
    )
    assert dict(bank.assessed_caps) == {2023: Decimal("1.00"), 2024: Decimal("2.00")}
    row = claim_to_row(claim())
    with pytest.raises(ValidationError, match="business year"):
        row_to_claim({**row, "loan.bank.assessed_caps": '{"2023 ": "0", "2023": "1"}'})


MODELS: list[tuple[type[BaseModel], Any]] = [
    (Enterprise, enterprises()),
    (Bank, banks()),
    (Loan, loans()),
    (Claim, claims()),
    (Policy, policies()),
    (
        Pledge,
        st.builds(
            Pledge,
            kind=st.sampled_from(["PATENT", "TRADEMARK"]),
            registered=st.none() | st.booleans(),
        ),
    ),
]


@pytest.mark.parametrize(("model", "strategy"), MODELS, ids=[m.__name__ for m, _ in MODELS])
def test_every_value_a_model_accepts_reads_back_as_itself(
    model: type[BaseModel], strategy: Any
) -> None:
    """I46, D14: for every model and every value the public strategies give (tiny and
    long rates too), JSON out and in, and Python out and in, give the same object; a
    claim also survives its CSV row. A rate below 10^-6 used to be written "1E-7",
    which the rate parser refused."""

    @given(strategy)
    def check(value: BaseModel) -> None:
        assert model.model_validate_json(value.model_dump_json()) == value
        assert model.model_validate(value.model_dump(mode="json")) == value
        assert model.model_validate(value.model_dump()) == value
        if isinstance(value, Claim):
            assert row_to_claim(claim_to_row(value)) == value
        if isinstance(value, Policy):
            for name in ("provincial_rate", "municipal_rate"):
                text = value.model_dump(mode="json")[name]
                assert "E" not in text
                assert parse_rate(text) == getattr(value, name)

    check()


@given(rates())
def test_rates_are_written_as_plain_decimals(rate: Decimal) -> None:
    """I46, D14: format_rate never uses an exponent, and parse_rate reads it back."""
    text = format_rate(parse_rate(rate))
    assert "E" not in text.upper()
    assert parse_rate(text) == rate


def test_tiny_rates_round_trip_through_the_cli_policy(tmp_path: Any) -> None:
    """I46, D14: the policy the CLI prints (`changes`) can be fed back as a policy file."""
    from ipcomp.cli.policies import _load_policy, _NamedPolicy

    named = _NamedPolicy("p", WEIHAI_2020.derive(municipal_rate=Decimal("1E-7")))
    path = tmp_path / "p.json"
    path.write_text(json.dumps(named.changes()), encoding="utf-8")
    assert named.changes() == {"municipal_rate": "0.0000001"}
    assert _load_policy(str(path)).policy == named.policy


@pytest.mark.parametrize(
    "rate",
    [Decimal("1E-999999999"), Decimal("1E-65"), Decimal("0." + "3" * 65), Decimal("1E+999999999")],
)
def test_absurd_rates_are_refused_not_rounded(rate: Decimal) -> None:
    """I46, D14: a rate beyond 64 decimal places is refused (1E-999999999 used to become
    0); zeros beyond them are dropped, not refused."""
    with pytest.raises(ValidationError):
        WEIHAI_2020.derive(municipal_rate=rate)
    assert WEIHAI_2020.derive(municipal_rate=Decimal("0E-90")).municipal_rate == 0
    assert WEIHAI_2020.derive(municipal_rate=Decimal("1E-64")).municipal_rate == Decimal("1E-64")


def test_absurd_numbers_are_refused_quickly() -> None:
    """I47, D14, I17: `10**1_000_000` yuan and `Decimal('1E-999999999')` persons used to
    take seconds to minutes; now they are refused at once, and the messages stay short."""
    huge = 10**1_000_000
    with pytest.raises(ValueError, match="more than 64 digits") as info:
        parse_money(huge)
    assert len(str(info.value)) < 100
    with pytest.raises(ValueError, match="exceeds the maximum"):
        parse_money(Decimal("9" * 5000))
    for value in (
        Decimal("1E-999999999"),
        Decimal("1E+999999999"),
        Decimal("80.5"),
        Decimal("NaN"),
    ):
        with pytest.raises(ValidationError, match=r"head count|whole number"):
            classify_size("OTHER", employees=value)
    assert classify_size("OTHER", employees=Decimal("80.0")) == classify_size("OTHER", employees=80)
    with pytest.raises(ValidationError):
        example_claim(principal_loss=huge)
    with pytest.raises(ValidationError):
        Enterprise.model_validate(
            {**example_claim().loan.enterprise.model_dump(), "employees": Decimal("1E-999999999")}
        )


@pytest.mark.parametrize("value", [Decimal("1E-9999"), Decimal("1"), 1.0, 0.0])
def test_yes_no_facts_are_no_numbers(value: Any) -> None:
    """I47, I19: `fraud_found=Decimal('1E-9999')` used to become False; a yes/no fact is
    true or false (or text saying so), never a float or a Decimal."""
    with pytest.raises(ValidationError, match="yes/no fact"):
        example_claim(fraud_found=value)
    with pytest.raises(ValidationError, match="yes/no fact"):
        example_claim(overdue=value)
    assert example_claim(overdue="true").overdue is True


def test_copies_with_changes_are_validated() -> None:
    """I54: `assess` on `model_copy(update=...)` with a float crashed with TypeError deep
    inside; the copy now refuses it (ValidationError naming the field)."""
    base = example_claim()
    with pytest.raises(ValidationError, match="principal_loss"):
        base.model_copy(update={"principal_loss": 1.5})
    with pytest.raises(ValidationError, match="Extra inputs"):
        base.model_copy(update={"no_such_field": 1})
    changed = base.model_copy(update={"fraud_found": True})
    assert not assess(changed).eligible
    assert base.model_copy() == base
    assert base.model_copy(deep=True) == base


def test_check_character_refuses_what_is_not_a_code() -> None:
    """I47: `check_character("91371002MA7XYZ123")` raised a bare KeyError."""
    with pytest.raises(InvalidArgument, match="'Z'"):
        check_character("91371002MA7XYZ123")
    with pytest.raises(InvalidArgument, match="not 3 characters"):
        check_character("913")


def test_frames_with_duplicate_or_huge_columns() -> None:
    """I47: duplicated column names raised AttributeError; `10**1_000_000` yuan in a
    column hung; both are now InvalidArgument at once."""
    pd = pytest.importorskip("pandas")
    from ipcomp.frame import claims_to_frame, compensate_frame

    frame = claims_to_frame([example_claim()])
    for name in ("principal_fen", "cap_basis"):
        doubled = pd.concat([frame, frame[[name]]], axis=1)
        with pytest.raises(InvalidArgument, match="duplicate columns"):
            compensate_frame(doubled)
    yuan = frame.drop(columns=["principal_fen"]).assign(
        principal=pd.Series([10**1_000_000], dtype=object)
    )
    with pytest.raises(InvalidArgument, match="more than 64 digits"):
        compensate_frame(yuan)


def test_assessments_read_back_as_themselves() -> None:
    """I46: an Assessment written as JSON (the CLI's `assessment`) reads back as the same
    object, under any policy the public strategy gives."""
    from ipcomp import Assessment

    @given(claims(), policies())
    def check(value: Claim, policy: Policy) -> None:
        result = assess(value, policy)
        assert Assessment.model_validate_json(result.model_dump_json()) == result

    check()
