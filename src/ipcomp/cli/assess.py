"""``ipcomp assess``: every claim of a file, and the totals — by default as one portfolio
(payments carried per loan, money back, the fund's statement), or with ``--independent``
claim by claim."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from collections.abc import Sequence
from typing import IO, Final

from ..core.workdays import Calendar
from ..engine.assess import assess
from ..io.records import Record
from ..portfolio import ClaimOutOfOrder, PortfolioBook, RecoveryEvent
from .calendar import load_calendar
from .common import EXIT_BAD_ROWS, EXIT_OK
from .inputs import _Input, _input_paths, _open_input, _open_output, _rewindable, _run_rows
from .policies import _load_policy, _NamedPolicy
from .portfolio import check_portfolio_options, read_events, report_bad_events, run_portfolio
from .sinks import _CsvSink, _JsonlSink, _JsonSink, _Sink, _TableSink
from .totals import _Totals

#: The output of a streamed portfolio is kept in memory up to this many characters, then
#: on disk, until the file is known to be in time order.
_SPOOL_CHARS: Final = 8 << 20

# --- commands ------------------------------------------------------------------------------


def _make_sink(args: argparse.Namespace, named: _NamedPolicy, out: IO[str]) -> _Sink:
    if args.format == "json":
        return _JsonSink(out, named, args.statement)
    if args.format == "jsonl":
        return _JsonlSink(out, named, args.statement)
    if args.format == "csv":
        return _CsvSink(out, named, sys.stderr, args.statement)
    return _TableSink(out, named, args.statement)


def _cmd_assess(args: argparse.Namespace) -> int:
    check_portfolio_options(args)
    named = _load_policy(args.policy, args.set, args.scheme)
    calendar = load_calendar(args.calendar, args.calendar_replace)
    as_of = args.as_of
    events = read_events(args.events, sys.stderr)
    with (
        _open_input(args.file) as given,
        _open_output(args.output, args.format, _input_paths(args)) as out,
    ):
        if args.independent:
            totals = _independent(args, given, named, calendar, _make_sink(args, named, out))
        else:
            with _rewindable(given) as source:
                totals = _portfolio(args, source, named, calendar, events.events, as_of, out)
    report_bad_events(events)
    return EXIT_BAD_ROWS if totals.bad_rows or events.bad_rows else EXIT_OK


def _independent(
    args: argparse.Namespace, source: _Input, named: _NamedPolicy, calendar: Calendar, sink: _Sink
) -> _Totals:
    """Each row on its own (``assess``), written as it is read."""
    totals = _Totals(named.policy)

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
    return totals


def _portfolio(
    args: argparse.Namespace,
    source: _Input,
    named: _NamedPolicy,
    calendar: Calendar,
    events: Sequence[RecoveryEvent],
    as_of: dt.date | None,
    out: IO[str],
) -> _Totals:
    """The file as one portfolio. A file in time order (per loan; over the whole file
    when the scheme has a fund pool) streams through a :class:`~ipcomp.PortfolioBook`,
    its output spooled (in memory up to a few MB, then on disk) and copied out at the
    end, so memory grows with the loans only. At the first claim out of order the
    spool is dropped and the file is read again, held whole, put in time order
    (:func:`~ipcomp.assess_portfolio`) and written in input order; bad rows already
    reported are not reported twice (I79)."""
    totals = _Totals(named.policy)
    seen = 0
    with tempfile.SpooledTemporaryFile(
        max_size=_SPOOL_CHARS, mode="w+", encoding="utf-8", newline=""
    ) as spool:
        sink = _make_sink(args, named, spool)
        book = PortfolioBook(named.policy, events=events, calendar=calendar)

        def handle(record: Record) -> None:
            nonlocal seen
            assert record.claim is not None
            result = book.add(record.claim, index=record.row)
            seen = record.row
            totals.add(record.claim, result.assessment)
            sink.result(record, result.assessment, result)

        def bad(record: Record) -> None:
            nonlocal seen
            seen = record.row
            totals.add_bad()
            sink.error(record)

        try:
            _run_rows(args, source, sink.start, handle, bad)
        except ClaimOutOfOrder:
            pass
        else:
            totals.portfolio = book.portfolio(as_of)
            sink.finish(totals)
            spool.seek(0)
            shutil.copyfileobj(spool, out)
            return totals
    source.stream.seek(0)
    totals = _Totals(named.policy)
    sink = _make_sink(args, named, out)
    records: list[Record] = []
    _run_rows(args, source, sink.start, records.append, records.append, quiet_until=seen)
    run = run_portfolio(records, named.policy, events, calendar, as_of)
    for record, result in zip(records, run.results, strict=True):
        if result is None:
            totals.add_bad()
            sink.error(record)
        else:
            assert record.claim is not None
            totals.add(record.claim, result.assessment)
            sink.result(record, result.assessment, result)
    totals.portfolio = run.portfolio
    sink.finish(totals)
    return totals
