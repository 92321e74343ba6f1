"""Argument checks for the public functions: a wrong type is a clear
:class:`~ipcomp.InvalidArgument` naming the argument, never a raw ``AttributeError``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from .errors import InvalidArgument

_T = TypeVar("_T")


def expect(value: object, cls: type[_T], name: str) -> _T:
    """``value`` when it is a ``cls``; otherwise :class:`~ipcomp.InvalidArgument`."""
    if isinstance(value, cls):
        return value
    hint = ""
    if cls.__name__ == "Policy":
        hint = " (for a variant, use WEIHAI_2020.derive(...))"
    raise InvalidArgument(
        f"{name} must be an ipcomp.{cls.__name__}, not {type(value).__name__}{hint}"
    )


def iterable(values: object, name: str, of: str = "") -> Iterable[Any]:
    """``values`` when it is a collection to iterate over: not a string, a mapping or a
    single model (a pydantic model iterates over its fields); else InvalidArgument."""
    if isinstance(values, str | bytes | Mapping | BaseModel) or not isinstance(values, Iterable):
        kind = f" of {of}" if of else ""
        raise InvalidArgument(f"{name} must be an iterable{kind}, not {type(values).__name__}")
    return values
