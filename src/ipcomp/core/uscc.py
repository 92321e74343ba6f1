"""Unified social credit code, 统一社会信用代码 (GB 32100-2015), for D1.

Structure of the 18 characters:

* 1: registration authority code (登记管理部门代码), e.g. ``9`` for the AMR;
* 2: entity type code (机构类别代码);
* 3–8: administrative division code of the registering authority (GB/T 2260);
* 9–17: organisation code (GB 11714);
* 18: check character over the first 17.

The alphabet is the digits and the capital letters except I, O, S, V and Z; the check
character is ``(31 - Σ value(cᵢ)·wᵢ mod 31) mod 31`` with the weights below.

References:
    GB 32100-2015 法人和其他组织统一社会信用代码编码规则, clause 4 and annex B.
Checked with:
    ``stdnum.cn.uscc`` (python-stdnum), in the test suite, on generated and published codes.
Limitations:
    ``stdnum`` only accepts digits in positions 1–2; GB 32100-2015 allows letters there
    (e.g. ``N`` for agricultural organisations, ``Y`` for others), and so do we.

>>> is_valid_uscc("91110000600037341L")
True
>>> division_code_of("91371000MA3C4L3X17")
'371000'
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from .errors import InvalidArgument

__all__ = ["USCC_ALPHABET", "check_character", "division_code_of", "is_valid_uscc"]

USCC_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE: Final = {c: i for i, c in enumerate(USCC_ALPHABET)}
_WEIGHTS: Final = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_DIGITS: Final = frozenset("0123456789")


def check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code.

    >>> check_character("91110000600037341")
    'L'

    Raises :class:`~ipcomp.InvalidArgument` for a text that is not 17 characters of
    the GB 32100 alphabet.
    """
    if len(first17) != 17 or not set(first17) <= _VALUE.keys():
        bad = "".join(sorted(set(first17) - _VALUE.keys()))
        raise InvalidArgument(
            "check_character takes the first 17 characters of a credit code, in the "
            f"alphabet {USCC_ALPHABET}"
            + (f"; not {bad[:20]!r}" if bad else f"; not {len(first17)} characters")
        )
    total = sum(_VALUE[c] * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


@lru_cache(maxsize=4096)  # portfolios repeat their enterprises
def uscc_problem(code: str) -> str | None:
    """Why ``code`` is not a valid unified social credit code, or ``None`` when it is.

    >>> uscc_problem("91110000600037341A")
    "check character is 'A' but should be 'L'"
    """
    if len(code) != 18:
        return f"must have 18 characters, not {len(code)}"
    bad = sorted({c for c in code if c not in _VALUE})
    if bad:
        return f"contains characters outside the GB 32100 alphabet: {''.join(bad)!r}"
    if not set(code[2:8]) <= _DIGITS:
        return f"characters 3-8 (division code) must be digits, not {code[2:8]!r}"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"check character is {code[17]!r} but should be {expected!r}"
    return None


def is_valid_uscc(code: str) -> bool:
    """True when ``code`` is a well-formed code with a correct check character."""
    return uscc_problem(code) is None


def division_code_of(code: str) -> str:
    """The 6-digit administrative division code in characters 3–8 (D1)."""
    return code[2:8]
