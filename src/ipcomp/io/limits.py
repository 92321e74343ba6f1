"""Bounds on what one input row may make the reader do (docs/security.md).

A row over a limit is a bad row: its :class:`~ipcomp.records.Record` says which limit,
how large it is and how to raise it, and reading goes on with the next row. Valid
claims never come near the limits (a claim is nested 5 deep and its numbers have at
most 15 digits), so the checks run only on rows that already failed, or on files (the
JSON document, policy files) that a plain parser could not read.

>>> Limits().max_json_depth, Limits(max_line_bytes=4096).max_line_bytes
(32, 4096)
>>> json_problem('{"loan": [[[[1]]]]}', Limits(max_json_depth=3))
'JSON nested 5 deep, deeper than the limit of 3 (max_json_depth; ipcomp --max-json-depth)'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Final

from ..core.errors import InvalidArgument, IpcompError

__all__ = ["DEFAULT_LIMITS", "LimitExceeded", "Limits", "json_problem", "loads", "tree_problem"]

#: Python's own bound on the digits of an integer it converts from text.
_PYTHON_DIGITS: Final = 4300
#: Deeper than this, Python's and pydantic's parsers recurse too far.
_PYTHON_DEPTH: Final = 500


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of one read (the CLI's ``--max-line-bytes``, ``--max-json-depth``,
    ``--max-number-digits``).

    Attributes:
        max_line_bytes: the longest line of JSON Lines or CSV (a CSV record with quoted
            line breaks counts all its lines), in bytes with its line ending; default
            1 MiB. The reader never holds more than this plus one 64 KiB chunk.
        max_json_depth: the deepest nesting of JSON arrays and objects in a row (a JSON
            document's top-level array does not count), 1 to 500; default 32.
        max_number_digits: the most digits of a number in JSON, 1 to 4300; default 100.
    """

    max_line_bytes: int = 1 << 20
    max_json_depth: int = 32
    max_number_digits: int = 100

    def __post_init__(self) -> None:
        for name, low, high in (
            ("max_line_bytes", 16, None),
            ("max_json_depth", 1, _PYTHON_DEPTH),
            ("max_number_digits", 1, _PYTHON_DIGITS),
        ):
            value = getattr(self, name)
            if type(value) is not int or value < low or (high is not None and value > high):
                upper = f" and at most {high}" if high is not None else ""
                raise InvalidArgument(f"{name} must be an integer of at least {low}{upper}")


DEFAULT_LIMITS: Final = Limits()


class LimitExceeded(IpcompError, ValueError):  # noqa: N818 - reads as a fact
    """A JSON text over one of the :class:`Limits`."""


# A JSON string (escapes included) or one structural character.
_STRUCTURE: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def _depth(text: str) -> int:
    depth = deepest = 0
    for match in _STRUCTURE.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _digits(text: str, limit: int) -> int:
    """The longest run of digits outside strings, if longer than ``limit``, else 0."""
    string = r'"[^"\\]*(?:\\.[^"\\]*)*"'
    pattern = re.compile(string + "|([0-9]{" + str(limit + 1) + ",})", re.DOTALL)
    return max((len(m.group(1)) for m in pattern.finditer(text) if m.group(1)), default=0)


def json_problem(text: str | bytes, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """Why the JSON ``text`` is over a limit (its nesting, its numbers), or ``None``.
    Cheap for ordinary text: the exact scan runs only when a quick count says it may be
    needed.

    >>> json_problem('{"a": ' + "1" * 200 + "}")
    'a number of 200 digits, more than the limit of 100 (max_number_digits; ipcomp --max-number-digits)'
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if text.count("[") + text.count("{") > limits.max_json_depth:
        depth = _depth(text)
        if depth > limits.max_json_depth:
            return (
                f"JSON nested {depth} deep, deeper than the limit of {limits.max_json_depth} "
                "(max_json_depth; ipcomp --max-json-depth)"
            )
    if re.search("[0-9]{" + str(limits.max_number_digits + 1) + "}", text):
        digits = _digits(text, limits.max_number_digits)
        if digits:
            return (
                f"a number of {digits} digits, more than the limit of "
                f"{limits.max_number_digits} (max_number_digits; ipcomp --max-number-digits)"
            )
    return None


def tree_problem(value: Any, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """:func:`json_problem` for a value already parsed (lists, dicts, ints...).

    >>> tree_problem([[[]]], Limits(max_json_depth=2))
    'JSON nested 3 deep, deeper than the limit of 2 (max_json_depth; ipcomp --max-json-depth)'
    """
    bound = 10**limits.max_number_digits
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            depth += 1
            if depth > limits.max_json_depth:
                return (
                    f"JSON nested {depth} deep, deeper than the limit of "
                    f"{limits.max_json_depth} (max_json_depth; ipcomp --max-json-depth)"
                )
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth) for child in children)
        elif isinstance(item, int) and not -bound < item < bound:
            return (
                f"a number of more than {limits.max_number_digits} digits "
                "(max_number_digits; ipcomp --max-number-digits)"
            )
    return None


def loads(text: str | bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    """``json.loads`` within the limits: raises :class:`LimitExceeded` (a ``ValueError``)
    saying which limit, or ``json.JSONDecodeError`` for text that is not JSON.

    >>> loads('{"municipal_rate": "0.30"}')
    {'municipal_rate': '0.30'}
    >>> loads("[" * 40 + "]" * 40)
    Traceback (most recent call last):
    ...
    ipcomp.io.limits.LimitExceeded: JSON nested 40 deep, deeper than the limit of 32 (...)
    """
    problem = json_problem(text, limits)
    if problem is not None:
        raise LimitExceeded(problem)
    return json.loads(text)
