"""Shared helper for yes/no facts: ``False`` and ``None`` (unknown) fail alike (D4)."""

from __future__ import annotations

from ..findings import Code, Finding, make_finding


def require(fact: bool | None, code: Code, zh: str, en: str) -> list[Finding]:
    """``[]`` when ``fact`` is true; otherwise one finding saying what is missing.

    ``zh`` / ``en`` name the requirement ("是法人" / "a legal person"); the message says
    whether the fact is false or unknown.
    """
    if fact:
        return []
    if fact is None:
        return [
            make_finding(
                code,
                f"未知是否{zh}（事实未提供，按不符合处理）。",
                f"it is unknown whether {en} (fact not given; treated as unmet).",
            )
        ]
    return [make_finding(code, f"不满足：{zh}。", f"requirement not met: {en}.")]
