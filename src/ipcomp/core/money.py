"""Exact money and rates (D14).

Amounts are CNY yuan held as :class:`~decimal.Decimal` with exactly two places (the
fen). Input may be an ``int``, a ``str`` or a ``Decimal``; ``float`` and ``bool`` are
refused, and so are NaN, infinities, negatives, absurd sizes and non-zero digits below
the fen: nothing is ever rounded away silently. Arithmetic on money is done in integer
fen with ROUND_HALF_UP (四舍五入), so results never depend on a decimal context.

>>> from pydantic import TypeAdapter
>>> TypeAdapter(Money).validate_python("100.000")
Decimal('100.00')
>>> TypeAdapter(Money).validate_python(7)
Decimal('7.00')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from typing import Annotated, Any, Final

from pydantic import BeforeValidator, GetCoreSchemaHandler, PlainSerializer, WithJsonSchema
from pydantic_core import core_schema

__all__ = [
    "FEN",
    "MAX_AMOUNT",
    "MAX_RATE_DIGITS",
    "Money",
    "PositiveMoney",
    "Rate",
    "div_round_half_up",
    "format_rate",
    "format_yuan",
    "from_fen",
    "parse_money",
    "parse_rate",
    "rate_ratio",
    "to_fen",
]

FEN: Final = Decimal("0.01")
#: The largest amount accepted anywhere: 10^12 yuan (1 万亿元), far above any loan.
MAX_AMOUNT: Final = Decimal(10**12)
_MAX_TEXT = 64
#: The most significant digits a rate may have (as many as its text may).
MAX_RATE_DIGITS: Final = _MAX_TEXT
# ASCII digits only: Decimal() would also take '1E+2', '1_000', '+5' and full-width digits.
_FAST = re.compile(r"[0-9]{1,13}(\.([0-9]{1,2}))?", re.ASCII)
_PLAIN = re.compile(r"-?[0-9]+(\.[0-9]+)?|-?\.[0-9]+", re.ASCII)
#: The context of every Decimal operation here, so the caller's (getcontext()) never matters.
_EXACT: Final = Context(prec=100, rounding=ROUND_HALF_UP)


#: An integer of this many digits or more is refused before any conversion (a Python int
#: of a million digits takes seconds to turn into a Decimal).
_MAX_INT: Final = 10**_MAX_TEXT


def _shown(number: Decimal) -> str:
    """A Decimal for a message: at most 40 characters."""
    text = str(number)
    return text if len(text) <= 40 else f"{text[:20]}…{text[-12:]}"


def _to_decimal(value: object, what: str, max_text: int = _MAX_TEXT) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"a boolean is not {what}")
    if isinstance(value, float):
        raise ValueError(
            f"float {value!r} refused as {what}: binary floating point cannot hold it exactly; "
            "pass a str such as '1234.56', an int, or a decimal.Decimal"
        )
    if isinstance(value, int):
        if not -_MAX_INT < value < _MAX_INT:
            raise ValueError(f"an integer of more than {_MAX_TEXT} digits is not {what}")
        return Decimal(value)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if not text or len(text) > max_text:
            raise ValueError(f"{value[:20]!r} is not {what} (empty or longer than {max_text})")
        if not _PLAIN.fullmatch(text):
            if text.lower().lstrip("+-") in {"nan", "snan", "inf", "infinity"}:
                raise ValueError(f"{text} is not a finite number ({what})")
            raise ValueError(
                f"{text!r} is not a decimal number ({what}): write plain ASCII digits with an "
                "optional '.' and fraction, e.g. '1234.56'"
            )
        number = Decimal(text)
    else:
        raise ValueError(f"{type(value).__name__} is not {what}: use int, str or Decimal")
    if not number.is_finite():
        raise ValueError(f"{_shown(number)} is not a finite number ({what})")
    return number


def parse_money(value: object) -> Decimal:
    """Validate one amount in yuan and return it quantized to the fen.

    Raises ``ValueError`` (a ``ValidationError`` inside a model) on anything that is not
    an exact, non-negative amount of at most ``MAX_AMOUNT`` yuan.

    >>> parse_money("1234.5")
    Decimal('1234.50')
    >>> parse_money("100.005")
    Traceback (most recent call last):
    ...
    ValueError: 100.005 has digits below the fen (0.01); amounts are never rounded silently
    """
    if type(value) is str:  # fast path for the common, already exact text
        match = _FAST.fullmatch(value)
        if match:
            fraction = match.group(2)
            if fraction is None:
                number = Decimal(value + ".00")
            else:
                number = Decimal(value if len(fraction) == 2 else value + "0")
            if number <= MAX_AMOUNT:
                return number
    number = _to_decimal(value, "an amount of money")
    if number < 0:
        raise ValueError(f"{_shown(number)} is negative; amounts are never negative")
    if number > MAX_AMOUNT:
        raise ValueError(f"{_shown(number)} exceeds the maximum amount {MAX_AMOUNT} yuan")
    fen = number.quantize(FEN, context=_EXACT)
    if fen != number:
        raise ValueError(
            f"{_shown(number)} has digits below the fen (0.01); amounts are never rounded silently"
        )
    return fen if fen else Decimal("0.00")


def _parse_positive(value: object) -> Decimal:
    amount = parse_money(value)
    if not amount:
        raise ValueError("must be greater than zero")
    return amount


def parse_rate(value: object) -> Decimal:
    """Validate a share such as ``"0.40"``: an exact decimal between 0 and 1 inclusive,
    with at most :data:`MAX_RATE_DIGITS` decimal places once trailing zeros are dropped
    (so at most as many significant digits): ``Decimal("1E-999999999")`` is refused, not
    rounded to 0. Its text (:func:`format_rate`) is read back as the same rate.

    >>> parse_rate("0.3"), parse_rate("0.0000001")
    (Decimal('0.3'), Decimal('1E-7'))
    """
    number = _to_decimal(value, "a rate", _MAX_TEXT + 2)  # "0." and 64 places
    if not Decimal(0) <= number <= Decimal(1):
        raise ValueError(f"rate {_shown(number)} is outside [0, 1]")
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite
    trailing = len(digits) - len(bytes(digits).rstrip(b"\0"))  # zeros do not count
    if any(digits) and -(exponent + trailing) > MAX_RATE_DIGITS:
        # as many as text may carry: products with amounts (15 digits) stay exact in
        # the 100-digit context of the arithmetic (D14)
        raise ValueError(
            f"a rate has at most {MAX_RATE_DIGITS} significant digits and decimal places, "
            f"not {_shown(number)}"
        )
    if exponent < -MAX_RATE_DIGITS:  # zeros beyond the places a rate has: drop them
        number = number.quantize(Decimal(1).scaleb(-MAX_RATE_DIGITS), context=_EXACT)
    return _EXACT.add(number, 0)  # normalises -0 to 0 (exact: only zeros can be dropped)


def format_rate(rate: Decimal) -> str:
    """A rate as plain decimal text, never in exponent notation, which
    :func:`parse_rate` reads back as the same rate.

    >>> format_rate(Decimal("1E-7")), format_rate(Decimal("0.40"))
    ('0.0000001', '0.40')
    """
    return f"{rate:f}"


_MONEY_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": r"^\s*\d+(\.\d{1,2}0*)?\s*$"},
        {"type": "integer", "minimum": 0},
    ],
    "description": "CNY yuan, exact to the fen: a string such as '1234.56' or an integer",
}


class _MoneySchema:
    """The schema of an amount. From Python: ``parse`` (:func:`parse_money`), whose
    messages say exactly what is wrong. From JSON: text already in the exact form
    ``"1234.56"`` (at most 12 integer digits, two decimals) becomes a ``Decimal`` inside
    pydantic-core, with no Python call (speed); anything else goes through ``parse``
    too. A JSON value neither accepts gets one error, ``money_parsing``, naming the field
    and the rules (the rules are the same: only the message is shorter)."""

    def __init__(self, parse: Callable[[object], Decimal], exact_text: str, least: str) -> None:
        self.parse = parse
        self.exact_text = exact_text
        self.message = _JSON_MONEY_ERROR.format(least=least)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        checked = core_schema.no_info_before_validator_function(
            self.parse, core_schema.decimal_schema()
        )
        exact = core_schema.chain_schema(
            [
                core_schema.str_schema(pattern=self.exact_text, strict=True),
                core_schema.decimal_schema(),
            ]
        )
        return core_schema.json_or_python_schema(
            json_schema=core_schema.union_schema(
                [exact, checked],
                mode="left_to_right",
                custom_error_type="money_parsing",
                custom_error_message=self.message,
            ),
            python_schema=checked,
        )


_JSON_MONEY_ERROR = (
    "Input should be an amount in yuan: a string such as '1234.56' or an integer, {least} "
    "and at most 10^12, with at most two decimals (floats, exponents, signs and digits "
    "below the fen are refused)"
)

#: An amount in yuan, ``0 <= amount <= 10^12``, exact to the fen.
Money = Annotated[
    Decimal,
    _MoneySchema(parse_money, r"^[0-9]{1,12}\.[0-9]{2}$", least="at least 0"),
    WithJsonSchema(_MONEY_SCHEMA),
]
#: An amount in yuan greater than zero.
PositiveMoney = Annotated[
    Decimal,
    _MoneySchema(
        _parse_positive,
        r"^(?:[1-9][0-9]{0,11}\.[0-9]{2}|0\.(?:0[1-9]|[1-9][0-9]))$",
        least="greater than 0",
    ),
    WithJsonSchema(_MONEY_SCHEMA),
]
#: An exact share between 0 and 1; written as plain decimal text (:func:`format_rate`).
Rate = Annotated[
    Decimal,
    BeforeValidator(parse_rate),
    PlainSerializer(format_rate, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "integer", "minimum": 0, "maximum": 1}],
            "description": "an exact decimal share in [0, 1], e.g. '0.40'",
        }
    ),
]


def to_fen(amount: Decimal) -> int:
    """Whole fen of an amount already quantized to the fen.

    >>> to_fen(Decimal("12.34"))
    1234
    """
    return int(amount.scaleb(2, _EXACT))


def from_fen(fen: int) -> Decimal:
    """The yuan amount of a whole number of fen.

    >>> from_fen(123456)
    Decimal('1234.56')
    """
    return Decimal(fen).scaleb(-2, _EXACT)


def div_round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half up, for ``numerator >= 0``, ``denominator > 0``.

    >>> div_round_half_up(5, 2), div_round_half_up(4, 3), div_round_half_up(0, 7)
    (3, 1, 0)
    """
    quotient, remainder = divmod(numerator, denominator)
    return quotient + (2 * remainder >= denominator)


@lru_cache(maxsize=256)
def rate_ratio(rate: Decimal) -> tuple[int, int]:
    """An exact rate as an integer fraction.

    >>> rate_ratio(Decimal("0.40"))
    (2, 5)
    """
    return rate.as_integer_ratio()


def format_yuan(amount: Decimal) -> str:
    """Amount with thousands separators, as printed in explanations.

    >>> format_yuan(Decimal("1600000.00"))
    '1,600,000.00'
    """
    return f"{amount:,.2f}"
