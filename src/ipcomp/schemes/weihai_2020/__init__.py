"""威海市知识产权质押融资风险补偿实施办法 (WHCR-2020-0320001), in force 2020-08-23 to
2026-08-22: the first scheme.

* ``scheme.json`` — the scheme as data: payers, caps, rules, codes, every parameter with
  its article and whether it is the text's own value or a decision;
* :mod:`~ipcomp.schemes.weihai_2020.policy` — :class:`~ipcomp.Policy` and
  :data:`~ipcomp.WEIHAI_2020`, the parameter view other systems use (docs/spec/api.md);
* ``text.zh.md`` — the measures article by article, each followed by the rules that
  implement it; the decisions D1–D16 are in ``docs/schemes/weihai_2020/``.

:data:`SCHEME` is read from ``scheme.json`` on first use.

>>> from ipcomp.schemes.weihai_2020 import SCHEME
>>> SCHEME.id, SCHEME.application_window
('weihai_2020', 10)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model import Scheme

    SCHEME: Scheme

__all__ = ["SCHEME"]


def __getattr__(name: str) -> Any:
    if name == "SCHEME":
        from .. import load_scheme

        scheme = load_scheme(Path(__file__).with_name("scheme.json"))
        globals()["SCHEME"] = scheme  # later accesses skip this function
        return scheme
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
