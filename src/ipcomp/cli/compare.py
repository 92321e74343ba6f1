"""``ipcomp compare``: two policies claim by claim and in totals."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import IO, Any, Final

from ..core.money import format_yuan, to_fen
from ..engine.assess import assess
from ..io.records import Record
from ..results import Assessment
from .calendar import load_calendar
from .common import _AMOUNTS, EXIT_BAD_ROWS, EXIT_OK, _money, _UsageError, _yuan
from .inputs import _input_paths, _open_input, _open_output, _run_rows
from .policies import _load_policy, _NamedPolicy
from .portfolio import check_portfolio_options, read_events, report_bad_events, run_portfolio
from .sinks import _codes, _csv_cells, _error_json
from .text import _error_text, _labels, _row_line, _shown
from .totals import _Group, _Totals


def _difference(a: Assessment, b: Assessment) -> dict[str, Any]:
    def fen(x: Assessment, name: str) -> int:
        return 0 if x.compensation is None else to_fen(getattr(x.compensation, name))

    eligible = "same" if a.eligible == b.eligible else ("gained" if b.eligible else "lost")
    return {
        "eligible": eligible,
        **{
            name: fen(b, name) - fen(a, name)
            for name in ("provincial", "municipal", "total", "bank_share")
        },
    }


def _changed(diff: dict[str, Any]) -> bool:
    return diff["eligible"] != "same" or any(
        diff[n] for n in ("provincial", "municipal", "total", "bank_share")
    )


def _diff_json(diff: dict[str, Any]) -> dict[str, Any]:
    return {k: (v if isinstance(v, str) else _yuan(v)) for k, v in diff.items()}


def _total(groups: dict[Any, _Group], key: object) -> int:
    group = groups.get(key)
    return 0 if group is None else group.fen["total"]


def _totals_difference(a: _Totals, b: _Totals) -> dict[str, Any]:
    return {
        "eligible": b.all.eligible - a.all.eligible,
        "capped": b.all.capped - a.all.capped,
        **{n: _yuan(b.all.fen[n] - a.all.fen[n]) for n in _AMOUNTS},
        "by_bank": {
            k: _yuan(_total(b.by_bank, k) - _total(a.by_bank, k)) for k in sorted(a.by_bank)
        },
        "by_business_year": {
            str(k): _yuan(_total(b.by_year, k) - _total(a.by_year, k))
            for k in sorted(a.by_year.keys() | b.by_year.keys())
        },
    }


class _CompareSink:
    def __init__(self, out: IO[str], fmt: str, a: _NamedPolicy, b: _NamedPolicy) -> None:
        self.out, self.fmt, self.a, self.b = out, fmt, a, b
        self.separator = "\n"
        self.writer = csv.writer(out, lineterminator="\n")

    _CSV: Final = (
        "row",
        "loan_id",
        "status",
        "eligible_a",
        "eligible_b",
        "total_a",
        "total_b",
        "diff_provincial",
        "diff_municipal",
        "diff_total",
        "diff_bank_share",
        "codes_a",
        "codes_b",
        "error",
    )
    _NUMBERS: Final = frozenset(
        {"row", "total_a", "total_b", "diff_provincial", "diff_municipal", "diff_total"}
        | {"diff_bank_share"}
    )
    _HEAD: Final = (
        ("row", 7, True),
        ("loan_id", 16, False),
        ("A", 10, False),
        ("A total", 14, True),
        ("B", 10, False),
        ("B total", 14, True),
        ("Δ municipal", 14, True),
        ("Δ total", 14, True),
    )

    def start(self) -> None:
        if self.fmt == "json":
            policies = {"a": self.a.describe(), "b": self.b.describe()}
            self.out.write(
                f'{{"policies": {json.dumps(policies, ensure_ascii=False)},\n"results": ['
            )
        elif self.fmt == "csv":
            self.writer.writerow(self._CSV)
        elif self.fmt == "table":
            self.out.write(f"A = {_shown(self.a.name)}, B = {_shown(self.b.name)}\n")
            self.out.write(_row_line(self._HEAD) + "\n")

    def _record(self, text: str) -> None:
        if self.fmt == "json":
            self.out.write(self.separator + text)
            self.separator = ",\n"
        else:
            self.out.write(text + "\n")

    def _csv(self, values: dict[str, object]) -> None:
        self.writer.writerow(_csv_cells(values, self._CSV, self._NUMBERS))

    def result(self, record: Record, a: Assessment, b: Assessment, diff: dict[str, Any]) -> None:
        if self.fmt in ("json", "jsonl"):
            loan_id = json.dumps(record.loan_id, ensure_ascii=False)
            self._record(
                f'{{"row": {record.row}, "loan_id": {loan_id}, "a": {a.model_dump_json()}, '
                f'"b": {b.model_dump_json()}, "difference": {json.dumps(_diff_json(diff))}}}'
            )
        elif self.fmt == "csv":
            self._csv(
                {
                    "row": record.row,
                    "loan_id": record.loan_id,
                    "status": "ok",
                    "eligible_a": str(a.eligible).lower(),
                    "eligible_b": str(b.eligible).lower(),
                    "total_a": a.compensation.total if a.compensation else None,
                    "total_b": b.compensation.total if b.compensation else None,
                    **{
                        f"diff_{n}": _yuan(diff[n])
                        for n in ("provincial", "municipal", "total", "bank_share")
                    },
                    "codes_a": _codes(a),
                    "codes_b": _codes(b),
                }
            )
        else:

            def verdict(x: Assessment) -> str:
                return "eligible" if x.eligible else "NOT elig."

            def total(x: Assessment) -> str:
                return "-" if x.compensation is None else format_yuan(x.compensation.total)

            cells = [
                str(record.row),
                _shown(record.loan_id or ""),
                verdict(a),
                total(a),
                verdict(b),
                total(b),
                _money(diff["municipal"]),
                _money(diff["total"]),
            ]
            self.out.write(
                _row_line([(v, w, r) for v, (_, w, r) in zip(cells, self._HEAD, strict=True)])
                + "\n"
            )

    def error(self, record: Record) -> None:
        if self.fmt in ("json", "jsonl"):
            self._record(_error_json(record))
        elif self.fmt == "csv":
            self._csv(
                {
                    "row": record.row,
                    "loan_id": record.loan_id,
                    "status": "error",
                    "error": _error_text(record),
                }
            )
        else:
            cells = [
                (str(record.row), 7, True),
                (_shown(record.loan_id or ""), 16, False),
                ("BAD ROW", 10, False),
                (_error_text(record, shown=True), 60, False),
            ]
            self.out.write(_row_line(cells) + "\n")

    def finish(self, ta: _Totals, tb: _Totals, summary: IO[str]) -> None:
        totals = {"a": ta.as_json(), "b": tb.as_json(), "difference": _totals_difference(ta, tb)}
        if self.fmt == "json":
            self.out.write(f'\n],\n"totals": {json.dumps(totals, ensure_ascii=False)}}}\n')
            return
        if self.fmt == "jsonl":
            policies = {"a": self.a.describe(), "b": self.b.describe()}
            self.out.write(
                json.dumps({"totals": totals, "policies": policies}, ensure_ascii=False) + "\n"
            )
            return
        lines = [
            "",
            f"Totals: A = {_shown(self.a.name)}, B = {_shown(self.b.name)}",
            _row_line([("", 22, False), ("A", 18, True), ("B", 18, True), ("B − A", 18, True)]),
        ]
        for label, x, y in (
            ("rows read", ta.rows, tb.rows),
            ("bad rows", ta.bad_rows, tb.bad_rows),
            ("eligible", ta.all.eligible, tb.all.eligible),
            ("capped", ta.all.capped, tb.all.capped),
        ):
            lines.append(
                _row_line(
                    [
                        (label, 22, False),
                        (f"{x:,}", 18, True),
                        (f"{y:,}", 18, True),
                        (f"{y - x:+,}", 18, True),
                    ]
                )
            )
        for name, label in (
            ("ip_loss", "IP-part loss"),
            ("provincial", "provincial"),
            ("municipal", "municipal"),
            ("total", "total paid"),
            ("bank_share", "bank share"),
        ):
            x, y = ta.all.fen[name], tb.all.fen[name]
            lines.append(
                _row_line(
                    [
                        (label, 22, False),
                        (_money(x), 18, True),
                        (_money(y), 18, True),
                        (_money(y - x), 18, True),
                    ]
                )
            )
        years: list[Any] = sorted(ta.by_year.keys() | tb.by_year.keys())
        for heading, keys, groups_a, groups_b in (
            ("Total paid by bank", sorted(ta.by_bank), ta.by_bank, tb.by_bank),
            ("Total paid by business year", years, ta.by_year, tb.by_year),
        ):
            lines += ["", heading]
            labels = _labels([str(key) for key in keys], 22)
            for key in keys:
                x, y = _total(groups_a, key), _total(groups_b, key)
                lines.append(
                    _row_line(
                        [
                            (labels[str(key)], 22, False),
                            (_money(x), 18, True),
                            (_money(y), 18, True),
                            (_money(y - x), 18, True),
                        ]
                    )
                )
        (summary if self.fmt == "csv" else self.out).write("\n".join(lines) + "\n")


def _cmd_compare(args: argparse.Namespace) -> int:
    specs = args.policy or []
    if not 1 <= len(specs) <= 2:
        raise _UsageError("compare takes one --policy (compared with WEIHAI_2020) or two (A and B)")
    check_portfolio_options(args)
    a = _load_policy(specs[0]) if len(specs) == 2 else _load_policy(None)
    b = _load_policy(specs[-1])
    calendar = load_calendar(args.calendar, args.calendar_replace)
    events = read_events(args.events, sys.stderr)
    ta, tb = _Totals(a.policy), _Totals(b.policy)
    with (
        _open_input(args.file) as source,
        _open_output(args.output, args.format, _input_paths(args)) as out,
    ):
        sink = _CompareSink(out, args.format, a, b)

        def both(record: Record, one: Assessment, two: Assessment) -> None:
            assert record.claim is not None
            ta.add(record.claim, one)
            tb.add(record.claim, two)
            diff = _difference(one, two)
            if not args.changed_only or _changed(diff):
                sink.result(record, one, two, diff)

        def bad(record: Record) -> None:
            ta.add_bad()
            tb.add_bad()
            sink.error(record)

        if args.independent:

            def handle(record: Record) -> None:
                assert record.claim is not None
                one = assess(record.claim, a.policy, calendar=calendar)
                two = assess(record.claim, b.policy, calendar=calendar)
                both(record, one, two)

            _run_rows(args, source, sink.start, handle, bad)
        else:
            # each policy recomputes the whole chain: payments inside the portfolio are
            # its own, only what claims state as paid outside stays fixed (issue 13)
            records: list[Record] = []
            _run_rows(args, source, sink.start, records.append, records.append)
            runs = [
                run_portfolio(records, named.policy, events.events, calendar, None)
                for named in (a, b)
            ]
            for record, one, two in zip(records, *(r.results for r in runs), strict=True):
                if one is None or two is None:
                    bad(record)
                else:
                    both(record, one.assessment, two.assessment)
            ta.portfolio, tb.portfolio = runs[0].portfolio, runs[1].portfolio
        sink.finish(ta, tb, sys.stderr)
    report_bad_events(events)
    return EXIT_BAD_ROWS if ta.bad_rows or events.bad_rows else EXIT_OK
