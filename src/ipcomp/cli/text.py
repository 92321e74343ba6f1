"""Terminal tables: display widths of CJK text, cells cut to fit, error texts."""

from __future__ import annotations

import calendar
import unicodedata
from collections.abc import Sequence

from ..io.records import Record
from ..schemes.weihai_2020.policy import Policy

# --- terminal tables -----------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(map(_char_width, text))


def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _fit(text: str, width: int, *, right: bool = False) -> str:
    used = _width(text)
    if used > width:  # keep the longest start that leaves room for "…", in one pass
        end = used = 0  # the whole text is wider than width - 1: the loop stops inside it
        while used + _char_width(text[end]) <= width - 1:
            used += _char_width(text[end])
            end += 1
        text = text[:end] + "…"
        used += 1
    pad = " " * (width - used)
    return pad + text if right else text + pad


def _row_line(cells: Sequence[tuple[str, int, bool]]) -> str:
    return "  ".join(_fit(text, width, right=right) for text, width, right in cells).rstrip()


def _error_text(record: Record) -> str:
    parts = []
    for e in record.error_details():
        where = ".".join(map(str, e["loc"]))
        parts.append(f"{where}: {e['msg']}" if where else e["msg"])
    return "; ".join(parts)


def _year_start(policy: Policy) -> str:
    month, day = policy.business_year_start
    return f"{day} {calendar.month_name[month]}"
