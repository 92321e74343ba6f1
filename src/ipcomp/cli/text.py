"""Terminal text: untrusted strings made safe to show, display widths of CJK text, cells
cut to fit, error texts.

Every string that comes from the input (loan ids, bank names, unknown keys, the
messages that quote them) goes through :func:`_shown` before it reaches a terminal or
stderr: control characters that could move the cursor, erase the screen, hide text or
reorder it are shown escaped, and the text is cut to :data:`SHOWN_MAX` characters.
JSON and CSV output keep the full values (docs/security.md).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Sequence
from typing import Final

from ..io.records import Record
from ..schemes.model import Scheme
from ..schemes.weihai_2020.policy import Policy

#: The longest untrusted string shown on a terminal or stderr, in characters (escapes
#: count as the characters they show); a longer one is cut and ends in "…".
SHOWN_MAX: Final = 200
#: The longest report of a bad row's errors on a terminal or stderr, in characters.
REPORT_MAX: Final = 1000
#: Characters shown escaped: C0 and C1 controls and DEL; the soft hyphen; the Arabic
#: letter mark; the Mongolian vowel separator; zero-width spaces, joiners and marks
#: (U+200B–U+200F); line and paragraph separators; bidi embeddings, overrides and
#: isolates (U+202A–U+202E, U+2066–U+2069); invisible operators (U+2060–U+2064); the
#: byte-order mark; interlinear annotations; lone surrogates (undecodable bytes); and
#: the invisible tag characters (U+E0000–U+E007F).
_UNSAFE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069"
    "\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _shown(text: str, limit: int | None = SHOWN_MAX) -> str:
    """``text`` safe to print: unsafe characters escaped (``ESC`` → ``\\x1b``, U+202E →
    ``\\u202e``), then cut to ``limit`` characters (``None``: no cut) ending in "…".

    >>> _shown("WH-1\\x1b[2J"), _shown("abc\\u202edef"), _shown("x" * 10, 4)
    ('WH-1\\\\x1b[2J', 'abc\\\\u202edef', 'xxx…')
    """
    safe = _UNSAFE.sub(_escape, text)
    if limit is not None and len(safe) > limit:
        safe = safe[: limit - 1] + "…"
    return safe


# --- terminal tables -----------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(map(_char_width, text))


def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _fit(text: str, width: int, *, right: bool = False, cut: bool = True) -> str:
    """``text`` padded to ``width`` display columns; a wider one is cut to fit, ending in
    "…", or, with ``cut=False`` (amounts, codes), kept whole and wider than the column."""
    used = _width(text)
    if used > width and cut:  # keep the longest start that leaves room for "…", in one pass
        end = used = 0  # the whole text is wider than width - 1: the loop stops inside it
        while used + _char_width(text[end]) <= width - 1:
            used += _char_width(text[end])
            end += 1
        text = text[:end] + "…"
        used += 1
    pad = " " * max(width - used, 0)
    return pad + text if right else text + pad


def _row_line(cells: Sequence[tuple[str, int, bool]]) -> str:
    """One table line. A right-aligned cell (a number) is never cut: it is kept whole,
    wider than its column; the last cell is never cut either (nothing follows it)."""
    last = len(cells) - 1
    return "  ".join(
        _fit(text, width, right=right, cut=not right and i != last)
        for i, (text, width, right) in enumerate(cells)
    ).rstrip()


def _labels(names: Sequence[str], width: int) -> dict[str, str]:
    """Each name shown (:func:`_shown`) and cut to ``width`` display columns; names that
    would look the same once cut get their position among the names appended
    (``…#2``), so no two rows of a total look alike.

    >>> _labels(["威海市商业银行总行营业部", "威海市商业银行高区支行"], 12)
    {'威海市商业银行总行营业部': '威海市商…#1', '威海市商业银行高区支行': '威海市商…#2'}
    """
    shown = {name: _fit(_shown(name), width).rstrip() for name in names}
    seen: dict[str, int] = {}
    for label in shown.values():
        seen[label] = seen.get(label, 0) + 1
    out: dict[str, str] = {}
    for number, name in enumerate(names, 1):
        label = shown[name]
        if seen[label] > 1:
            label = _fit(_shown(name), width - len(f"#{number}")).rstrip() + f"#{number}"
        out[name] = label
    return out


def _error_text(record: Record, *, shown: bool = False) -> str:
    """The errors of a bad row, ``field: message; ...``; with ``shown=True`` safe for a
    terminal (each field path and message through :func:`_shown`, the whole cut to
    :data:`REPORT_MAX` characters)."""
    parts = []
    for e in record.error_details():
        where = ".".join(map(str, e["loc"]))
        message = str(e["msg"])
        if shown:
            where, message = _shown(where, 80), _shown(message)
        parts.append(f"{where}: {message}" if where else message)
    text = "; ".join(parts)
    return _shown(text, REPORT_MAX) if shown else text


def _year_start(policy: Policy | Scheme) -> str:
    month, day = policy.business_year_start
    return f"{day} {calendar.month_name[month]}"
