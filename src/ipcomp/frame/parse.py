"""Exact yuan text to integer fen, a whole column at a time (D14).

:func:`plain_text_to_fen` is the columnar counterpart of
:func:`ipcomp.core.money.parse_money` for the common form of an amount: ASCII digits
with at most one ``.``, as a bank's export writes them (``"2390000.00"``, ``"7"``,
``"100.000"``, ``".5"``). It reads every such text of a column with a few numpy
operations and gives, per cell, the amount in fen and whether it read the cell. It
reads a cell only when :func:`~ipcomp.core.money.parse_money` accepts the text with
exactly that value; every other cell (blanks around the digits, signs, exponents,
full-width digits, NaN text, digits below the fen, more than 10^12 yuan, more than 18
characters, …) is left to ``parse_money`` itself, which accepts or refuses it with its
own message. So the two never disagree: this module only makes the common case fast.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

__all__ = ["MAX_LENGTH", "plain_text_to_fen"]

Int64Array = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

#: The longest text read here: 18 characters, enough for ``"1000000000000.00"`` with two
#: more zeros; longer text (more leading or trailing zeros) is left to ``parse_money``.
#: 18 digits stay below 2^63, so the digits are read as one int64 without overflow.
MAX_LENGTH: Final = 18
_WIDTH: Final = MAX_LENGTH + 1  # one byte more: a non-zero last byte marks a longer text
_BLOCK: Final = 16_384  # rows per block: the temporaries stay in the CPU cache
_MAX_FEN: Final = 10**14  # 10^12 yuan
_POW10: Final = 10 ** np.arange(MAX_LENGTH + 1, dtype=np.int64)  # 10^0 ... 10^18
_ZERO, _NINE, _POINT = ord("0"), ord("9"), ord(".")
_POSITIONS: Final = np.arange(_WIDTH, dtype=np.uint8)[:, np.newaxis]


def plain_text_to_fen(texts: NDArray[np.object_]) -> tuple[Int64Array, BoolArray]:
    """The fen of each text of plain form, and which texts were read.

    ``texts`` is an object array of ``str``. Where ``read`` is true, ``fen`` is
    ``to_fen(parse_money(text))``; where it is false, ``fen`` is 0 and the text is
    left to :func:`~ipcomp.core.money.parse_money`.

    >>> fen, read = plain_text_to_fen(np.array(["1234.5", "100.000", " 7", "0.001"], dtype=object))
    >>> fen.tolist(), read.tolist()
    ([123450, 10000, 0, 0], [True, True, False, False])
    """
    n = len(texts)
    fen = np.zeros(n, dtype=np.int64)
    read = np.zeros(n, dtype=np.bool_)
    joined = "".join(texts)
    rows: slice | BoolArray
    # Bytes, one per character: only ASCII text can be plain, and a NUL character would
    # vanish into the padding of a fixed-width bytes array (numpy strips trailing NULs).
    if joined.isascii() and "\x00" not in joined:
        rows = slice(None)
        narrow = texts
    else:
        rows = np.fromiter((t.isascii() and "\x00" not in t for t in texts), np.bool_, n)
        narrow = texts[rows]
    raw = narrow.astype(f"S{_WIDTH}")  # longer text is cut to _WIDTH bytes: seen below
    part_fen = np.zeros(len(raw), dtype=np.int64)
    part_read = np.zeros(len(raw), dtype=np.bool_)
    for start in range(0, len(raw), _BLOCK):
        block = slice(start, start + _BLOCK)
        part_fen[block], part_read[block] = _read_block(raw[block])
    fen[rows] = part_fen
    read[rows] = part_read
    return fen, read


def _read_block(raw: NDArray[np.bytes_]) -> tuple[Int64Array, BoolArray]:
    """:func:`plain_text_to_fen` on ASCII text without NUL, as fixed-width bytes."""
    # one row per character position, one column per text: numpy reduces fast down columns
    every = np.ascontiguousarray(raw.view(np.uint8).reshape(len(raw), _WIDTH).T)
    # only the positions some text reaches, and one after it (all padding, unless the
    # texts fill all _WIDTH bytes): the last position says whether a text is too long
    reached = np.flatnonzero(every.any(axis=1))
    width = min(int(reached[-1]) + 2 if reached.size else 1, _WIDTH)
    chars = every[:width]
    digit = chars - np.uint8(_ZERO)  # a digit's value; any other byte wraps to >= 10
    is_digit = digit <= _NINE - _ZERO
    is_point = chars == _POINT
    is_pad = chars == 0  # only after the text: it has no NUL characters
    length = width - is_pad.sum(axis=0, dtype=np.int16)
    points = is_point.sum(axis=0, dtype=np.int16)
    point = (is_point * _POSITIONS[:width]).sum(axis=0, dtype=np.int16)  # where the point is
    # digits after the point (clipped: the text has several points, or none, otherwise)
    decimals = np.clip(length - point - 1, 0, MAX_LENGTH) * (points == 1)
    # parse_money's plain form: digits, or digits '.' digits, or '.' digits; nothing else
    plain = (
        (is_digit | is_point | is_pad).all(axis=0)
        & is_pad[-1]  # at most MAX_LENGTH characters
        & (points <= 1)
        & is_digit.any(axis=0)
        & ((points == 0) | (decimals > 0))  # "5." is not a number to parse_money
    )
    number = np.zeros(len(raw), dtype=np.int64)  # the digits without the point
    for position in range(int(length.max(initial=0))):
        number = np.where(is_digit[position], number * 10 + digit[position], number)
    # yuan = number / 10^decimals, so fen = number × 10^(2 − decimals)
    scale = 2 - decimals
    up = scale >= 0
    power = _POW10[np.abs(scale)]
    fen = np.where(up, number * power, number // power)
    fits = np.where(
        up,
        number <= _POW10[np.where(up, 14 - scale, 0)],  # fen <= 10^14, before multiplying
        (number % power == 0) & (fen <= _MAX_FEN),  # no non-zero digit below the fen
    )
    read = plain & fits
    return np.where(read, fen, 0), read
