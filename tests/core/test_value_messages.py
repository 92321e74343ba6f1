"""How refused head counts (Art. 3(1)) and amounts (D14) are named in messages: the value
itself, cut to a readable length, and the bounds of what is read."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ipcomp.core.money import _shown
from ipcomp.core.sme import _COUNT_DIGITS, _head_count


def test_a_decimal_for_a_message_is_cut_beyond_40_characters() -> None:
    forty = "1" * 39 + "2"
    assert _shown(Decimal(forty)) == forty
    long = "".join(str(i % 10) for i in range(1, 42))
    assert _shown(Decimal(long)) == f"{long[:20]}…{long[-12:]}"
    assert _shown(Decimal(long)) == "12345678901234567890…012345678901"


def test_head_counts_as_decimals_are_whole_finite_and_bounded() -> None:
    """Art. 3(1): a head count is a whole number of persons; ``Decimal`` input is decided
    before pydantic's integer check, with the value named (at most 30 characters)."""
    assert _head_count(Decimal("5")) == 5
    assert _head_count(Decimal("5.0")) == 5
    assert _head_count(Decimal("0")) == 0
    top = Decimal("9" * _COUNT_DIGITS)
    assert _head_count(top) == int(top)
    for bad in (Decimal("NaN"), Decimal("Infinity"), Decimal(10) ** _COUNT_DIGITS):
        with pytest.raises(ValueError, match="is not a head count") as refused:
            _head_count(bad)
        assert str(refused.value) == f"{str(bad)[:30]} is not a head count"
    huge = Decimal("1" * 40)
    with pytest.raises(ValueError, match="is not a head count") as refused:
        _head_count(huge)
    assert str(refused.value) == f"{'1' * 30} is not a head count"
    for bad in (Decimal("0.5"), Decimal("2.25"), Decimal("1.23456789012345678901234567890123")):
        with pytest.raises(ValueError, match="whole number") as refused:
            _head_count(bad)
        assert str(refused.value) == f"{str(bad)[:30]} is not a whole number of persons"
    with pytest.raises(ValueError, match="whole number") as refused:
        _head_count(Decimal("1.23456789012345678901234567890123"))
    assert str(refused.value) == "1.2345678901234567890123456789 is not a whole number of persons"
