"""``ipcomp calendar``: the official calendar's years, notice files and candidates (Art.
8(3), D10), and the ``--calendar FILE`` option of ``assess``, ``compare`` and ``deadline``.

* ``ipcomp calendar show YEAR``: the year's notice (citation, days off, make-up days) and
  where it comes from; for a year without a notice, whether the installed ``holidays``
  has a candidate for it;
* ``ipcomp calendar check FILE...``: validate notice files (exit 1 with the reasons);
* ``ipcomp calendar candidate YEAR``: a draft notice file from ``holidays``, marked
  unreviewed, for an operator to check against the published notice.

Text from notice files (titles, numbers, keys) is shown with control characters escaped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable
from typing import Final

from ..core._holidays import holidays_candidate, holidays_version
from ..core.errors import CalendarNotPublished, InvalidNotice
from ..core.notices import HolidayNotice, NoticeCitation, read_notice
from ..core.workdays import CALENDAR, Calendar
from .common import EXIT_BAD_ROWS, EXIT_OK, _UsageError

__all__ = ["add_calendar_options", "add_calendar_parser", "load_calendar", "safe_text"]

_WEEKDAY: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: Characters shown escaped: C0 and C1 controls, DEL, bidi marks, overrides and isolates,
#: zero-width characters and the BOM (they could rewrite or hide what the terminal shows).
_UNSAFE: Final = frozenset(
    [*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0))]
    + [chr(c) for c in (0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)


def safe_text(text: str) -> str:
    """``text`` with every control, bidi and zero-width character shown as an escape.

    >>> safe_text("通知\\x1b[2J\\u202e")
    '通知\\\\x1b[2J\\\\u202e'
    """
    if not any(ch in _UNSAFE for ch in text):
        return text
    return "".join(
        (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}") if ch in _UNSAFE else ch
        for ch in text
    )


# --- --calendar FILE -----------------------------------------------------------------------


def add_calendar_options(parser: argparse.ArgumentParser) -> None:
    """``--calendar FILE`` and ``--calendar-replace FILE`` (both repeatable)."""
    parser.add_argument(
        "--calendar",
        action="append",
        default=[],
        metavar="FILE",
        help="a holiday notice file for a year ipcomp does not ship (repeatable; docs/calendar.md)",
    )
    parser.add_argument(
        "--calendar-replace",
        action="append",
        default=[],
        metavar="FILE",
        help="a notice file that replaces a year's notice (repeatable; the change is shown "
        "by `ipcomp calendar show YEAR`)",
    )


def _notice_problem(source: str, reasons: Iterable[str]) -> str:
    lines = "".join(f"\n  - {safe_text(r)}" for r in reasons)
    return f"invalid holiday notice {safe_text(source)}:{lines}"


def load_calendar(adds: Iterable[str], replaces: Iterable[str] = ()) -> Calendar:
    """The built-in calendar with the notice files ``adds`` entered, then ``replaces``
    replacing the years they are for; a bad file is a usage error (exit 2) listing every
    reason, and no file is used."""
    calendar = CALENDAR
    for path, replace in [*((p, False) for p in adds), *((p, True) for p in replaces)]:
        try:
            calendar = calendar.with_notice(read_notice(path), replace=replace)
        except InvalidNotice as error:
            source = path if error.source == "notice" else error.source
            raise _UsageError(_notice_problem(source, error.reasons)) from None
    return calendar


# --- ipcomp calendar ... -------------------------------------------------------------------


def _year(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) == 4) or not 2000 <= int(text) <= 2099:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year (2000–2099)")
    return int(text)


def add_calendar_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``ipcomp calendar show | check | candidate``."""
    p = commands.add_parser(
        "calendar",
        help="the official calendar: show a year, check a notice file, draft a candidate",
        description="The State Council holiday notices ipcomp counts working days on "
        "(Art. 8(3), D10). See docs/calendar.md: 'When a new holiday notice is published'.",
    )
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    show = actions.add_parser(
        "show",
        help="a year's days off and make-up working days, with the notice",
        description="Print YEAR's days off and make-up working days with the notice they "
        "come from. Exit 0 when the calendar holds the year, 1 when it does not (then it "
        "says whether the installed holidays has a candidate).",
    )
    show.add_argument("year", type=_year, metavar="YEAR")
    show.add_argument(
        "--format",
        "-f",
        choices=("text", "json"),
        default="text",
        help="json: the year's notice file itself",
    )
    add_calendar_options(show)
    show.set_defaults(run=_cmd_show)

    check = actions.add_parser(
        "check",
        help="validate notice files",
        description="Validate notice files as --calendar would enter them, together, on "
        "the built-in calendar (plus any --calendar files). Exit 0 when every file is "
        "valid, 1 otherwise, with every reason.",
    )
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument(
        "--replace",
        action="store_true",
        help="the files replace years the calendar holds (as --calendar-replace)",
    )
    add_calendar_options(check)
    check.set_defaults(run=_cmd_check)

    candidate = actions.add_parser(
        "candidate",
        help="a draft notice file for YEAR from the installed holidays (unreviewed)",
        description="Print a draft notice file for YEAR from the installed holidays "
        "package, marked unreviewed: check every day against the published notice, fill "
        "in its number, date and url, delete 'unreviewed', then `ipcomp calendar check` "
        "it. Exit 1 when holidays does not know the year's notice.",
    )
    candidate.add_argument("year", type=_year, metavar="YEAR")
    candidate.set_defaults(run=_cmd_candidate)


def _cite(notice: NoticeCitation) -> str:
    number = f"{notice.number}, " if notice.number else ""
    return safe_text(f"{notice.title} ({number}{notice.date.isoformat()})")


def _day(day: dt.date) -> str:
    return f"{day.isoformat()} {_WEEKDAY[day.weekday()]}"


def _blocks(days: Iterable[dt.date]) -> list[str]:
    """Consecutive days as ``first – last  (n days)`` lines."""
    runs: list[list[dt.date]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return [
        f"  {_day(run[0])}" + (f" – {_day(run[-1])}" if len(run) > 1 else "") + f"  ({len(run)})"
        for run in runs
    ]


def _candidate_line(year: int) -> str:
    release = holidays_version()
    try:
        holidays_candidate(year)
    except CalendarNotPublished:
        return f"holidays {release} (installed) has no candidate for {year} either."
    return (
        f"holidays {release} (installed) has a candidate for {year}: "
        f"`ipcomp calendar candidate {year} > {year}.json`, review it against the published "
        f"notice (docs/calendar.md), then `ipcomp calendar check {year}.json`."
    )


def _cmd_show(args: argparse.Namespace) -> int:
    calendar = load_calendar(args.calendar, args.calendar_replace)
    year: int = args.year
    if not calendar.is_official_year(year):
        message = (
            f"{year}: no notice in this calendar: a deadline or count that reaches {year} "
            "raises CalendarNotPublished, or is estimated with calendar_estimate=true "
            "(weekdays minus the statutory days)\n" + _candidate_line(year) + "\n"
        )
        (sys.stderr if args.format == "json" else sys.stdout).write(message)
        return EXIT_BAD_ROWS
    notice = calendar.notice(year)
    if args.format == "json":
        sys.stdout.write(notice.to_json())
        return EXIT_OK
    origin = calendar.origin(year)
    where = "shipped with ipcomp" if origin == "built-in" else "entered as data"
    off, working = notice.resolved()
    lines = [
        f"{year}: official, {origin} ({where})",
        f"notice: {_cite(notice.notice)}",
    ]
    if notice.notice.url:
        lines.append(f"        {safe_text(notice.notice.url)}")
    for amendment in notice.amendments:
        changed = []
        if amendment.days_off:
            changed.append("days off " + ", ".join(d.isoformat() for d in amendment.days_off))
        if amendment.make_up_workdays:
            worked = ", ".join(d.isoformat() for d in amendment.make_up_workdays)
            changed.append(f"working days {worked}")
        lines.append(f"amended by: {_cite(amendment.notice)}: {'; '.join(changed)}")
    lines.append(f"days off ({len(off)}, weekend days in the blocks included):")
    lines += _blocks(off)
    lines.append(f"make-up working days (调休上班, {len(working)}):")
    lines += [f"  {_day(d)}" for d in sorted(working)] or ["  none"]
    lines.append(f"working days in {year}: {len(calendar.year_table(year))}")
    for change in calendar.changes:
        if change.year == year:
            lines.append(f"replaced: {safe_text(str(change))}")
    if notice.note:
        lines.append(f"note: {safe_text(notice.note)}")
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


def _summary(notice: HolidayNotice) -> str:
    off, working = notice.resolved()
    return (
        f"{notice.year}, {_cite(notice.notice)}: {len(off)} days off, {len(working)} make-up "
        f"working days, {len(notice.working_ordinals())} working days"
    )


def _cmd_check(args: argparse.Namespace) -> int:
    calendar = load_calendar(args.calendar, args.calendar_replace)
    status = EXIT_OK
    for path in args.files:
        try:
            notice = read_notice(path)
            before = calendar
            calendar = calendar.with_notice(notice, replace=args.replace)
        except InvalidNotice as error:
            status = EXIT_BAD_ROWS
            sys.stdout.write(
                f"{safe_text(path)}: NOT VALID\n"
                + "".join(f"  - {safe_text(r)}\n" for r in error.reasons)
            )
            continue
        line = f"{safe_text(path)}: ok: {_summary(notice)}"
        if calendar is before:
            line += f"; the same as the {before.origin(notice.year)} notice (nothing changes)"
        elif args.replace:
            line += f"; {safe_text(str(calendar.changes[-1]))}"
        else:
            line += f"; the calendar gains {notice.year}"
        sys.stdout.write(line + "\n")
    return status


def _cmd_candidate(args: argparse.Namespace) -> int:
    year: int = args.year
    try:
        candidate = holidays_candidate(year)
    except CalendarNotPublished as error:
        sys.stderr.write(f"ipcomp: {year}: {error.detail}\n")
        return EXIT_BAD_ROWS
    if CALENDAR.is_official_year(year):
        sys.stderr.write(
            f"ipcomp: note: ipcomp ships the {year} notice already "
            f"(`ipcomp calendar show {year}`); this candidate is for comparison\n"
        )
    sys.stdout.write(json.dumps(candidate, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK
