"""Exact money at the edges of what is read (D14, I47): an integer amount is refused
before any conversion from 10**64 up (its size alone), a smaller one is converted and
then judged as an amount."""

from __future__ import annotations

import pytest

from ipcomp.core.money import parse_money

_BOUND = 10**64


@pytest.mark.parametrize("value", [_BOUND, -_BOUND, _BOUND + 1, -_BOUND - 1])
def test_an_integer_of_65_digits_or_more_is_refused_by_its_size(value: int) -> None:
    with pytest.raises(ValueError, match="an integer of more than 64 digits"):
        parse_money(value)


def test_an_integer_just_below_the_bound_is_read_and_judged_as_an_amount() -> None:
    with pytest.raises(ValueError, match="exceeds the maximum amount"):
        parse_money(_BOUND - 1)
    with pytest.raises(ValueError, match="is negative; amounts are never negative"):
        parse_money(-_BOUND + 1)  # refused as negative, not by its size
