"""Input, output and progress: opening files, reading records, reporting bad rows."""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import os
import sys
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import IO, Any, Final

from ..io.records import InputError, Record, detect_format, iter_records
from .common import _UsageError
from .text import _error_text

# --- input, output, progress ---------------------------------------------------------------


_PROGRESS_MIN_BYTES: Final = 1 << 20


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
