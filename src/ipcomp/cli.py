"""The ``ipcomp`` command: assess a portfolio of claims, compare policy variants, print
the JSON Schema of a claim, or an application deadline (also ``python -m ipcomp``).

Exit codes: 0 every row was a valid claim; 1 some rows were bad (each reported, with its
row number, on stderr and in the output); 2 usage error, unreadable input or
unwritable output. Input is read row by row (CSV, JSON Lines) and totals are summed in
integer fen, so a file of any length runs in constant memory. See ``docs/cli.md``.

>>> main(["deadline", "2023-09-28"])
2023-10-18
0
"""

from __future__ import annotations

import argparse
import calendar
import contextlib
import csv
import datetime as dt
import io
import itertools
import json
import os
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Final

from pydantic import BaseModel, ValidationError

from . import __version__
from .assessment import assess
from .compensation import claim_date
from .deadlines import business_year
from .errors import CalendarNotPublished, IpcompError
from .findings import Code
from .models import Claim
from .money import format_yuan, from_fen, to_fen
from .policy import WEIHAI_2020, Policy
from .records import FORMATS, InputError, Record, detect_format, excel_safe, iter_records
from .results import Assessment
from .workdays import add_working_days

__all__ = ["EXIT_BAD_ROWS", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

#: Every row was a valid claim.
EXIT_OK: Final = 0
#: Some rows were not valid claims (each is reported).
EXIT_BAD_ROWS: Final = 1
#: Usage error, unreadable input or unwritable output.
EXIT_USAGE: Final = 2

_PROGRESS_MIN_BYTES: Final = 1 << 20
_AMOUNTS: Final = ("ip_loss", "provincial", "municipal", "total", "bank_share")


class _UsageError(IpcompError):
    """A usage or I/O problem: message on stderr, exit code 2."""


# --- policies ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _NamedPolicy:
    name: str
    policy: Policy

    def changes(self) -> dict[str, Any]:
        """The fields that differ from WEIHAI_2020, JSON-ready."""
        mine = self.policy.model_dump(mode="json")
        base = WEIHAI_2020.model_dump(mode="json")
        out: dict[str, Any] = {}
        for key, value in mine.items():
            if isinstance(value, list) and isinstance(base[key], list):
                value, base[key] = sorted(value), sorted(base[key])
            if value != base[key]:
                out[key] = value
        return out

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "changes": self.changes()}


def _setting(text: str) -> tuple[str, Any]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise _UsageError(f"--set takes NAME=VALUE, not {text!r}")
    try:
        parsed = json.loads(value)
    except ValueError:
        return key.strip(), value
    # a number with a point or exponent stays text, so "0.30" is an exact decimal, never a float
    if isinstance(parsed, float):
        return key.strip(), value.strip()
    return key.strip(), parsed


def _load_policy(spec: str | None, settings: Sequence[str] = ()) -> _NamedPolicy:
    """WEIHAI_2020, or a JSON file of ``Policy.derive`` overrides, plus ``--set`` items."""
    name, changes = "WEIHAI_2020", {}
    if spec is not None and spec != "WEIHAI_2020":
        path = Path(spec)
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise _UsageError(f"cannot read policy file {spec}: {exc.strerror or exc}") from None
        except ValueError as exc:
            raise _UsageError(f"policy file {spec} is not JSON: {exc}") from None
        if not isinstance(data, dict):
            raise _UsageError(f"policy file {spec} must hold a JSON object of Policy fields")
        name = path.name
        changes = {k: v for k, v in data.items() if not k.startswith("$")}
    for item in settings:
        key, value = _setting(item)
        changes[key] = value
    if settings:
        name = f"{name} with {', '.join(settings)}"
    try:
        policy = WEIHAI_2020.derive(**changes)
    except ValidationError as exc:
        raise _UsageError(f"invalid policy {name}: {exc}") from None
    return _NamedPolicy(name, policy)


# --- totals --------------------------------------------------------------------------------


def _yuan(fen: int) -> str:
    """An amount in fen as a decimal string with two places, e.g. ``-12.30``."""
    return f"{from_fen(fen):f}"


@dataclass(slots=True)
class _Group:
    claims: int = 0
    eligible: int = 0
    capped: int = 0
    fen: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_AMOUNTS, 0))

    def add(self, assessment: Assessment) -> None:
        self.claims += 1
        c = assessment.compensation
        if c is None:
            return
        self.eligible += 1
        self.capped += c.capped
        for name in _AMOUNTS:
            self.fen[name] += to_fen(getattr(c, name))

    def as_json(self) -> dict[str, Any]:
        return {
            "claims": self.claims,
            "eligible": self.eligible,
            "capped": self.capped,
            **{name: _yuan(value) for name, value in self.fen.items()},
        }


@dataclass(slots=True)
class _Totals:
    """Portfolio totals in exact integer fen."""

    policy: Policy
    rows: int = 0
    bad_rows: int = 0
    all: _Group = field(default_factory=_Group)
    by_bank: dict[str, _Group] = field(default_factory=dict)
    by_year: dict[int, _Group] = field(default_factory=dict)
    findings: Counter[str] = field(default_factory=Counter)

    def add(self, claim: Claim, assessment: Assessment) -> None:
        self.rows += 1
        self.all.add(assessment)
        self.by_bank.setdefault(claim.loan.bank.name, _Group()).add(assessment)
        self.by_year.setdefault(_year(claim, assessment, self.policy), _Group()).add(assessment)
        self.findings.update(assessment.codes)

    def add_bad(self) -> None:
        self.rows += 1
        self.bad_rows += 1

    def as_json(self) -> dict[str, Any]:
        overall = self.all.as_json()
        return {
            "rows": self.rows,
            "claims": self.all.claims,
            "bad_rows": self.bad_rows,
            "eligible": self.all.eligible,
            "not_eligible": self.all.claims - self.all.eligible,
            "capped": self.all.capped,
            **{name: overall[name] for name in _AMOUNTS},
            "findings": {code.value: self.findings[code] for code in Code if self.findings[code]},
            "by_bank": {k: self.by_bank[k].as_json() for k in sorted(self.by_bank)},
            "by_business_year": {str(k): self.by_year[k].as_json() for k in sorted(self.by_year)},
        }


def _year(claim: Claim, assessment: Assessment, policy: Policy) -> int:
    c = assessment.compensation
    return c.business_year if c is not None else business_year(claim_date(claim), policy)


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


def _money(fen: int) -> str:
    return format_yuan(from_fen(fen))


def _error_text(record: Record) -> str:
    parts = []
    for e in record.error_details():
        where = ".".join(map(str, e["loc"]))
        parts.append(f"{where}: {e['msg']}" if where else e["msg"])
    return "; ".join(parts)


def _percent(rate: Decimal) -> str:
    return f"{rate.scaleb(2).normalize():f}%"


def _year_start(policy: Policy) -> str:
    month, day = policy.business_year_start
    return f"{day} {calendar.month_name[month]}"


def _totals_lines(totals: _Totals, title: str) -> list[str]:
    t = totals.as_json()
    lines = [
        "",
        title,
        f"  rows read          {t['rows']:>16,}",
        f"  claims assessed    {t['claims']:>16,}",
        f"  bad rows           {t['bad_rows']:>16,}",
        f"  eligible           {t['eligible']:>16,}",
        f"  not eligible       {t['not_eligible']:>16,}",
        f"  capped             {t['capped']:>16,}",
    ]
    rates = totals.policy
    labels = {
        "ip_loss": "IP-part loss",
        "provincial": f"provincial {_percent(rates.provincial_rate)}",
        "municipal": f"municipal {_percent(rates.municipal_rate)}",
        "total": "total paid",
        "bank_share": "bank share",
    }
    for name, label in labels.items():
        lines.append(f"  {label:<18} {_money(totals.all.fen[name]):>16}")
    for heading, groups in (
        (
            "By bank (amounts of eligible claims)",
            {k: totals.by_bank[k] for k in sorted(totals.by_bank)},
        ),
        (
            f"By business year (starting {_year_start(totals.policy)})",
            {str(k): totals.by_year[k] for k in sorted(totals.by_year)},
        ),
    ):
        lines += ["", heading]
        lines.append(
            _row_line(
                [
                    ("", 24, False),
                    ("claims", 7, True),
                    ("eligible", 8, True),
                    ("provincial", 16, True),
                    ("municipal", 16, True),
                    ("total", 16, True),
                    ("bank share", 16, True),
                ]
            )
        )
        for key, g in groups.items():
            lines.append(
                _row_line(
                    [(key, 24, False), (str(g.claims), 7, True), (str(g.eligible), 8, True)]
                    + [
                        (_money(g.fen[n]), 16, True)
                        for n in ("provincial", "municipal", "total", "bank_share")
                    ]
                )
            )
    if totals.findings:
        lines += ["", "Findings (claims with each code)"]
        lines += [
            f"  {code.value:<32} {totals.findings[code]:>8,}"
            for code in Code
            if totals.findings[code]
        ]
    return lines


# --- sinks: one per output format ----------------------------------------------------------


class _Sink:
    """Writes the per-row records and the totals in one output format."""

    def __init__(self, out: IO[str], policy: _NamedPolicy) -> None:
        self.out = out
        self.policy = policy

    def start(self) -> None:
        """Before the first row."""

    def result(self, record: Record, assessment: Assessment) -> None:
        raise NotImplementedError

    def error(self, record: Record) -> None:
        raise NotImplementedError

    def finish(self, totals: _Totals) -> None:
        raise NotImplementedError


def _error_json(record: Record) -> str:
    return json.dumps(
        {"row": record.row, "loan_id": record.loan_id, "error": record.error_details()},
        ensure_ascii=False,
    )


def _result_json(record: Record, assessment: Assessment) -> str:
    loan_id = json.dumps(record.loan_id, ensure_ascii=False)
    return f'{{"row": {record.row}, "loan_id": {loan_id}, "assessment": {assessment.model_dump_json()}}}'


class _JsonSink(_Sink):
    def __init__(self, out: IO[str], policy: _NamedPolicy) -> None:
        super().__init__(out, policy)
        self.separator = "\n"

    def start(self) -> None:
        self.out.write('{"results": [')

    def _item(self, text: str) -> None:
        self.out.write(self.separator + text)
        self.separator = ",\n"

    def result(self, record: Record, assessment: Assessment) -> None:
        self._item(_result_json(record, assessment))

    def error(self, record: Record) -> None:
        self._item(_error_json(record))

    def finish(self, totals: _Totals) -> None:
        self.out.write(
            "\n],\n"
            f'"totals": {json.dumps(totals.as_json(), ensure_ascii=False)},\n'
            f'"policy": {json.dumps(self.policy.describe(), ensure_ascii=False)}}}\n'
        )


class _JsonlSink(_Sink):
    def result(self, record: Record, assessment: Assessment) -> None:
        self.out.write(_result_json(record, assessment) + "\n")

    def error(self, record: Record) -> None:
        self.out.write(_error_json(record) + "\n")

    def finish(self, totals: _Totals) -> None:
        final = {"totals": totals.as_json(), "policy": self.policy.describe()}
        self.out.write(json.dumps(final, ensure_ascii=False) + "\n")


#: The columns of ``ipcomp assess --format csv``.
CSV_COLUMNS: Final = (
    "row",
    "loan_id",
    "status",
    "eligible",
    "bank",
    "business_year",
    "deadline",
    "ip_loss",
    "provincial",
    "municipal_uncapped",
    "municipal_cap",
    "municipal",
    "total",
    "bank_share",
    "capped",
    "codes",
    "blocking_codes",
    "error",
)


def _codes(assessment: Assessment, *, blocking: bool = False) -> str:
    found = (f.code.value for f in assessment.findings if f.blocking or not blocking)
    return ";".join(dict.fromkeys(found))


class _CsvSink(_Sink):
    def __init__(self, out: IO[str], policy: _NamedPolicy, summary: IO[str]) -> None:
        super().__init__(out, policy)
        self.writer = csv.writer(out, lineterminator="\n")
        self.summary = summary

    def _write(self, values: dict[str, object]) -> None:
        cells = ("" if values.get(c) is None else str(values[c]) for c in CSV_COLUMNS)
        self.writer.writerow([excel_safe(cell) for cell in cells])

    def start(self) -> None:
        self.writer.writerow(CSV_COLUMNS)

    def result(self, record: Record, assessment: Assessment) -> None:
        assert record.claim is not None
        c = assessment.compensation
        values: dict[str, object] = {
            "row": record.row,
            "loan_id": record.loan_id,
            "status": "ok",
            "eligible": "true" if assessment.eligible else "false",
            "bank": record.claim.loan.bank.name,
            "business_year": _year(record.claim, assessment, self.policy.policy),
            "deadline": assessment.deadline,
            "codes": _codes(assessment),
            "blocking_codes": _codes(assessment, blocking=True),
        }
        if c is not None:
            for name in (
                "ip_loss",
                "provincial",
                "municipal_uncapped",
                "municipal_cap",
                "municipal",
                "total",
                "bank_share",
            ):
                values[name] = getattr(c, name)
            values["capped"] = "true" if c.capped else "false"
        self._write(values)

    def error(self, record: Record) -> None:
        self._write(
            {
                "row": record.row,
                "loan_id": record.loan_id,
                "status": "error",
                "error": _error_text(record),
            }
        )

    def finish(self, totals: _Totals) -> None:
        self.summary.write("\n".join(_totals_lines(totals, f"Totals ({self.policy.name})")) + "\n")


class _TableSink(_Sink):
    _HEAD: Final = (
        ("row", 7, True),
        ("loan_id", 16, False),
        ("bank", 18, False),
        ("year", 4, False),
        ("verdict", 10, False),
        ("provincial", 14, True),
        ("municipal", 14, True),
        ("total", 14, True),
        ("findings", 60, False),
    )

    def start(self) -> None:
        self.out.write(f"Assessment under {self.policy.name}\n")
        self.out.write(_row_line(self._HEAD) + "\n")

    def _line(self, values: Sequence[str]) -> None:
        widths = [(v, w, r) for v, (_, w, r) in zip(values, self._HEAD, strict=True)]
        self.out.write(_row_line(widths) + "\n")

    def result(self, record: Record, assessment: Assessment) -> None:
        assert record.claim is not None
        c = assessment.compensation
        amounts = (
            ["-"] * 3
            if c is None
            else [format_yuan(x) for x in (c.provincial, c.municipal, c.total)]
        )
        self._line(
            [
                str(record.row),
                record.loan_id or "",
                record.claim.loan.bank.name,
                str(_year(record.claim, assessment, self.policy.policy)),
                "eligible" if assessment.eligible else "NOT elig.",
                *amounts,
                ", ".join(dict.fromkeys(f.code.value for f in assessment.findings)),
            ]
        )

    def error(self, record: Record) -> None:
        self._line(
            [
                str(record.row),
                record.loan_id or "",
                "",
                "",
                "BAD ROW",
                "",
                "",
                "",
                _error_text(record),
            ]
        )

    def finish(self, totals: _Totals) -> None:
        self.out.write("\n".join(_totals_lines(totals, f"Totals ({self.policy.name})")) + "\n")


# --- input, output, progress ---------------------------------------------------------------


class _Progress:
    """A progress bar on stderr, by bytes read, redrawn at most ten times a second."""

    def __init__(self, raw: Any, size: int, stream: IO[str]) -> None:
        self.raw, self.size, self.stream = raw, size, stream
        self.last = float("-inf")  # float-ok: a monotonic timestamp, not money
        self.shown = False

    def tick(self, rows: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        done = min(self.raw.tell(), self.size) / self.size
        bar = "#" * int(done * 30)
        self.stream.write(f"\r[{bar:<30}] {done:6.1%} {rows:,} rows")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()
            self.shown = False


@dataclass
class _Input:
    label: str
    stream: IO[bytes]
    size: int | None
    raw: Any


@contextlib.contextmanager
def _open_input(name: str) -> Iterator[_Input]:
    if name == "-":
        yield _Input("<stdin>", sys.stdin.buffer, None, None)
        return
    try:
        stream = open(name, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise _UsageError(f"cannot read {name}: {exc.strerror or exc}") from None
    with stream:
        size = os.fstat(stream.fileno()).st_size
        yield _Input(name, stream, size, stream.raw)


def _head(stream: IO[bytes]) -> bytes:
    if hasattr(stream, "peek"):
        return bytes(stream.peek(64)[:64])
    if stream.seekable():
        position = stream.tell()
        head = stream.read(64)
        stream.seek(position)
        return head
    raise _UsageError("cannot detect the input format of an unseekable stream: give --input-format")


def _records(source: _Input, fmt: str | None, encoding: str) -> Generator[Record, None, None]:
    chosen = fmt or detect_format(
        None if source.label == "<stdin>" else source.label, _head(source.stream)
    )
    try:
        records = iter_records(source.stream, chosen, encoding=encoding)  # type: ignore[arg-type]
        first = next(records, None)
    except (InputError, LookupError, UnicodeError) as exc:  # LookupError: unknown encoding
        raise _UsageError(f"cannot read {source.label}: {exc}") from None
    if first is None:
        return
    yield first
    try:
        yield from records
    except InputError as exc:  # pragma: no cover - whole-input problems surface on row 1
        raise _UsageError(f"cannot read {source.label}: {exc}") from None


@contextlib.contextmanager
def _open_output(path: str | None, fmt: str) -> Iterator[IO[str]]:
    if path is not None and path != "-":
        with contextlib.ExitStack() as stack:
            encoding = "utf-8-sig" if fmt == "csv" else "utf-8"  # a BOM lets Excel read UTF-8
            try:
                out = stack.enter_context(open(path, "w", encoding=encoding, newline=""))
            except OSError as exc:
                raise _UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
            yield out
        return
    buffer = getattr(sys.stdout, "buffer", None)
    if fmt == "table" or buffer is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    sys.stdout.flush()
    wrapper = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()


def _report(source: _Input, record: Record) -> str:
    who = f"{record.loan_id}: " if record.loan_id else ""
    return f"{source.label}:{record.row}: {who}{_error_text(record)}\n"


def _show_progress(args: argparse.Namespace, source: _Input) -> bool:
    if args.no_progress or source.size is None or source.size < _PROGRESS_MIN_BYTES:
        return False
    if not sys.stderr.isatty():
        return False
    to_terminal = args.output in (None, "-") and sys.stdout.isatty()
    return not to_terminal


def _run_rows(
    args: argparse.Namespace,
    source: _Input,
    start: Callable[[], None],
    handle: Callable[[Record], None],
    bad: Callable[[Record], None],
) -> None:
    """Call ``start`` once the input is known to be readable (or empty), then feed every
    record to ``handle`` (a claim) or ``bad`` (after reporting it on stderr)."""
    progress = (
        _Progress(source.raw, source.size or 1, sys.stderr)
        if _show_progress(args, source)
        else None
    )
    records = _records(source, args.input_format, args.encoding)
    try:
        _feed(records, start, handle, bad, source, progress)
    finally:
        records.close()


def _feed(
    records: Iterator[Record],
    start: Callable[[], None],
    handle: Callable[[Record], None],
    bad: Callable[[Record], None],
    source: _Input,
    progress: _Progress | None,
) -> None:
    first = next(records, None)
    start()
    for rows, record in enumerate(itertools.chain([first] if first else [], records), 1):
        if record.claim is None:
            if progress:
                progress.clear()
            sys.stderr.write(_report(source, record))
            bad(record)
        else:
            handle(record)
        if progress and rows % 512 == 0:
            progress.tick(rows)
    if progress:
        progress.clear()


# --- commands ------------------------------------------------------------------------------


def _cmd_assess(args: argparse.Namespace) -> int:
    named = _load_policy(args.policy, args.set)
    totals = _Totals(named.policy)
    with _open_input(args.file) as source, _open_output(args.output, args.format) as out:
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
            assessment = assess(record.claim, named.policy)
            totals.add(record.claim, assessment)
            sink.result(record, assessment)

        def bad(record: Record) -> None:
            totals.add_bad()
            sink.error(record)

        _run_rows(args, source, sink.start, handle, bad)
        sink.finish(totals)
    return EXIT_BAD_ROWS if totals.bad_rows else EXIT_OK


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
            self.out.write(f"A = {self.a.name}, B = {self.b.name}\n")
            self.out.write(_row_line(self._HEAD) + "\n")

    def _record(self, text: str) -> None:
        if self.fmt == "json":
            self.out.write(self.separator + text)
            self.separator = ",\n"
        else:
            self.out.write(text + "\n")

    def _csv(self, values: dict[str, object]) -> None:
        cells = ("" if values.get(c) is None else str(values[c]) for c in self._CSV)
        self.writer.writerow([excel_safe(cell) for cell in cells])

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
                record.loan_id or "",
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
                (record.loan_id or "", 16, False),
                ("BAD ROW", 10, False),
                (_error_text(record), 60, False),
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
            f"Totals: A = {self.a.name}, B = {self.b.name}",
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
            for key in keys:
                x, y = _total(groups_a, key), _total(groups_b, key)
                lines.append(
                    _row_line(
                        [
                            (str(key), 22, False),
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
    a = _load_policy(specs[0]) if len(specs) == 2 else _load_policy(None)
    b = _load_policy(specs[-1])
    ta, tb = _Totals(a.policy), _Totals(b.policy)
    with _open_input(args.file) as source, _open_output(args.output, args.format) as out:
        sink = _CompareSink(out, args.format, a, b)

        def handle(record: Record) -> None:
            assert record.claim is not None
            one, two = assess(record.claim, a.policy), assess(record.claim, b.policy)
            ta.add(record.claim, one)
            tb.add(record.claim, two)
            diff = _difference(one, two)
            if not args.changed_only or _changed(diff):
                sink.result(record, one, two, diff)

        def bad(record: Record) -> None:
            ta.add_bad()
            tb.add_bad()
            sink.error(record)

        _run_rows(args, source, sink.start, handle, bad)
        sink.finish(ta, tb, sys.stderr)
    return EXIT_BAD_ROWS if ta.bad_rows else EXIT_OK


def _schema_models() -> dict[str, tuple[type[BaseModel], str]]:
    return {
        "claim": (Claim, "validation"),
        "assessment": (Assessment, "serialization"),
        "policy": (Policy, "validation"),
    }


def _cmd_schema(args: argparse.Namespace) -> int:
    model, mode = _schema_models()[args.model]
    schema = model.model_json_schema(mode=mode)  # type: ignore[arg-type]
    sys.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


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


# --- the parser ----------------------------------------------------------------------------

_ASSESS_EPILOG: Final = """\
input
  FILE is JSON Lines (one Claim per line in the JSON shape of ipcomp.Claim, as
  Claim.model_validate_json reads it), a JSON array of claims, or CSV (one flat row per
  claim, dotted column names: docs/cli.md). The format comes from the extension (.jsonl
  or .ndjson, .json, .csv) or, for '-' (stdin) and other names, from the first
  character ('[' JSON, '{' JSON Lines, else CSV); --input-format overrides it.

output (--format)
  table  a table, then totals by bank, by business year and by finding code (default)
  json   ONE JSON object:
           {"results": [RECORD, ...], "totals": TOTALS, "policy": {"name", "changes"}}
  jsonl  one RECORD per line, then a final line {"totals": TOTALS, "policy": {...}}
  csv    one row per input row (columns: @CSV@);
         Excel-safe (cells starting with = + - @ tab CR get a leading '); totals on stderr

  RECORD, one per input row, in input order:
    {"row": N, "loan_id": "...", "assessment": ASSESSMENT}     a valid claim
    {"row": N, "loan_id": "..." or null, "error": [{"loc": [...], "msg": "...", "type": "..."}]}
  N: JSON Lines and CSV the 1-based line number (CSV header = line 1); JSON the
  1-based array position. ASSESSMENT: ipcomp.Assessment as JSON (Assessment.model_dump_json).
  TOTALS: {"rows", "claims", "bad_rows", "eligible", "not_eligible", "capped",
           "ip_loss", "provincial", "municipal", "total", "bank_share",
           "findings": {CODE: claims}, "by_bank": {BANK: GROUP},
           "by_business_year": {"YYYY": GROUP}}
  GROUP:  {"claims", "eligible", "capped", "ip_loss", "provincial", "municipal",
           "total", "bank_share"}
  Amounts are strings with two decimals ("480000.00"), summed exactly over the
  ELIGIBLE claims; counts are integers; rows = claims + bad_rows.

exit status
  0 every row was a valid claim; 1 some rows were bad (each on stderr as
  FILE:ROW: message, and in the output); 2 usage error, unreadable input or
  unwritable output.
""".replace("@CSV@", ", ".join(CSV_COLUMNS))


def _add_io(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    parser.add_argument("file", metavar="FILE", help="claims: .csv, .json, .jsonl, or - for stdin")
    parser.add_argument("--input-format", choices=FORMATS, help="override the input format")
    parser.add_argument(
        "--encoding",
        default="utf-8",
        help="input encoding, ASCII-compatible (default utf-8; e.g. gb18030)",
    )
    parser.add_argument("--format", "-f", choices=formats, default="table", help="output format")
    parser.add_argument("--output", "-o", metavar="PATH", help="write the output here, not stdout")
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (shown only for large files on a terminal)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``ipcomp`` command."""
    parser = argparse.ArgumentParser(
        prog="ipcomp",
        description="Weihai IP-pledge financing risk compensation (威海市知识产权质押融资风险补偿实施办法): "
        "assess claims, compare policy variants, deadlines.",
    )
    parser.add_argument("--version", action="version", version=f"ipcomp {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser(
        "assess",
        help="assess every claim of a file and total the results",
        description="Assess every claim of FILE under the policy and print the "
        "results and the totals.",
        epilog=_ASSESS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_io(p, ("table", "csv", "json", "jsonl"))
    p.add_argument(
        "--policy",
        metavar="FILE",
        help="a JSON object of Policy.derive overrides, "
        'e.g. {"municipal_rate": "0.30"} (default WEIHAI_2020)',
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override one policy field, e.g. --set municipal_rate=0.30 (repeatable)",
    )
    p.set_defaults(run=_cmd_assess)

    p = commands.add_parser(
        "compare",
        help="compare two policies claim by claim and in totals",
        description="Assess every claim of FILE under policy A and B and show "
        "the differences (B - A) per claim and in totals. One --policy compares "
        "WEIHAI_2020 (A) with it (B); two compare the first (A) with the second (B).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='json: {"policies": {"a", "b"}, "results": [{"row", '
        '"loan_id", "a": ASSESSMENT, "b": ASSESSMENT, "difference": '
        '{"eligible": same|gained|lost, "provincial", "municipal", '
        '"total", "bank_share"}} or error records], "totals": {"a": '
        'TOTALS, "b": TOTALS, "difference": {...}}}; see docs/cli.md.',
    )
    _add_io(p, ("table", "csv", "json", "jsonl"))
    p.add_argument(
        "--policy",
        action="append",
        metavar="FILE",
        help="a policy file (JSON of Policy.derive overrides) or WEIHAI_2020; once or twice",
    )
    p.add_argument(
        "--changed-only",
        action="store_true",
        help="list only the claims whose result differs (bad rows are always listed)",
    )
    p.set_defaults(run=_cmd_compare)

    p = commands.add_parser("schema", help="print the JSON Schema of a Claim (for integrators)")
    p.add_argument(
        "--model",
        choices=sorted(_schema_models()),
        default="claim",
        help="claim (input, default), assessment (output) or policy",
    )
    p.set_defaults(run=_cmd_schema)

    p = commands.add_parser(
        "deadline",
        help="the application deadline for a recognition date",
        description="The last day to apply (Art. 8(3), D10): the 10th working "
        "day after the recognition date, which is not counted.",
    )
    p.add_argument(
        "date", nargs="+", type=_iso_date, metavar="DATE", help="recognition date, YYYY-MM-DD"
    )
    p.add_argument("--policy", metavar="FILE", help="a JSON file of Policy.derive overrides")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override one policy field, e.g. --set calendar_estimate=true",
    )
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.set_defaults(run=_cmd_deadline)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ipcomp`` command with ``argv`` (default ``sys.argv[1:]``); return the exit
    status (0 all good, 1 bad rows, 2 usage or I/O error).

    >>> main(["deadline", "2020-09-28", "--format", "json"])  # doctest: +NORMALIZE_WHITESPACE
    [{"recognized_on": "2020-09-28", "deadline": "2020-10-19", "estimated": false,
      "working_days": 10}]
    0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        status: int = args.run(args)
    except _UsageError as exc:
        sys.stderr.write(f"ipcomp: error: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. `ipcomp assess big.jsonl | head`
        with contextlib.suppress(OSError, ValueError, AttributeError):
            # point stdout at /dev/null so the interpreter's final flush stays quiet
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return status
