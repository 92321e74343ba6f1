"""Exact money and rates (D14): ``ipcomp.core.money``.

Amounts are ``Decimal`` yuan with exactly two places; nothing is rounded silently.
"""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from ipcomp.core.money import (
    FEN,
    MAX_AMOUNT,
    Money,
    PositiveMoney,
    Rate,
    div_round_half_up,
    format_yuan,
    from_fen,
    parse_money,
    parse_rate,
    rate_ratio,
    to_fen,
)
from ipcomp.testing import amounts, example_claim, example_loan

FEN_MAX = 10**14  # 10^12 yuan in fen


class _Holder(BaseModel):
    amount: Money
    positive: PositiveMoney = Decimal(1)
    rate: Rate = Decimal("0.5")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (7, "7.00"),
        (0, "0.00"),
        ("1234.5", "1234.50"),
        ("100.000", "100.00"),
        ("100.0000000", "100.00"),
        (" 12.34 ", "12.34"),
        (Decimal("12.3"), "12.30"),
        (Decimal("1E+3"), "1000.00"),
        ("0.01", "0.01"),
        (10**12, "1000000000000.00"),
        ("1000000000000.00", "1000000000000.00"),
        ("-0", "0.00"),
        ("-0.00", "0.00"),
    ],
)
def test_accepted_amounts_are_quantized_to_the_fen(value, expected):
    """D14: int, str and Decimal are accepted and held with exactly two places."""
    result = parse_money(value)
    assert result == Decimal(expected)
    assert str(result) == expected
    assert result.as_tuple().exponent == -2
    assert not result.is_signed()


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (1.5, "float"),
        (0.0, "float"),
        (float("nan"), "float"),
        (float("inf"), "float"),
        (True, "boolean"),
        (False, "boolean"),
        ("NaN", "finite"),
        ("sNaN", "finite"),
        ("Infinity", "finite"),
        ("-Infinity", "finite"),
        (Decimal("NaN"), "finite"),
        (Decimal("Infinity"), "finite"),
        (Decimal("-Infinity"), "finite"),
        (-1, "negative"),
        ("-0.01", "negative"),
        (Decimal("-5"), "negative"),
        (10**12 + 1, "maximum"),
        ("1000000000000.01", "maximum"),
        ("10000000000000", "maximum"),
        ("1e3", "not a decimal"),  # exponent notation is refused in text
        ("1E+2", "not a decimal"),
        ("1_000", "not a decimal"),
        ("+5", "not a decimal"),
        ("１２３", "not a decimal"),  # full-width digits
        ("100.005", "below the fen"),
        ("0.001", "below the fen"),
        (Decimal("0.1234"), "below the fen"),
        ("", "empty"),
        ("   ", "empty"),
        ("1" * 65, "longer"),
        ("12,000", "not a decimal"),
        ("abc", "not a decimal"),
        ("¥100", "not a decimal"),
        (None, "NoneType"),
        ([1], "list"),
        (b"100", "bytes"),
    ],
)
def test_refused_amounts(value, fragment):
    """D14: floats, bools, NaN, infinities, negatives, > 10^12 and sub-fen digits are refused."""
    with pytest.raises(ValueError, match=fragment):
        parse_money(value)


def test_sub_fen_input_is_never_rounded():
    """D14: "100.005" is refused, not rounded to 100.01 (or 100.00)."""
    with pytest.raises(ValueError, match=r"100\.005 has digits below the fen"):
        parse_money("100.005")
    with pytest.raises(ValueError, match="below the fen"):
        parse_money(Decimal("100.004"))


def test_the_maximum_itself_is_accepted():
    """D14: the bound MAX_AMOUNT (10^12 yuan) is inclusive."""
    assert parse_money(MAX_AMOUNT) == MAX_AMOUNT
    assert Decimal(10**12) == MAX_AMOUNT
    with pytest.raises(ValueError, match="maximum"):
        parse_money(MAX_AMOUNT + FEN)


def test_validation_error_names_the_field():
    """D14: inside a model a bad amount is a ValidationError on that field."""
    with pytest.raises(ValidationError) as info:
        _Holder(amount=1.5)
    assert info.value.errors()[0]["loc"] == ("amount",)
    assert "float" in str(info.value)
    with pytest.raises(ValidationError) as info:
        example_loan(principal=1_000_000.0)
    assert [e["loc"] for e in info.value.errors()] == [("principal",)]
    with pytest.raises(ValidationError) as info:
        example_claim(principal_loss="100.005")
    assert [e["loc"] for e in info.value.errors()] == [("principal_loss",)]


@pytest.mark.parametrize("value", [0, "0", "0.00", Decimal(0)])
def test_positive_money_refuses_zero(value):
    """D14: a PositiveMoney (a loan's principal) must be greater than zero."""
    with pytest.raises(ValidationError) as info:
        _Holder(amount=1, positive=value)
    assert info.value.errors()[0]["loc"] == ("positive",)
    assert "greater than zero" in str(info.value)


def test_positive_money_accepts_one_fen():
    """D14: the smallest positive amount is one fen."""
    assert _Holder(amount=0, positive="0.01").positive == FEN


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.3", "0.3"), ("0.40", "0.40"), (0, "0"), (1, "1"), ("1.000", "1.000"), ("-0", "0")],
)
def test_rates_are_exact_decimals_in_the_unit_interval(value, expected):
    """Art. 8(2), D14: a rate is an exact decimal in [0, 1]; -0 is normalised to 0."""
    rate = parse_rate(value)
    assert rate == Decimal(expected)
    assert str(rate) == expected
    assert not rate.is_signed()


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (0.4, "float"),
        (True, "boolean"),
        ("1.01", "outside"),
        ("-0.01", "outside"),
        (2, "outside"),
        ("NaN", "finite"),
        ("x", "not a decimal"),
    ],
)
def test_refused_rates(value, fragment):
    """Art. 8(2), D14: float rates are refused like float amounts; so are rates outside [0, 1]."""
    with pytest.raises(ValueError, match=fragment):
        parse_rate(value)
    with pytest.raises(ValidationError) as info:
        _Holder(amount=0, rate=value)
    assert info.value.errors()[0]["loc"] == ("rate",)


@given(st.integers(0, FEN_MAX))
def test_fen_round_trips(n):
    """D14: for any whole number of fen, yuan text and fen conversions round-trip exactly."""
    yuan = from_fen(n)
    assert yuan.as_tuple().exponent == -2
    assert to_fen(yuan) == n
    assert parse_money(str(yuan)) == yuan
    if n % 100 == 0:
        assert parse_money(n // 100) == yuan
    assert parse_money(f"{n // 100}.{n % 100:02d}000") == yuan
    assert parse_money(yuan) == yuan
    assert Fraction(yuan) == Fraction(n, 100)


@given(amounts())
def test_amounts_strategy_yields_valid_money(amount):
    """D14: the test strategy only produces amounts that parse_money accepts unchanged."""
    assert parse_money(amount) == amount
    assert amount.as_tuple().exponent == -2
    assert _Holder.model_validate_json(_Holder(amount=amount).model_dump_json()).amount == amount


def _half_up_oracle(numerator: int, denominator: int) -> int:
    """Decimal quantize ROUND_HALF_UP of the exact fraction (truncate far out, then round)."""
    with localcontext() as ctx:
        ctx.prec = 100
        ctx.rounding = ROUND_DOWN
        quotient = Decimal(numerator) / Decimal(denominator)
    return int(quotient.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@given(st.integers(0, 10**20), st.integers(1, 10**12))
def test_div_round_half_up_matches_decimal_half_up(numerator, denominator):
    """D14: integer division rounds half up exactly like Decimal ROUND_HALF_UP (四舍五入)."""
    result = div_round_half_up(numerator, denominator)
    assert result == _half_up_oracle(numerator, denominator)
    assert result == math.floor(Fraction(numerator, denominator) + Fraction(1, 2))


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (5, 2, 3),
        (3, 2, 2),
        (1, 2, 1),
        (4, 3, 1),
        (5, 3, 2),
        (0, 7, 0),
        (149, 100, 1),
        (150, 100, 2),
    ],
)
def test_div_round_half_up_examples(numerator, denominator, expected):
    """D14: halves go up (2.5 → 3, 0.5 → 1, 1.5 → 2); everything else to the nearest."""
    assert div_round_half_up(numerator, denominator) == expected


@given(st.integers(0, 10**6), st.integers(0, 6))
def test_rate_ratio_is_exact(digits, places):
    """Art. 8(2), D14: a rate becomes the exact integer fraction it denotes."""
    rate = Decimal(digits).scaleb(-places)
    if rate > 1:
        rate = Decimal(1)
    numerator, denominator = rate_ratio(parse_rate(rate))
    assert Fraction(numerator, denominator) == Fraction(rate)
    assert math.gcd(numerator, denominator) == 1


def test_rate_ratio_of_the_published_rates():
    """Art. 8(2): 40% is 2/5 and 20% is 1/5."""
    assert rate_ratio(Decimal("0.40")) == (2, 5)
    assert rate_ratio(Decimal("0.20")) == (1, 5)


@pytest.mark.parametrize(
    ("amount", "text"),
    [("1600000.00", "1,600,000.00"), ("0.00", "0.00"), ("999.50", "999.50"), ("1000", "1,000.00")],
)
def test_format_yuan(amount, text):
    """D14: explanations print amounts with thousands separators and two places."""
    assert format_yuan(Decimal(amount)) == text


# --- the messages name the facts (mutation testing: docs/mutation.md) ------------------


@pytest.mark.parametrize(
    ("parse", "value", "message"),
    [
        (
            parse_money,
            1.5,
            "float 1.5 refused as an amount of money: binary floating point cannot hold it "
            "exactly; pass a str such as '1234.56', an int, or a decimal.Decimal",
        ),
        (
            parse_rate,
            0.4,
            "float 0.4 refused as a rate: binary floating point cannot hold it exactly; "
            "pass a str such as '1234.56', an int, or a decimal.Decimal",
        ),
        (parse_money, True, "a boolean is not an amount of money"),
        (parse_rate, "inf", "inf is not a finite number (a rate)"),
        (parse_money, "-inf", "-inf is not a finite number (an amount of money)"),
        (parse_money, Decimal("NaN"), "NaN is not a finite number (an amount of money)"),
        (
            parse_money,
            "12,000",
            "'12,000' is not a decimal number (an amount of money): write plain ASCII digits "
            "with an optional '.' and fraction, e.g. '1234.56'",
        ),
        (
            parse_money,
            "1" * 65,
            "'11111111111111111111' is not an amount of money (empty or longer than 64)",
        ),
        (parse_money, [1], "list is not an amount of money: use int, str or Decimal"),
        (parse_money, "-0.01", "-0.01 is negative; amounts are never negative"),
        (
            parse_money,
            "1000000000000.01",
            "1000000000000.01 exceeds the maximum amount 1000000000000 yuan",
        ),
        (parse_rate, "1.01", "rate 1.01 is outside [0, 1]"),
    ],
)
def test_refusals_name_the_value_and_what_it_should_be(parse, value, message):
    """D14: a refused amount or rate is named in the message, with what was expected
    (the exact text: callers and the CLI show it as it is)."""
    with pytest.raises(ValueError, match=r".") as info:
        parse(value)
    assert str(info.value) == message


def test_text_of_up_to_64_characters_is_read():
    """D14: amount text is read up to 64 characters (leading zeros included); longer text
    is refused before any number is built from it."""
    assert parse_money("0" * 57 + "1234.56") == Decimal("1234.56")
    assert parse_rate("0." + "0" * 61 + "1") == Decimal("1E-62")
    with pytest.raises(ValueError, match="longer than 64"):
        parse_money("0" * 58 + "1234.56")


def test_positive_money_message():
    """D14: a zero principal is refused with the rule it breaks."""
    with pytest.raises(ValidationError) as info:
        _Holder(amount=1, positive="0")
    assert info.value.errors()[0]["msg"] == "Value error, must be greater than zero"
