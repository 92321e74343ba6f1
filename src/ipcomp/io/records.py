"""Claims in files: CSV, JSON and JSON Lines rows to :class:`~ipcomp.Claim` and back.

Three input formats, one :class:`Record` per input row (the claim, or the validation
error that row raised, with its row number):

* **JSON Lines** (``.jsonl``, ``.ndjson``): one claim per line in the exact pydantic JSON
  shape of :class:`~ipcomp.Claim` (``Claim.model_validate_json``); blank lines are
  skipped; ``row`` is the 1-based line number. Streamed line by line.
* **CSV** (``.csv``): one flat row per claim under a header of dotted column names
  (:data:`COLUMNS`, e.g. ``loan.enterprise.name``); ``row`` is the 1-based line number
  where the record starts (the header is line 1, as in a spreadsheet). Streamed row by
  row. Cell syntax: see :func:`row_to_claim` and ``docs/cli.md``.
* **JSON** (``.json``): one array of claims, loaded whole; ``row`` is the 1-based
  position in the array. A single claim object is read as an array of one, and a
  ``.json`` file that holds JSON Lines is read as JSON Lines.

A bad row never stops reading and never vanishes: it comes back as a :class:`Record`
whose ``error`` is the :class:`pydantic.ValidationError`. Problems with the file as a
whole (an unknown or duplicate CSV column, a JSON document that is not an array) raise
:class:`InputError`.

>>> import io
>>> from ipcomp.testing import example_claim
>>> buffer = io.StringIO()
>>> write_claims([example_claim()], buffer, "csv")
>>> data = io.BytesIO(buffer.getvalue().encode())
>>> [(r.row, r.loan_id, r.ok) for r in iter_records(data, "csv")]
[(2, 'WH-2022-0001', True)]
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import json
import re
import types
import typing
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Final, Literal

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from ..core.errors import IpcompError
from ..facts import Claim
from .limits import DEFAULT_LIMITS, LimitExceeded, Limits, json_problem, loads, tree_problem
from .rowplan import NotFast, RowBuilder, compile_rows, to_json

__all__ = [
    "COLUMNS",
    "FORMATS",
    "BadRow",
    "Format",
    "InputError",
    "LimitExceeded",
    "Limits",
    "Record",
    "claim_to_row",
    "detect_format",
    "error_details",
    "excel_safe",
    "iter_records",
    "read_claims",
    "read_records",
    "row_to_claim",
    "sniff_format",
    "write_claims",
]

Format = Literal["csv", "json", "jsonl"]
#: The input formats, by the name used on the command line.
FORMATS: Final[tuple[Format, ...]] = ("csv", "json", "jsonl")
_EXTENSIONS: Final[dict[str, Format]] = {
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_BOM: Final = b"\xef\xbb\xbf"
_PLEDGE_COLUMN: Final = "loan.pledges"
_PLEDGE_STATUS: Final[dict[str, bool | None]] = {
    "registered": True,
    "unregistered": False,
    "unknown": None,
}
_STATUS_OF: Final = {value: name for name, value in _PLEDGE_STATUS.items()}
_PLEDGE_KEYS: Final = frozenset({"kind", "registered", "number"})
#: Leading characters that make a spreadsheet read a cell as a formula.
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


class InputError(IpcompError, ValueError):
    """The input as a whole cannot be read: an unknown format, a CSV header with unknown,
    duplicate or missing columns, a JSON document that is not an array of claims."""


class BadRow(IpcompError, ValueError):  # noqa: N818 - reads as a fact
    """A row that is not a valid claim, raised by :func:`read_claims`.

    Attributes:
        row: the row number (see :class:`Record`).
        loan_id: the row's loan id when it could be read, else ``None``.
        errors: the field errors, as :func:`error_details` gives them.

    The :class:`pydantic.ValidationError` is chained as ``__cause__``.
    """

    def __init__(self, row: int, loan_id: str | None, errors: list[dict[str, Any]]) -> None:
        self.row = row
        self.loan_id = loan_id
        self.errors = errors
        first = errors[0] if errors else {"loc": [], "msg": "invalid"}
        where = ".".join(map(str, first["loc"])) or "row"
        super().__init__(f"row {row}: {where}: {first['msg']}")

    def __reduce__(self) -> tuple[type[BadRow], tuple[int, str | None, list[dict[str, Any]]]]:
        return (type(self), (self.row, self.loan_id, self.errors))


@dataclass(frozen=True, slots=True)
class Record:
    """One input row: the claim, or the validation error the row raised.

    ``row`` is the 1-based line number for JSON Lines and CSV (the CSV header is line 1)
    and the 1-based array position for JSON. ``loan_id`` is the row's loan id when it
    could be read, even from a bad row.
    """

    row: int
    claim: Claim | None = None
    error: ValidationError | None = None
    loan_id: str | None = None

    @property
    def ok(self) -> bool:
        """True when the row is a valid claim."""
        return self.claim is not None

    def error_details(self) -> list[dict[str, Any]]:
        """The field errors of a bad row (``[]`` for a good one), JSON-ready.

        >>> Record(row=3).error_details()
        []
        """
        return [] if self.error is None else error_details(self.error)


def error_details(error: ValidationError) -> list[dict[str, Any]]:
    """``[{"loc": [...], "msg": ..., "type": ...}, ...]``: the errors without their input
    values (which may be large or not JSON), ``loc`` as a list.

    >>> try:
    ...     Claim.model_validate_json("{}")
    ... except ValidationError as e:
    ...     error_details(e)[0]
    {'loc': ['loan'], 'msg': 'Field required', 'type': 'missing'}
    """
    return [
        {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]}
        for e in error.errors(include_url=False, include_input=False, include_context=False)
    ]


def excel_safe(cell: str) -> str:
    """A CSV cell that a spreadsheet will not run as a formula: cells starting with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return get a leading ``'``.

    >>> excel_safe("=HYPERLINK(\\"x\\")"), excel_safe("威海"), excel_safe("-1")
    ('\\'=HYPERLINK("x")', '威海', "'-1")
    """
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _excel_unsafe(cell: str) -> str:
    """Undo :func:`excel_safe` on reading."""
    if cell.startswith("'") and cell[1:].startswith(_FORMULA_START):
        return cell[1:]
    return cell


# --- the CSV columns, derived from the models ----------------------------------------------


@dataclass(frozen=True, slots=True)
class _Column:
    name: str
    path: tuple[str, ...]
    required: bool
    kind: Literal["scalar", "json", "pledges"]
    #: what a scalar cell holds, for the hints on spreadsheet formats
    holds: Literal["date", "number", "text"] = "text"


def _holds(annotation: Any) -> Literal["date", "number", "text"]:
    if annotation is dt.date:
        return "date"
    if annotation in (Decimal, int):
        return "number"
    return "text"


_SCALARS: Final = (str, int, bool, Decimal, dt.date)


def _unwrap(annotation: Any) -> Any:
    """The type inside ``Annotated[...]`` and ``X | None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            rest = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(rest) != 1:  # pragma: no cover - no such field in the models
                return annotation
            annotation = rest[0]
        else:
            return annotation


def _is_scalar(annotation: Any) -> bool:
    if typing.get_origin(annotation) is Literal:
        return True
    return isinstance(annotation, type) and issubclass(annotation, (*_SCALARS, enum.Enum))


def _columns(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[_Column]:
    out: list[_Column] = []
    for name, field in model.model_fields.items():
        path = (*prefix, name)
        inner = _unwrap(field.annotation)
        dotted = ".".join(path)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            out += _columns(inner, path)
        elif dotted == _PLEDGE_COLUMN:
            out.append(_Column(dotted, path, field.is_required(), "pledges"))
        else:
            kind: Literal["scalar", "json"] = "scalar" if _is_scalar(inner) else "json"
            out.append(_Column(dotted, path, field.is_required(), kind, _holds(inner)))
    return out


_COLUMN_LIST: Final = _columns(Claim)
_BY_NAME: Final = {c.name: c for c in _COLUMN_LIST}
#: The CSV columns of a claim, in order: dotted paths into the JSON shape of ``Claim``.
COLUMNS: Final[tuple[str, ...]] = tuple(c.name for c in _COLUMN_LIST)


def _cell_error(loc: tuple[str | int, ...], kind: str, message: str, cell: str) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError(kind, message),
        loc=loc,
        input=cell,
    )


def _parse_pledges(
    cell: str, loc: tuple[str, ...], limits: Limits
) -> tuple[Any, list[InitErrorDetails]]:
    if cell.startswith("["):
        try:
            return loads(cell, limits), []
        except LimitExceeded as exc:
            return None, [_cell_error(loc, "limit", str(exc), cell)]
        except json.JSONDecodeError as exc:
            return None, [
                _cell_error(loc, "csv_json", f"invalid JSON list of pledges: {exc}", cell)
            ]
    pledges: list[dict[str, Any]] = []
    errors: list[InitErrorDetails] = []
    for entry in (e.strip() for e in cell.split(";")):
        if not entry:
            continue
        parts = entry.split(":", 2)
        status = parts[1].strip().lower() if len(parts) > 1 else ""
        if status not in _PLEDGE_STATUS:
            errors.append(
                _cell_error(
                    (*loc, len(pledges)),
                    "csv_pledge",
                    "a pledge is KIND:registered, KIND:unregistered or KIND:unknown, "
                    "optionally followed by :NUMBER",
                    entry,
                )
            )
            continue
        pledge: dict[str, Any] = {"kind": parts[0].strip(), "registered": _PLEDGE_STATUS[status]}
        number = parts[2].strip() if len(parts) > 2 else ""
        if number:
            pledge["number"] = number
        pledges.append(pledge)
    return pledges, errors


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


_EXCEL_DATE: Final = re.compile(
    r"(?P<y>[0-9]{4})[/.-](?P<m>[0-9]{1,2})[/.-](?P<d>[0-9]{1,2})(?:[ T][0-9:.]+)?", re.ASCII
)
_GROUPED: Final = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?", re.ASCII)


def _excel_hint(column: _Column, cell: str) -> InitErrorDetails | None:
    """The error for a cell in a format spreadsheets write but ipcomp does not read
    (``2021/1/8``, ``2021-01-08 00:00:00``, ``2,130,777.08``), naming the format to use;
    ``None`` for any other cell (left to the models)."""
    if column.holds == "date":
        match = _EXCEL_DATE.fullmatch(cell)
        if match and cell != f"{match['y']}-{match['m']}-{match['d']}":
            iso = f"{match['y']}-{int(match['m']):02d}-{int(match['d']):02d}"
            return _cell_error(
                column.path,
                "csv_date_format",
                f"dates are written YYYY-MM-DD ({iso}), not {cell!r}: in Excel, format the "
                "column as yyyy-mm-dd before saving as CSV",
                cell,
            )
    elif column.holds == "number" and _GROUPED.fullmatch(cell):
        return _cell_error(
            column.path,
            "csv_number_format",
            f"numbers are written without thousands separators ({cell.replace(',', '')}), "
            f"not {cell!r}: in Excel, format the column as a number without the 1000 "
            "separator before saving as CSV",
            cell,
        )
    return None


def row_to_claim(row: Mapping[str, str | None], *, limits: Limits = DEFAULT_LIMITS) -> Claim:
    """Validate one flat CSV row (``{column: cell}``) as a :class:`~ipcomp.Claim`.

    Cells are stripped. An empty cell is null (``None``) for a field without a default
    and the default otherwise (e.g. ``municipal_paid_before`` → 0). Booleans are
    ``true``/``false``; dates ISO ``YYYY-MM-DD``; amounts plain decimals (``1200000.00``,
    no thousands separators); ``loan.bank.assessed_caps`` a JSON object
    (``{"2022":"1500000.00"}``); ``loan.pledges`` entries ``KIND:STATUS[:NUMBER]``
    separated by ``;`` with STATUS ``registered``, ``unregistered`` or ``unknown`` (or a
    JSON list of pledge objects). A leading ``'`` written by :func:`excel_safe` is removed.
    Dates and numbers in the formats spreadsheets write (``2021/1/8``,
    ``2021-01-08 00:00:00``, ``2,130,777.08``) are refused with a message naming the
    format to use; JSON cells are read within ``limits``.

    Raises :class:`pydantic.ValidationError` naming the field.

    >>> from ipcomp.testing import example_claim
    >>> row_to_claim(claim_to_row(example_claim())) == example_claim()
    True
    >>> row_to_claim({**claim_to_row(example_claim()), "loan.pledges": "PATENT:maybe"})
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Claim
    loan.pledges.0
      a pledge is KIND:registered, ... [type=csv_pledge, input_value='PATENT:maybe', ...]
    """
    data, errors = _row_data(row, limits, hints=False)
    if not errors:
        try:
            return Claim.model_validate(data)
        except ValidationError:
            pass  # the checked path below gives the error, with its spreadsheet hints
    return _checked_row_to_claim(row, limits)


def _checked_row_to_claim(row: Mapping[str, str | None], limits: Limits) -> Claim:
    """:func:`row_to_claim`, every cell checked for spreadsheet formats first."""
    data, errors = _row_data(row, limits, hints=True)
    if errors:
        raise ValidationError.from_exception_data("Claim", errors)
    return Claim.model_validate(data)


def _row_data(
    row: Mapping[str, str | None], limits: Limits, *, hints: bool
) -> tuple[dict[str, Any], list[InitErrorDetails]]:
    """The nested dict of a row for the model, and the errors of its cells. Without
    ``hints`` the cells are not checked for spreadsheet formats and the first error
    ends the pass: a cell a hint would be given for is one the models refuse, so such a
    row fails validation and goes through the checked pass too."""
    data: dict[str, Any] = {}
    errors: list[InitErrorDetails] = []
    for name, raw in row.items():
        if errors and not hints:
            break
        column = _BY_NAME.get(name)
        if column is None:
            errors.append(_cell_error((name,), "csv_column", "unknown column", raw or ""))
            continue
        cell = raw or ""
        if cell[:1] == "'":
            cell = _excel_unsafe(cell)
        cell = cell.strip()
        if column.kind == "pledges":
            value, problems = _parse_pledges(cell, column.path, limits)
            errors += problems
        elif not cell:
            if not column.required:
                continue
            value = None
        elif column.kind == "json":
            try:
                value = loads(cell, limits)
            except LimitExceeded as exc:
                errors.append(_cell_error(column.path, "limit", str(exc), cell))
                continue
            except json.JSONDecodeError as exc:
                errors.append(_cell_error(column.path, "csv_json", f"invalid JSON: {exc}", cell))
                continue
        else:
            hint = _excel_hint(column, cell) if hints else None
            if hint is not None:
                errors.append(hint)
                continue
            value = cell
        _set(data, column.path, value)
    return data, errors


def _pledge_cell(pledges: list[dict[str, Any]]) -> str:
    compact: list[str] = []
    for p in pledges:
        number = p.get("number")
        if set(p) - _PLEDGE_KEYS or (
            number is not None
            and (not number or number != number.strip() or ";" in number or number[0] == "[")
        ):
            return json.dumps(pledges, ensure_ascii=False, separators=(",", ":"))
        entry = f"{p['kind']}:{_STATUS_OF[p['registered']]}"
        compact.append(entry if number is None else f"{entry}:{number}")
    return ";".join(compact)


def claim_to_row(claim: Claim) -> dict[str, str]:
    """One flat CSV row (``{column: cell}``, in :data:`COLUMNS` order) for a claim; the
    inverse of :func:`row_to_claim`. Cells are not yet made :func:`excel_safe`.

    >>> from ipcomp.testing import example_claim
    >>> row = claim_to_row(example_claim())
    >>> row["loan.enterprise.name"], row["loan.pledges"], row["applied_on"]
    ('威海示例知识产权科技有限公司', 'PATENT:registered:ZL202010000001.X', '2023-10-12')
    >>> row["loan.bank.assessed_caps"]
    '{"2021":"1200000.00","2022":"1500000.00","2023":"1200000.00"}'
    """
    data = claim.model_dump(mode="json")
    row: dict[str, str] = {}
    for column in _COLUMN_LIST:
        value: Any = data
        for key in column.path:
            value = value[key]
        if column.kind == "pledges":
            row[column.name] = _pledge_cell(value)
        elif value is None or (column.kind == "json" and not value and not column.required):
            row[column.name] = ""
        elif column.kind == "json":
            row[column.name] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        elif isinstance(value, bool):
            row[column.name] = "true" if value else "false"
        else:
            row[column.name] = str(value)
    return row


def write_claims(claims: Iterable[Claim], out: IO[str], fmt: Format) -> None:
    """Write claims as CSV (header + one row each, cells :func:`excel_safe`), JSON Lines
    or a JSON array; the readers here give the same claims back.

    >>> import io
    >>> from ipcomp.testing import example_claim
    >>> buffer = io.StringIO()
    >>> write_claims([example_claim()], buffer, "jsonl")
    >>> Claim.model_validate_json(buffer.getvalue()) == example_claim()
    True
    """
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for claim in claims:
            writer.writerow([excel_safe(cell) for cell in claim_to_row(claim).values()])
    elif fmt == "jsonl":
        for claim in claims:
            out.write(claim.model_dump_json() + "\n")
    elif fmt == "json":
        out.write("[")
        for number, claim in enumerate(claims):
            out.write(("\n" if number == 0 else ",\n") + claim.model_dump_json())
        out.write("\n]\n")
    else:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


# --- reading -------------------------------------------------------------------------------


def sniff_format(head: bytes) -> Format:
    """Guess the format from the first bytes: ``[`` → JSON, ``{`` → JSON Lines, else CSV.

    >>> sniff_format(b'  [{"loan": '), sniff_format(b'{"loan": '), sniff_format(b"loan.loan_id,")
    ('json', 'jsonl', 'csv')
    """
    text = head.removeprefix(_BOM).lstrip()
    if text.startswith(b"["):
        return "json"
    if text.startswith(b"{"):
        return "jsonl"
    return "csv"


def detect_format(name: str | Path | None, head: bytes = b"") -> Format:
    """The format of a file from its extension (``.csv``, ``.json``, ``.jsonl`` or
    ``.ndjson``); for stdin (``None`` or ``"-"``) and other extensions, from its first
    bytes (:func:`sniff_format`).

    >>> detect_format("portfolio.CSV"), detect_format("-", b"{")
    ('csv', 'jsonl')
    """
    if name is not None and str(name) != "-":
        found = _EXTENSIONS.get(Path(name).suffix.lower())
        if found is not None:
            return found
    return sniff_format(head)


def _loan_id_from(data: Any) -> str | None:
    loan = data.get("loan") if isinstance(data, dict) else None
    loan_id = loan.get("loan_id") if isinstance(loan, dict) else None
    return loan_id.strip() if isinstance(loan_id, str) else None


def _custom_error(kind: str, message: str) -> ValidationError:
    return ValidationError.from_exception_data("Claim", [_cell_error((), kind, message, "")])


#: JSON Lines from a file are validated this many lines ahead of the consumer:
#: validating a small batch, then handing it over, runs about 7% faster than alternating
#: line by line (the validator and the consumer's code each stay in the CPU caches
#: longer), while memory stays bounded by the batch (see benchmarks/). A stream that is
#: not a file (a pipe, a terminal) is read line by line, so that each row comes out as
#: soon as it is in.
READ_AHEAD = 32


def _iter_jsonl(stream: IO[bytes], encoding: str, limits: Limits) -> Iterator[Record]:
    records = _jsonl_records(stream, encoding, limits)
    if not _is_file(stream):
        yield from records
        return
    batch: list[Record] = []
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception:
            yield from batch  # the rows read before a failing read come out first, as ever
            raise
        batch.append(record)
        if len(batch) == READ_AHEAD:
            yield from batch
            batch.clear()
    yield from batch


def _is_file(stream: object) -> bool:
    try:
        return bool(stream.seekable())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):  # no such method, or a closed stream
        return False


#: A line over the limit is skipped in chunks of this many bytes.
_CHUNK: Final = 1 << 16


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)`` for every physical line, ``line`` ``None`` when it is
    longer than ``limit`` bytes (its bytes are skipped, never held: at most ``limit`` + 1
    and then one chunk at a time)."""
    readline = getattr(stream, "readline", None)
    if readline is None:  # an iterable of lines, not a stream: each is already whole
        for number, line in enumerate(stream, 1):
            yield number, line if len(line) <= limit else None
        return
    number = 0
    while True:
        raw = readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) <= limit:
            yield number, raw
            continue
        while not raw.endswith(b"\n"):
            raw = readline(_CHUNK)
            if not raw:
                break
        yield number, None


def _too_long(number: int, limits: Limits, what: str = "line") -> Record:
    return Record(
        number,
        error=_custom_error(
            "limit",
            f"the {what} is longer than the limit of {limits.max_line_bytes:,} bytes "
            "(max_line_bytes; ipcomp --max-line-bytes); split it or raise the limit",
        ),
    )


def _encoding_hint(raw: bytes, encoding: str) -> str:
    """A hint for bytes that are not UTF-8 but read as GB18030 (the encoding Excel and
    WPS save CSV in on a Chinese Windows)."""
    if encoding.lower().replace("_", "-") not in ("utf-8", "utf8", "utf-8-sig"):
        return ""
    try:
        raw.decode("gb18030")
    except UnicodeError:
        return ""
    return "; it reads as GB18030/GBK (Excel or WPS on a Chinese Windows): try --encoding gb18030"


def _jsonl_records(stream: IO[bytes], encoding: str, limits: Limits) -> Iterator[Record]:
    utf8 = encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")
    validate = Claim.__pydantic_validator__.validate_json  # the model method, minus a wrapper
    for number, raw in _lines(stream, limits.max_line_bytes):
        if raw is None:
            yield _too_long(number, limits)
            continue
        if number == 1:
            raw = raw.removeprefix(_BOM)
        if not raw.strip():
            continue
        data: bytes | str = raw
        if not utf8:
            try:
                data = raw.decode(encoding)
            except UnicodeError as exc:
                yield Record(
                    number, error=_custom_error("encoding", f"not valid {encoding}: {exc}")
                )
                continue
        try:
            claim = validate(data)
        except ValidationError as error:
            yield _bad_json(number, error, data, encoding, limits)
        else:
            yield Record(number, claim, None, claim.loan.loan_id)


def _bad_json(
    number: int, error: ValidationError, data: bytes | str, encoding: str, limits: Limits
) -> Record:
    """The record of a JSON row that failed validation: the detailed errors, or the
    limit it is over, or why it is not JSON (only failed rows are checked: a valid claim
    is far within every limit)."""
    problem = json_problem(data, limits)
    if problem is not None:
        return Record(number, error=_custom_error("limit", problem))
    try:
        parsed = json.loads(data)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        if isinstance(data, bytes):
            try:
                data.decode("utf-8")
            except UnicodeError:
                message = f"not valid UTF-8{_encoding_hint(data, encoding)}"
                return Record(number, error=_custom_error("encoding", message))
        return Record(number, error=error)
    return Record(number, error=_detailed(error, parsed), loan_id=_loan_id_from(parsed))


def _detailed(error: ValidationError, parsed: Any) -> ValidationError:
    """The errors of a bad JSON claim as Python input gets them: the same fields fail
    (tests/facts/test_json_mode.py), but the messages say exactly what is wrong, where
    JSON's fast paths give one shorter message per rule (e.g. "digits below the fen")."""
    try:
        Claim.model_validate(parsed)
    except ValidationError as detailed:
        return detailed
    return error  # pragma: no cover - the two modes accept the same input


def _items(text: str) -> Iterator[str]:
    """The texts of the items of a JSON array, split without parsing them (for a document
    whose items a parser cannot read whole: too deep, too long a number)."""
    depth, start = 0, 0
    for match in _ITEM_STRUCTURE.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            start = match.end() if depth == 1 else start
        elif char in "]}":
            depth -= 1
            if depth == 0:
                break
        elif depth == 1:  # a comma between two items
            yield text[start : match.start()]
            start = match.end()
    else:  # the array is never closed: its last item runs to the end
        match = None
    last = text[start : match.start() if match else len(text)]
    if last.strip():
        yield last


_ITEM_STRUCTURE: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]', re.DOTALL)


def _iter_json(stream: IO[bytes], encoding: str, limits: Limits) -> Iterator[Record]:
    data = stream.read().removeprefix(_BOM)
    try:
        text = data.decode(encoding)
    except UnicodeError as exc:  # UnicodeDecodeError, or a codec's own (utf-16: no BOM)
        raise InputError(f"not valid {encoding}: {exc}{_encoding_hint(data, encoding)}") from exc
    items: list[Any]
    if text.lstrip().startswith("{"):  # one claim, or JSON Lines in a .json file
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):  # JSONDecodeError: JSON Lines; or too deep
            yield from _iter_jsonl(io.BytesIO(data), encoding, limits)
            return
        items = [document]
    else:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"not a JSON document: {exc}") from exc
        except (ValueError, RecursionError):  # an item too deep, a number too long
            if not text.lstrip().startswith("["):
                raise InputError("a JSON input must be an array of claims") from None
            document = [_Unparsed(item) for item in _items(text)]
        if not isinstance(document, list):
            raise InputError(
                f"a JSON input must be an array of claims, not {type(document).__name__}; "
                "use JSON Lines (.jsonl) for one claim per line"
            )
        items = document
    for number, item in enumerate(items, 1):
        yield _json_item(number, item, limits)


@dataclass(frozen=True, slots=True)
class _Unparsed:
    """One item of a JSON array, as text (see :func:`_items`)."""

    text: str


def _json_item(number: int, item: Any, limits: Limits) -> Record:
    if isinstance(item, _Unparsed):
        problem = json_problem(item.text, limits)
        if problem is not None:
            return Record(number, error=_custom_error("limit", problem))
        try:
            item = json.loads(item.text)
        except ValueError as exc:
            return Record(number, error=_custom_error("json_invalid", f"Invalid JSON: {exc}"))
    try:
        claim = Claim.model_validate_json(json.dumps(item))
    except ValidationError as error:
        problem = tree_problem(item, limits)
        if problem is not None:
            return Record(number, error=_custom_error("limit", problem))
        return Record(number, error=_detailed(error, item), loan_id=_loan_id_from(item))
    return Record(number, claim=claim, loan_id=claim.loan.loan_id)


_SPREADSHEETS: Final = (
    (b"PK\x03\x04", "an Excel workbook (.xlsx) or another zip file"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls)"),
)


def _not_a_workbook(head: bytes) -> None:
    for magic, what in _SPREADSHEETS:
        if head.startswith(magic):
            raise InputError(
                f"this is {what}, not CSV: in Excel use File > Save As > "
                "'CSV UTF-8 (Comma delimited) (*.csv)' and assess that file"
            )


def _check_header(header: list[str]) -> None:
    unknown = [h for h in header if h not in _BY_NAME]
    if unknown:
        shown = [repr(h if len(h) <= 60 else h[:59] + "…") for h in unknown[:10]]
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        raise InputError(
            f"unknown CSV column(s) {', '.join(shown)}{more}; the columns are: "
            + ", ".join(COLUMNS)
        )
    duplicate = sorted({h for h in header if header.count(h) > 1})
    if duplicate:
        raise InputError(f"duplicate CSV column(s) {', '.join(map(repr, duplicate))}")
    missing = [c.name for c in _COLUMN_LIST if c.required and c.name not in header]
    if missing:
        raise InputError(f"missing CSV column(s) {', '.join(map(repr, missing))}")


_QUOTING: Final = 'Write a quote inside a cell as "" and quote the cell'


class _TooLong(Exception):  # noqa: N818 - internal signal
    """A physical line, or a record's lines together, over ``max_line_bytes``."""


class _CsvLines:
    """The lines a ``csv.reader`` reads, one physical line at a time, remembering those
    of the current record so that a broken record's later lines can be read again."""

    def __init__(self, stream: IO[bytes], encoding: str, limits: Limits) -> None:
        self.source = _lines(stream, limits.max_line_bytes)
        self.encoding = encoding
        self.limit = limits.max_line_bytes
        self.number = 0
        # (line number, text; None for a line over the limit)
        self.pending: deque[tuple[int, str | None]] = deque()
        self.taken: list[tuple[int, str | None]] = []
        self.size = 0

    def start(self) -> None:
        """A new record begins."""
        self.taken.clear()
        self.size = 0

    def __iter__(self) -> _CsvLines:
        return self

    def _read(self) -> None:
        _, raw = next(self.source)
        if raw is None:
            self.number += 1
            self.pending.append((self.number, None))
            return
        if self.number == 0:
            raw = raw.removeprefix(_BOM)
        # bytes.splitlines: LF, CRLF and a lone CR (old Mac files) end a line
        for piece in raw.splitlines(keepends=True) if b"\r" in raw else [raw]:
            self.number += 1
            self.pending.append((self.number, piece.decode(self.encoding, "surrogateescape")))

    def __next__(self) -> str:
        if not self.pending:
            self._read()
        item = self.pending.popleft()
        self.taken.append(item)
        text = item[1]
        if text is None:
            raise _TooLong
        self.size += len(text)
        if self.size > self.limit:
            raise _TooLong
        return text

    def again(self) -> None:
        """Read the current record's lines after its first one again."""
        self.pending.extendleft(reversed(self.taken[1:]))


def _iter_csv(stream: IO[bytes], encoding: str, limits: Limits) -> Iterator[Record]:
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig"):
        encoding = "utf-8"
    "".encode(encoding)  # an unknown codec: LookupError before any row
    peek = getattr(stream, "peek", None)
    if peek is not None:  # a workbook: say so before reading its first "line"
        _not_a_workbook(bytes(peek(8)[:8]))
    lines = _CsvLines(stream, encoding, limits)
    reader = csv.reader(lines)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return
    except _TooLong:
        raise InputError(
            f"the CSV header is longer than {limits.max_line_bytes:,} bytes (max_line_bytes)"
        ) from None
    head = "".join(header).encode(encoding, "surrogateescape")
    _not_a_workbook(head)
    try:
        "".join(header).encode("utf-8")
    except UnicodeEncodeError:
        hint = _encoding_hint(head, encoding)
        raise InputError(f"the CSV header is not valid {encoding}{hint}") from None
    _check_header(header)
    loan_column = header.index("loan.loan_id")
    build = compile_rows(
        [_BY_NAME[h] for h in header],
        _excel_unsafe,
        lambda cell: loads(cell, limits),
        lambda cell, loc: _parse_pledges(cell, loc, limits),
    )
    while True:
        lines.start()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except _TooLong:
            yield _too_long(lines.taken[0][0], limits, "row")
            lines.again()
            continue
        except csv.Error as exc:  # e.g. a cell over the csv module's field size limit
            message = f"CSV syntax error: {exc}"
            yield Record(lines.taken[0][0], error=_custom_error("csv_syntax", message))
            lines.again()
            continue
        start = lines.taken[0][0]
        if not any(c.strip() for c in cells):
            continue
        quoted = any('"' in text for _, text in lines.taken if text)
        record = _csv_record(start, cells, header, loan_column, encoding, limits, quoted, build)
        if record.claim is None and len(lines.taken) > 1:
            # a record over several lines that is not a claim: most likely a stray quote
            # swallowed the lines after it; report this line and read the next ones again
            lines.again()
            if len(cells) != len(header):
                record = Record(
                    start,
                    error=_custom_error(
                        "csv_quote",
                        f'a quote (") opens a cell that runs over {len(lines.taken)} lines '
                        f"and the row then has {len(cells)} cells, not {len(header)}: "
                        f"a stray quote? {_QUOTING}",
                    ),
                    loan_id=record.loan_id,
                )
        yield record


def _csv_record(
    start: int,
    cells: list[str],
    header: list[str],
    loan_column: int,
    encoding: str,
    limits: Limits,
    quoted: bool,
    build: RowBuilder,
) -> Record:
    loan_id = cells[loan_column].strip() if loan_column < len(cells) else None
    try:
        "".join(cells).encode("utf-8")
    except UnicodeEncodeError:
        raw = "".join(cells).encode(encoding, "surrogateescape")
        message = f"the row is not valid {encoding}{_encoding_hint(raw, encoding)}"
        return Record(start, error=_custom_error("encoding", message))
    if len(cells) != len(header):
        message = f"the row has {len(cells)} cells but the header has {len(header)}"
        if quoted:
            message += f"; a stray quote? {_QUOTING}"
        return Record(start, error=_custom_error("csv_row", message), loan_id=loan_id)
    try:  # the fast path (ipcomp.io.rowplan): only a row that validates comes out of it
        claim = Claim.model_validate_json(to_json(build(cells)))
    except (NotFast, ValueError):  # ValidationError, JSON or limits: the checked path says
        try:
            claim = row_to_claim(dict(zip(header, cells, strict=True)), limits=limits)
        except ValidationError as error:
            return Record(start, error=error, loan_id=loan_id or None)
    return Record(start, claim=claim, loan_id=claim.loan.loan_id)


def iter_records(
    stream: IO[bytes],
    fmt: Format,
    *,
    encoding: str = "utf-8",
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Record]:
    """Every row of a binary input stream as a :class:`Record`, in order.

    CSV and JSON Lines are read row by row (memory does not grow with the file); a JSON
    array is loaded whole. ``encoding`` must be ASCII-compatible (UTF-8, GB18030, GBK…);
    a UTF-8 byte-order mark is ignored. A row over one of the ``limits``
    (:class:`~ipcomp.io.limits.Limits`: line length, JSON depth, digits of a number) is a
    bad row saying which; a CSV row broken by a stray quote is reported on its own and
    reading resumes on the line after it, so no later row is lost. Raises
    :class:`InputError` when the input as a whole cannot be read.

    >>> import io
    >>> lines = io.BytesIO(b'{"loan": 1}\\n\\nnot json\\n')
    >>> [(r.row, r.error_details()[0]["type"]) for r in iter_records(lines, "jsonl")]
    [(1, 'model_type'), (3, 'json_invalid')]
    """
    if fmt == "jsonl":
        return _iter_jsonl(stream, encoding, limits)
    if fmt == "csv":
        return _iter_csv(stream, encoding, limits)
    if fmt == "json":
        return _iter_json(stream, encoding, limits)
    raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def read_records(
    path: str | Path,
    *,
    fmt: Format | None = None,
    encoding: str = "utf-8",
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Record]:
    """Every row of the file at ``path`` as a :class:`Record`; the format from
    ``fmt`` or else the file name (:func:`detect_format`). The file is closed when the
    iteration ends.

    >>> import tempfile, os
    >>> from ipcomp.testing import example_claim
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "claims.jsonl")
    ...     with open(path, "w", encoding="utf-8") as out:
    ...         _ = out.write(example_claim().model_dump_json() + "\\n" + '{"loan": {}}\\n')
    ...     [(r.row, r.ok) for r in read_records(path)]
    [(1, True), (2, False)]
    """
    with ExitStack() as stack:
        stream = stack.enter_context(open(path, "rb"))
        chosen = fmt or detect_format(path, stream.peek(64)[:64])
        yield from iter_records(stream, chosen, encoding=encoding, limits=limits)


def read_claims(
    path: str | Path,
    *,
    fmt: Format | None = None,
    encoding: str = "utf-8",
    limits: Limits = DEFAULT_LIMITS,
) -> list[Claim]:
    """All claims of a file, in order; raises :class:`BadRow` at the first bad row (use
    :func:`read_records` to see every row, good or bad).

    >>> import tempfile, os
    >>> from ipcomp.testing import example_claim
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "claims.jsonl")
    ...     with open(path, "w", encoding="utf-8") as out:
    ...         write_claims([example_claim()] * 2, out, "jsonl")
    ...     len(read_claims(path))
    2
    """
    claims: list[Claim] = []
    for record in read_records(path, fmt=fmt, encoding=encoding, limits=limits):
        if record.claim is None:
            raise BadRow(record.row, record.loan_id, record.error_details()) from record.error
        claims.append(record.claim)
    return claims
