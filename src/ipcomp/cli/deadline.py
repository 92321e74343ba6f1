"""``ipcomp deadline``: the application deadline for recognition dates (Art. 8(3), D10)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from ..core.errors import CalendarNotPublished, IpcompError
from ..core.workdays import add_working_days
from .calendar import load_calendar, safe_text
from .common import EXIT_BAD_ROWS, EXIT_OK
from .policies import _load_policy


def _iso_date(text: str) -> dt.date:
    try:
        if len(text) != 10 or text[4] != "-" or text[7] != "-":  # as the models: YYYY-MM-DD
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO date (YYYY-MM-DD)") from None


def _cmd_deadline(args: argparse.Namespace) -> int:
    named = _load_policy(args.policy, args.set)
    policy = named.policy
    calendar = load_calendar(args.calendar, args.calendar_replace)
    results: list[dict[str, Any]] = []
    status = EXIT_OK
    for day in args.date:
        entry: dict[str, Any] = {
            "recognized_on": day.isoformat(),
            "deadline": None,
            "estimated": False,
            "working_days": policy.application_window,
        }
        try:
            try:
                deadline = add_working_days(day, policy.application_window, calendar=calendar)
            except CalendarNotPublished:
                if not policy.calendar_estimate:
                    raise
                deadline = add_working_days(
                    day, policy.application_window, allow_estimate=True, calendar=calendar
                )
                entry["estimated"] = True
            entry["deadline"] = deadline.isoformat()
            refs = calendar.notices_between(day, deadline, estimated=entry["estimated"])
            entry["calendar"] = [ref.model_dump(mode="json") for ref in refs]
        except IpcompError as exc:
            status = EXIT_BAD_ROWS
            entry["error"] = str(exc)
            sys.stderr.write(f"ipcomp: {day.isoformat()}: {exc}\n")
        results.append(entry)
    if args.format == "json":
        sys.stdout.write(json.dumps(results, ensure_ascii=False) + "\n")
    else:
        for entry in results:
            text = entry["deadline"] or "unknown"
            entered = [
                f"{r['year']} {r['number'] or r['date']}"
                for r in entry.get("calendar", ())
                if r["origin"] == "entered"
            ]
            if entered:
                text += f" (on entered notices: {safe_text(', '.join(entered))})"
            sys.stdout.write(text + (" (estimated calendar)" if entry["estimated"] else "") + "\n")
    return status
