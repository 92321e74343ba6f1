"""``ipcomp deadline``: the application deadline for recognition dates (Art. 8(3), D10)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from ..core.errors import CalendarNotPublished, IpcompError
from ..core.workdays import add_working_days
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
                deadline = add_working_days(day, policy.application_window)
            except CalendarNotPublished:
                if not policy.calendar_estimate:
                    raise
                deadline = add_working_days(day, policy.application_window, allow_estimate=True)
                entry["estimated"] = True
            entry["deadline"] = deadline.isoformat()
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
            sys.stdout.write(text + (" (estimated calendar)" if entry["estimated"] else "") + "\n")
    return status
