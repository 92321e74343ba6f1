"""The field types of the facts, each validated through a schema built in the test.

D5 (other payers' earlier payments), D8 and I45 (assessed caps by business year), I47
(yes/no facts): what each type accepts and refuses, from Python and from JSON, and what
it serialises to. The types' schemas are built here, by a fresh ``TypeAdapter``, rather
than read from the models' (built once at import): the same rules, exercised where a
change to the schema's construction would show.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from ipcomp.facts import AssessedCaps, PaidBefore, _Flag


def _errors(adapter: TypeAdapter[Any], value: Any, *, json: bool = False) -> list[Any]:
    validate = adapter.validate_json if json else adapter.validate_python
    with pytest.raises(ValidationError) as info:
        validate(value)
    return info.value.errors()


# --- yes/no facts (I47) ---------------------------------------------------------------------


def test_a_flag_is_true_or_false_from_python_and_json() -> None:
    flag = TypeAdapter(_Flag)
    assert flag.validate_python(True) is True
    assert flag.validate_python("false") is False
    assert flag.validate_python(1) is True
    assert flag.validate_json("true") is True
    assert flag.validate_json('"no"') is False
    assert flag.json_schema() == {"type": "boolean"}


@pytest.mark.parametrize("value", [1.0, 0.0, Decimal(1), Decimal("1E-9999")])
def test_a_number_with_a_fraction_is_no_yes_no_fact(value: object) -> None:
    (error,) = _errors(TypeAdapter(_Flag), value)
    assert error["type"] == "value_error"
    assert error["msg"] == f"Value error, {str(value)[:30]} is not a yes/no fact: use true or false"


def test_the_refusal_shows_at_most_30_characters_of_the_value() -> None:
    value = Decimal("0." + "1" * 60)
    (error,) = _errors(TypeAdapter(_Flag), value)
    assert str(value)[:30] + " is not" in error["msg"]
    assert str(value)[:31] not in error["msg"]


def test_text_that_is_no_flag_is_refused() -> None:
    (error,) = _errors(TypeAdapter(_Flag), "maybe")
    assert error["type"] == "bool_parsing"


# --- assessed caps by business year (D8, I45) -------------------------------------------------


def test_assessed_caps_take_int_and_exact_text_years() -> None:
    caps = TypeAdapter(AssessedCaps)
    got = caps.validate_python({"2024": "1.00", 2022: Decimal("2.00")})
    assert isinstance(got, AssessedCaps)
    assert list(got.items()) == [(2022, Decimal("2.00")), (2024, Decimal("1.00"))]  # by year
    assert caps.validate_json('{"2023": "1500000.00"}') == {2023: Decimal("1500000.00")}
    assert caps.dump_python(got) == {2022: Decimal("2.00"), 2024: Decimal("1.00")}
    assert caps.dump_json(got) == b'{"2022":"2.00","2024":"1.00"}'
    assert caps.validate_python({}) == {}


@pytest.mark.parametrize(
    "key", ["2023 ", "02023", "+2023", "23", "1999", "2100", True, 2023.0, b"2023"]
)
def test_a_business_year_is_written_exactly(key: object) -> None:
    (error,) = _errors(TypeAdapter(AssessedCaps), {key: "1.00"})
    assert error["type"] == "business_year"
    assert error["msg"].startswith('a business year is written 2023 or "2023"')


def test_a_business_year_is_in_range_as_text_too() -> None:
    caps = TypeAdapter(AssessedCaps)
    assert caps.validate_python({"2000": "1.00", 2099: "1.00"}) == {
        2000: Decimal("1.00"),
        2099: Decimal("1.00"),
    }
    (error,) = _errors(caps, '{"2100": "1.00"}', json=True)
    assert error["type"] == "business_year"


@pytest.mark.parametrize(
    ("mapping", "first", "second"),
    [
        ({2023: "1.00", "2023": "2.00"}, "2023", "'2023'"),
        ({"2023": "1.00", 2023: "2.00"}, "'2023'", "2023"),
    ],
)
def test_one_year_twice_is_refused(mapping: dict[Any, Any], first: str, second: str) -> None:
    (error,) = _errors(TypeAdapter(AssessedCaps), mapping)
    assert error["msg"] == (
        f"Value error, the business years {first} and {second} are the same year: "
        "give each year once"
    )


def test_distinct_years_around_a_key_that_is_no_year_are_checked() -> None:
    # a key that is no year is left to the key schema; the years around it still count
    errors = _errors(TypeAdapter(AssessedCaps), {"x": "1.00", 2023: "1.00", "2023": "1.00"})
    assert [e["type"] for e in errors] == ["value_error"]
    caps = TypeAdapter(AssessedCaps).validate_python({2022: "1.00", "2023": "1.00"})
    assert set(caps) == {2022, 2023}
    # five digits are no year, so no repeat of 2023 either: the key schema refuses it
    errors = _errors(TypeAdapter(AssessedCaps), {"20230": "1.00", 2023: "1.00"})
    assert [e["type"] for e in errors] == ["business_year"]


def test_equal_caps_hash_alike_and_different_ones_do_not() -> None:
    a = AssessedCaps({2022: Decimal("1.00"), 2023: Decimal("2.00")})
    b = AssessedCaps({2023: Decimal("2.00"), 2022: Decimal("1.00")})
    c = AssessedCaps({2022: Decimal("1.00")})
    assert a == b
    assert hash(a) == hash(b)
    assert hash(a) != hash(c)


# --- other payers' earlier payments (D5) ------------------------------------------------------


def test_paid_before_takes_payer_ids_and_amounts() -> None:
    paid = TypeAdapter(PaidBefore)
    got = paid.validate_python({"guarantor": "10.00", "a_fund": 5})
    assert isinstance(got, PaidBefore)
    assert list(got) == ["a_fund", "guarantor"]  # by payer id
    assert got == {"a_fund": Decimal("5.00"), "guarantor": Decimal("10.00")}
    assert paid.validate_json('{"guarantor": "1.50"}') == {"guarantor": Decimal("1.50")}
    assert paid.dump_json(got) == b'{"a_fund":"5.00","guarantor":"10.00"}'
    assert paid.dump_python(got) == {"a_fund": Decimal("5.00"), "guarantor": Decimal("10.00")}


@pytest.mark.parametrize("payer", ["Guarantor", "1st", "", "g-1", "x" * 41])
def test_a_payer_id_is_lower_case_letters_digits_and_underscores(payer: str) -> None:
    (error,) = _errors(TypeAdapter(PaidBefore), {payer: "1.00"})
    assert error["type"] == "string_pattern_mismatch"


@pytest.mark.parametrize(
    ("named", "message"),
    [
        (["provincial"], "paid_before names provincial: give those as provincial_paid_before"),
        (
            ["municipal", "provincial"],
            "paid_before names municipal, provincial: give those as "
            "municipal_paid_before and provincial_paid_before",
        ),
    ],
)
def test_the_two_funds_are_not_other_payers(named: list[str], message: str) -> None:
    (error,) = _errors(TypeAdapter(PaidBefore), {**dict.fromkeys(named, "1.00"), "g": "1.00"})
    assert error["msg"] == "Value error, " + message


def test_an_amount_of_another_payer_is_money() -> None:
    (error,) = _errors(TypeAdapter(PaidBefore), {"guarantor": 1.5})
    assert error["loc"] == ("guarantor",)


def test_equal_payments_hash_alike_and_different_ones_do_not() -> None:
    a = PaidBefore({"g": Decimal("1.00"), "h": Decimal("2.00")})
    b = PaidBefore({"h": Decimal("2.00"), "g": Decimal("1.00")})
    assert hash(a) == hash(b)
    assert hash(a) != hash(PaidBefore({"g": Decimal("1.00")}))


def test_the_mappings_serialise_as_objects_of_amounts() -> None:
    """The JSON Schema of what the mappings serialise to: objects of amounts (by payer
    id for other payers)."""
    money = TypeAdapter(AssessedCaps).json_schema(mode="serialization")["additionalProperties"]
    assert money["description"].startswith("CNY yuan, exact to the fen")
    paid = TypeAdapter(PaidBefore).json_schema(mode="serialization")
    assert paid["patternProperties"] == {"^[a-z][a-z0-9_]{0,39}$": money}


def test_a_copy_of_a_fact_shares_its_parts() -> None:
    """``model_copy`` of a fact is shallow by default (facts are immutable), deep on
    request, and validated when it updates (I54)."""
    from ipcomp.testing import example_claim

    claim = example_claim()
    assert claim.model_copy().loan is claim.loan
    deep = claim.model_copy(deep=True)
    assert deep == claim
    assert deep.loan is not claim.loan


@pytest.mark.parametrize("key", ["abcd", "２０２３", "2023x"])
def test_a_text_key_that_is_no_year_beside_a_year_is_refused_as_no_year(key: str) -> None:
    """I45: only the int or four ASCII digits name a year; other text (letters,
    full-width digits that read as 2023) beside the year 2023 is not a repeat of it but
    refused by the key schema, with the message of a business year."""
    (error,) = _errors(TypeAdapter(AssessedCaps), {2023: "1.00", key: "2.00"})
    assert (error["type"], error["loc"], error["msg"]) == (
        "business_year",
        (key, "[key]"),
        'a business year is written 2023 or "2023": four digits, 2000 to 2099, without '
        "blanks, signs or leading zeros",
    )
