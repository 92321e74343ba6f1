"""Argument checks for the public functions: a wrong type is a clear
:class:`~ipcomp.InvalidArgument` naming the argument, never a raw ``AttributeError``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar

from .errors import InvalidArgument

if TYPE_CHECKING:
    from .models import Claim

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


def as_claim(value: object, name: str = "claim") -> Claim:
    """A :class:`~ipcomp.Claim`, or a mapping validated into one (``ValidationError``)."""
    from .models import Claim

    if isinstance(value, Claim):
        return value
    if isinstance(value, Mapping):
        return Claim.model_validate(value)
    raise InvalidArgument(
        f"{name} must be an ipcomp.Claim (or a mapping of its fields), not {type(value).__name__}"
    )
