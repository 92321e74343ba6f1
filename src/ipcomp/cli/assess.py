"""``ipcomp assess``: every claim of a file, and the totals — by default as one portfolio
(payments carried per loan, money back, the fund's statement), or with ``--independent``
claim by claim."""

from __future__ import annotations

import argparse
import sys

from ..engine.assess import assess
from ..io.records import Record
from .calendar import load_calendar
from .common import EXIT_BAD_ROWS, EXIT_OK, _UsageError
from .inputs import _input_paths, _open_input, _open_output, _run_rows
from .policies import _load_policy
from .portfolio import parse_as_of, read_events, report_bad_events, run_portfolio
from .sinks import _CsvSink, _JsonlSink, _JsonSink, _Sink, _TableSink
from .totals import _Totals

# --- commands ------------------------------------------------------------------------------


def _portfolio_options(args: argparse.Namespace) -> None:
    """``--events``, ``--statement`` and ``--as-of`` are portfolio mode's only."""
    if args.independent:
        given = [
            name
            for name, value in (
                ("--events", args.events),
                ("--statement", args.statement),
                ("--as-of", args.as_of),
            )
            if value is not None
        ]
        if given:
            raise _UsageError(f"{', '.join(given)}: only for a portfolio (leave out --independent)")


def _cmd_assess(args: argparse.Namespace) -> int:
    _portfolio_options(args)
    named = _load_policy(args.policy, args.set)
    calendar = load_calendar(args.calendar, args.calendar_replace)
    as_of = parse_as_of(args.as_of)
    events = read_events(args.events, sys.stderr)
    totals = _Totals(named.policy)
    inputs = [*_input_paths(args), *([args.events] if args.events else [])]
    with (
        _open_input(args.file) as source,
        _open_output(args.output, args.format, inputs) as out,
    ):
        sink: _Sink
        if args.format == "json":
            sink = _JsonSink(out, named, args.statement)
        elif args.format == "jsonl":
            sink = _JsonlSink(out, named, args.statement)
        elif args.format == "csv":
            sink = _CsvSink(out, named, sys.stderr, args.statement)
        else:
            sink = _TableSink(out, named, args.statement)

        def bad(record: Record) -> None:
            totals.add_bad()
            sink.error(record)

        if args.independent:

            def handle(record: Record) -> None:
                assert record.claim is not None
                assessment = assess(record.claim, named.policy, calendar=calendar)
                totals.add(record.claim, assessment)
                sink.result(record, assessment)

            _run_rows(args, source, sink.start, handle, bad)
        else:
            records: list[Record] = []
            _run_rows(args, source, sink.start, records.append, records.append)
            run = run_portfolio(records, named.policy, events.events, calendar, as_of)
            results = iter(run.results)
            for record in records:
                if record.claim is None:
                    bad(record)
                    continue
                result = next(results)
                totals.add(record.claim, result.assessment)
                sink.result(record, result.assessment, result)
            totals.portfolio = run.portfolio
        sink.finish(totals)
    report_bad_events(events)
    return EXIT_BAD_ROWS if totals.bad_rows or events.bad_rows else EXIT_OK
