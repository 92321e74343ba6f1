"""Shared helper for yes/no facts: ``False`` and ``None`` (unknown) fail alike (D4)."""

from __future__ import annotations

from functools import lru_cache

from ..findings import Code, Finding, make_finding


@lru_cache(maxsize=256)  # a few dozen (fact, requirement) pairs: share the findings
def unmet(fact: bool | None, code: Code, zh: str, en: str) -> Finding:
    """The finding for a yes/no fact that is not true: false, or unknown (``None``).

    ``zh`` / ``en`` name the requirement ("具有法人资格" / "the enterprise is a legal
    person"); the message says whether the fact is false or unknown. Callers test
    ``if not fact`` first, so the happy path builds nothing.
    """
    if fact is None:
        return make_finding(
            code,
            f"未知是否{zh}（事实未提供，按不符合处理）。",
            f"it is unknown whether {en} (fact not given; treated as unmet).",
        )
    return make_finding(code, f"不满足：{zh}。", f"requirement not met: {en}.")
