"""Input, output and progress: opening files, reading records, reporting bad rows."""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import os
import sys
import tempfile
import time
import typing
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, Final

from ..core.errors import IpcompError
from ..io.limits import DEFAULT_LIMITS, Limits
from ..io.records import InputError, Record, detect_format, iter_records
from .common import _UsageError
from .text import _error_text, _shown

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


def _limits(args: argparse.Namespace) -> Limits:
    try:
        return Limits(
            max_line_bytes=args.max_line_bytes,
            max_json_depth=args.max_json_depth,
            max_number_digits=args.max_number_digits,
        )
    except IpcompError as exc:
        raise _UsageError(str(exc)) from None


def _records(
    source: _Input, fmt: str | None, encoding: str, limits: Limits = DEFAULT_LIMITS
) -> Generator[Record, None, None]:
    chosen = fmt or detect_format(
        None if source.label == "<stdin>" else source.label, _head(source.stream)
    )
    try:
        records = iter_records(
            source.stream,
            chosen,  # type: ignore[arg-type]
            encoding=encoding,
            limits=limits,
        )
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


def _input_paths(args: argparse.Namespace) -> list[str]:
    """Every file the command reads: FILE, the policy files and the events file."""
    policies = getattr(args, "policy", None)
    if isinstance(policies, str):
        policies = [policies]
    events = getattr(args, "events", None)
    return [args.file, *(policies or []), *([events] if events else [])]


def _same_file(output: str, inputs: Sequence[str]) -> str | None:
    """The input that ``output`` is (the same file, through any symlink or hard link),
    or ``None``. ``-`` is stdin, which may itself be a redirected file."""
    try:
        target = os.stat(output)
    except OSError:
        return None  # a new file: no input can be it
    for name in inputs:
        try:
            info = os.fstat(sys.stdin.fileno()) if name == "-" else os.stat(name)
        except (OSError, ValueError, AttributeError):  # no such file; stdin without a file
            continue
        if (info.st_dev, info.st_ino) == (target.st_dev, target.st_ino):
            return "<stdin>" if name == "-" else name
    return None


def _file_mode(path: str) -> int:
    """The permissions the output file gets: those of the file it replaces, else those
    of a new file under the umask."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def _atomic(path: str, encoding: str) -> Iterator[IO[str]]:
    """A text file that replaces ``path`` only when the block ends without an error: it
    is written as a temporary file in the same folder and renamed over ``path``, so a
    failed run leaves the old output as it was. A path that exists and is not a regular
    file (``/dev/null``, a FIFO, a terminal) is written in place."""
    real = os.path.realpath(path)  # a symlink: replace its target, keep the link
    if os.path.exists(real) and not os.path.isfile(real):
        with open(real, "w", encoding=encoding, newline="") as out:
            yield out
        return
    folder, name = os.path.split(real)
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
    try:
        with open(fd, "w", encoding=encoding, newline="") as out:
            yield out
        os.chmod(temp, _file_mode(real))  # os.chmod: there is no os.fchmod on Windows
        os.replace(temp, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


@contextlib.contextmanager
def _open_output(path: str | None, fmt: str, inputs: Sequence[str] = ()) -> Iterator[IO[str]]:
    """The output: ``path`` written atomically (:func:`_atomic`), or stdout. Refuses a
    ``path`` that is one of the ``inputs`` (exit 2): writing there would destroy it."""
    if path is not None and path != "-":
        same = _same_file(path, inputs)
        if same is not None:
            raise _UsageError(
                f"the output {_shown(path)} is the input {_shown(same)}: writing it would "
                "destroy the input; choose another --output"
            )
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"  # a BOM lets Excel read UTF-8
        try:
            with _atomic(path, encoding) as out:
                yield out
        except OSError as exc:
            raise _UsageError(f"cannot write {_shown(path)}: {exc.strerror or exc}") from None
        return
    buffer = getattr(sys.stdout, "buffer", None)
    if fmt == "table" or buffer is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    sys.stdout.flush()
    yield typing.cast(IO[str], _Utf8(buffer))
    buffer.flush()


class _Utf8(io.TextIOBase):
    """Text written as UTF-8 to a binary stream it never closes (stdout's buffer for
    the JSON and CSV formats, whatever the terminal's encoding)."""

    def __init__(self, buffer: IO[bytes]) -> None:
        self.buffer = buffer

    def write(self, text: str) -> int:
        self.buffer.write(text.encode("utf-8", "surrogateescape"))
        return len(text)


def _report(source: _Input, record: Record) -> str:
    who = f"{_shown(record.loan_id, 64)}: " if record.loan_id else ""
    return f"{_shown(source.label)}:{record.row}: {who}{_error_text(record, shown=True)}\n"


def _show_progress(args: argparse.Namespace, source: _Input) -> bool:
    if args.no_progress or source.size is None or source.size < _PROGRESS_MIN_BYTES:
        return False
    if not sys.stderr.isatty():
        return False
    to_terminal = args.output in (None, "-") and sys.stdout.isatty()
    return not to_terminal


#: stdin is copied to a temporary file kept in memory up to this size, then on disk, when
#: a command may have to read it twice (a portfolio out of time order).
_SPOOL_BYTES: Final = 64 << 20


@contextlib.contextmanager
def _rewindable(source: _Input) -> Iterator[_Input]:
    """``source``, or for an input that cannot seek (stdin, a pipe) a copy that can."""
    if source.stream.seekable():
        yield source
        return
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as copy:
        while chunk := source.stream.read(1 << 20):
            copy.write(chunk)
        copy.seek(0)
        yield _Input(source.label, typing.cast(IO[bytes], copy), None, None)


def _run_rows(
    args: argparse.Namespace,
    source: _Input,
    start: Callable[[], None],
    handle: Callable[[Record], None],
    bad: Callable[[Record], None],
    quiet_until: int = 0,
) -> None:
    """Call ``start`` once the input is known to be readable (or empty), then feed every
    record to ``handle`` (a claim) or ``bad`` (after reporting it on stderr, unless its
    row is at most ``quiet_until``: reported by an earlier pass)."""
    progress = (
        _Progress(source.raw, source.size or 1, sys.stderr)
        if _show_progress(args, source)
        else None
    )
    records = _records(source, args.input_format, args.encoding, _limits(args))
    try:
        _feed(records, start, handle, bad, source, progress, quiet_until)
    finally:
        records.close()


def _feed(
    records: Iterator[Record],
    start: Callable[[], None],
    handle: Callable[[Record], None],
    bad: Callable[[Record], None],
    source: _Input,
    progress: _Progress | None,
    quiet_until: int = 0,
) -> None:
    first = next(records, None)
    if first is None:
        raise _UsageError(
            f"{_shown(source.label)}: no rows to assess (the input is empty, or a CSV "
            "header or [] alone)"
        )
    start()
    for rows, record in enumerate(itertools.chain([first], records), 1):
        if record.claim is None:
            if record.row > quiet_until:
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
