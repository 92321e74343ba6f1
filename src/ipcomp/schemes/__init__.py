"""Schemes: the measures ipcomp implements, as data — one package per scheme, found by id.

Like python-holidays' registry, schemes are loaded lazily: ``get_scheme("weihai_2020")``
imports :mod:`ipcomp.schemes.weihai_2020` on first use and validates its
``scheme.json``. A scheme of one's own is a JSON file of the same shape
(``ipcomp schema --model scheme``), read with :func:`load_scheme`; it runs through the
same engine, CLI (``ipcomp assess --scheme FILE``) and columnar path.

>>> from ipcomp.schemes import get_scheme, registered_schemes
>>> registered_schemes()
('weihai_2020',)
>>> get_scheme("weihai_2020").name.zh
'威海市知识产权质押融资风险补偿实施办法'
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from ..core.errors import IpcompError
from .model import Scheme

__all__ = ["REGISTRY", "Scheme", "UnknownScheme", "get_scheme", "load_scheme", "registered_schemes"]

#: Scheme id → (module, attribute): the schemes shipped with ipcomp, loaded on first use.
REGISTRY: Final[Mapping[str, tuple[str, str]]] = {
    "weihai_2020": ("ipcomp.schemes.weihai_2020", "SCHEME"),
}


class UnknownScheme(IpcompError, LookupError):  # noqa: N818 - reads as a fact
    """No scheme is registered under that id."""


def registered_schemes() -> tuple[str, ...]:
    """The ids of the schemes shipped with ipcomp, sorted."""
    return tuple(sorted(REGISTRY))


def get_scheme(scheme_id: str) -> Scheme:
    """The scheme registered as ``scheme_id``; :class:`UnknownScheme` otherwise."""
    entry = REGISTRY.get(scheme_id) if isinstance(scheme_id, str) else None
    if entry is None:
        raise UnknownScheme(
            f"no scheme {scheme_id!r}; registered: {', '.join(registered_schemes())} "
            "(a scheme file of your own: ipcomp.schemes.load_scheme(path))"
        )
    module, attribute = entry
    scheme: Scheme = getattr(importlib.import_module(module), attribute)
    return scheme


def load_scheme(path: str | Path) -> Scheme:
    """A scheme from a JSON file, validated (``pydantic.ValidationError`` names the key).

    >>> from pathlib import Path
    >>> import ipcomp.schemes.weihai_2020 as weihai
    >>> load_scheme(Path(weihai.__file__).with_name("scheme.json")) == get_scheme("weihai_2020")
    True
    """
    text = Path(path).read_text(encoding="utf-8-sig")
    return Scheme.model_validate_json(text)
