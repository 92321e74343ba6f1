"""``ipcomp assess``: every claim of a file, and the totals."""

from __future__ import annotations

import argparse
import sys

from ..engine.assess import assess
from ..io.records import Record
from .calendar import load_calendar
from .common import EXIT_BAD_ROWS, EXIT_OK
from .inputs import _input_paths, _open_input, _open_output, _run_rows
from .policies import _load_policy
from .sinks import _CsvSink, _JsonlSink, _JsonSink, _Sink, _TableSink
from .totals import _Totals

# --- commands ------------------------------------------------------------------------------


def _cmd_assess(args: argparse.Namespace) -> int:
    named = _load_policy(args.policy, args.set)
    calendar = load_calendar(args.calendar, args.calendar_replace)
    totals = _Totals(named.policy)
    with (
        _open_input(args.file) as source,
        _open_output(args.output, args.format, _input_paths(args)) as out,
    ):
        sink: _Sink
        if args.format == "json":
            sink = _JsonSink(out, named)
        elif args.format == "jsonl":
            sink = _JsonlSink(out, named)
        elif args.format == "csv":
            sink = _CsvSink(out, named, sys.stderr)
        else:
            sink = _TableSink(out, named)

        def handle(record: Record) -> None:
            assert record.claim is not None
            assessment = assess(record.claim, named.policy, calendar=calendar)
            totals.add(record.claim, assessment)
            sink.result(record, assessment)

        def bad(record: Record) -> None:
            totals.add_bad()
            sink.error(record)

        _run_rows(args, source, sink.start, handle, bad)
        sink.finish(totals)
    return EXIT_BAD_ROWS if totals.bad_rows else EXIT_OK
