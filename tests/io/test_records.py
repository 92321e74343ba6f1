"""ipcomp.records: CSV, JSON and JSON Lines rows to claims and back, with row errors."""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from _strategies import scaled
from ipcomp import Claim, IpcompError, IPKind, Pledge
from ipcomp.records import (
    COLUMNS,
    BadRow,
    InputError,
    Record,
    claim_to_row,
    detect_format,
    error_details,
    excel_safe,
    iter_records,
    read_claims,
    read_records,
    row_to_claim,
    sniff_format,
    write_claims,
)
from ipcomp.testing import claims, example_claim, example_loan

DOCUMENTED_COLUMNS = (
    "loan.loan_id",
    "loan.enterprise.name",
    "loan.enterprise.industry",
    "loan.enterprise.legal_person",
    "loan.enterprise.operating",
    "loan.enterprise.via_platform",
    "loan.enterprise.rating",
    "loan.enterprise.credit_code",
    "loan.enterprise.division_code",
    "loan.enterprise.employees",
    "loan.enterprise.revenue",
    "loan.enterprise.total_assets",
    "loan.bank.name",
    "loan.bank.meets_fund_conditions",
    "loan.bank.ip_credit_system",
    "loan.bank.responsible_staff",
    "loan.bank.filed_in_shandong",
    "loan.bank.reported_in_weihai_on",
    "loan.bank.assessed_caps",
    "loan.disbursed_on",
    "loan.principal",
    "loan.pledges",
    "loan.direct",
    "loan.written_contract",
    "loan.via_platform",
    "loan.ip_principal",
    "principal_loss",
    "risk_class",
    "overdue",
    "recognized_on",
    "applied_on",
    "via_platform",
    "ip_principal_loss",
    "municipal_paid_before",
    "provincial_paid_before",
    "fraud_found",
    "paid_before",
)


def csv_bytes(rows: list[dict[str, str]], header: list[str] | None = None) -> io.BytesIO:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = header or list(COLUMNS)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return io.BytesIO(buffer.getvalue().encode("utf-8"))


def test_columns_are_the_documented_ones() -> None:
    assert COLUMNS == DOCUMENTED_COLUMNS  # docs/cli.md lists them: update both together


@settings(max_examples=scaled(60))
@given(claims())
def test_csv_row_round_trip(claim: Claim) -> None:
    assert row_to_claim(claim_to_row(claim)) == claim


@settings(max_examples=scaled(30))
@given(st.lists(claims(), max_size=4), st.sampled_from(["csv", "json", "jsonl"]))
def test_write_then_read_gives_the_same_claims(claim_list: list[Claim], fmt: Any) -> None:
    buffer = io.StringIO()
    write_claims(claim_list, buffer, fmt)
    records = list(iter_records(io.BytesIO(buffer.getvalue().encode()), fmt))
    assert [r.claim for r in records] == claim_list
    assert all(r.ok and r.error is None for r in records)
    assert [r.loan_id for r in records] == [c.loan.loan_id for c in claim_list]


def test_row_numbers_csv_lines_json_positions() -> None:
    claim = example_claim()
    text = io.StringIO()
    write_claims([claim, claim], text, "csv")
    lines = text.getvalue().splitlines()
    data = "\n".join([lines[0], lines[1], "", ",,,", lines[2]]) + "\n"
    records = list(iter_records(io.BytesIO(data.encode()), "csv"))
    assert [r.row for r in records] == [2, 5]  # blank and all-empty rows are skipped
    array = json.dumps([json.loads(claim.model_dump_json()), {"loan": None}])
    records = list(iter_records(io.BytesIO(array.encode()), "json"))
    assert [(r.row, r.ok) for r in records] == [(1, True), (2, False)]


def test_pledge_cells() -> None:
    row = claim_to_row(example_claim())
    cases = {
        "PATENT:registered:ZL1;TRADEMARK:unregistered": [
            Pledge(kind=IPKind.PATENT, registered=True, number="ZL1"),
            Pledge(kind=IPKind.TRADEMARK, registered=False),
        ],
        " PATENT : Unknown : a:b ;;": [Pledge(kind=IPKind.PATENT, registered=None, number="a:b")],
        "PATENT:registered:": [Pledge(kind=IPKind.PATENT, registered=True)],
        "": [],
        '[{"kind": "PATENT", "registered": true, "number": "x;y"}]': [
            Pledge(kind=IPKind.PATENT, registered=True, number="x;y")
        ],
    }
    for cell, pledges in cases.items():
        assert list(row_to_claim({**row, "loan.pledges": cell}).loan.pledges) == pledges


@pytest.mark.parametrize("number", ["x;y", "[1]"])
def test_awkward_pledge_numbers_are_written_as_json(number: str) -> None:
    pledge = Pledge(kind=IPKind.PATENT, registered=None, number=number)
    claim = example_claim(loan=example_loan(pledges=(pledge,)))
    cell = claim_to_row(claim)["loan.pledges"]
    assert cell.startswith("[")
    assert row_to_claim(claim_to_row(claim)) == claim


@pytest.mark.parametrize(
    ("column", "cell", "kind", "loc"),
    [
        ("loan.pledges", "PATENT", "csv_pledge", ["loan", "pledges", 0]),
        ("loan.pledges", "PATENT:registered;TRADEMARK:yes", "csv_pledge", ["loan", "pledges", 1]),
        ("loan.pledges", "[oops", "csv_json", ["loan", "pledges"]),
        ("loan.bank.assessed_caps", "{2022: 1}", "csv_json", ["loan", "bank", "assessed_caps"]),
        ("surprise", "x", "csv_column", ["surprise"]),
    ],
)
def test_bad_cells(column: str, cell: str, kind: str, loc: list[Any]) -> None:
    with pytest.raises(ValidationError) as info:
        row_to_claim({**claim_to_row(example_claim()), column: cell})
    (detail,) = error_details(info.value)
    assert (detail["type"], detail["loc"]) == (kind, loc)


def test_empty_cells_null_or_default() -> None:
    row = claim_to_row(example_claim())
    claim = row_to_claim(
        {
            **row,
            "applied_on": "",
            "municipal_paid_before": " ",
            "fraud_found": None,
            "loan.bank.assessed_caps": "",
        }
    )
    assert claim.applied_on is None
    assert claim.municipal_paid_before == 0
    assert not claim.fraud_found
    assert dict(claim.loan.bank.assessed_caps) == {}
    with pytest.raises(ValidationError) as info:
        row_to_claim({**row, "loan.principal": ""})
    assert error_details(info.value)[0]["loc"] == ["loan", "principal"]


def test_excel_safe_cells_round_trip() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert excel_safe(text) == "'" + text
    assert excel_safe("'=kept") == "'=kept"
    assert excel_safe("plain") == "plain"
    claim = example_claim(loan=example_loan(loan_id="=HYPERLINK(1)"))
    buffer = io.StringIO()
    write_claims([claim], buffer, "csv")
    assert "'=HYPERLINK(1)" in buffer.getvalue()
    (record,) = iter_records(io.BytesIO(buffer.getvalue().encode()), "csv")
    assert record.claim == claim
    assert (
        row_to_claim({**claim_to_row(example_claim()), "loan.loan_id": "'x"}).loan.loan_id == "'x"
    )


def test_csv_header_problems() -> None:
    row = claim_to_row(example_claim())
    with pytest.raises(InputError, match="unknown CSV column"):
        list(iter_records(csv_bytes([row], [*COLUMNS, "note"]), "csv"))
    with pytest.raises(InputError, match="duplicate CSV column"):
        list(iter_records(csv_bytes([row], [*COLUMNS, "fraud_found"]), "csv"))
    with pytest.raises(InputError, match="missing CSV column"):
        list(iter_records(csv_bytes([row], [c for c in COLUMNS if c != "overdue"]), "csv"))
    with pytest.raises(InputError, match="header is not valid"):
        list(iter_records(io.BytesIO(b"loan.loan_id\xff\n"), "csv"))
    assert list(iter_records(io.BytesIO(b""), "csv")) == []
    optional = [c for c in COLUMNS if c not in ("ip_principal_loss", "fraud_found")]
    (record,) = iter_records(csv_bytes([row], optional), "csv")
    assert record.claim == example_claim()


def test_csv_row_problems() -> None:
    good = claim_to_row(example_claim())
    text = csv_bytes([good]).getvalue().decode()
    header = text.splitlines()[0]
    bad_bytes = text.splitlines()[1].replace("示例银行威海分行", "银行").encode("utf-8")
    data = (
        header.encode()
        + b"\n"
        + b"WH-1,too,few\n"
        + bad_bytes.replace("银行".encode(), b"\xff\xfe")
        + b"\n"
        + b'"'
        + b"x" * 200_000
        + b'",1\n'
        + text.splitlines()[1].replace("2000000.00", "2000000.005").encode()
        + b"\n"
    )
    records = list(iter_records(io.BytesIO(data), "csv"))
    kinds = [r.error_details()[0]["type"] for r in records]
    assert kinds == ["csv_row", "encoding", "csv_syntax", "value_error"]
    assert [r.row for r in records] == [2, 3, 4, 5]
    assert records[0].loan_id == "WH-1"
    assert records[3].loan_id == "WH-2022-0001"


def test_csv_in_another_encoding() -> None:
    buffer = io.StringIO()
    write_claims([example_claim()], buffer, "csv")
    data = buffer.getvalue().encode("gb18030")
    (record,) = iter_records(io.BytesIO(data), "csv", encoding="gb18030")
    assert record.claim == example_claim()
    with_bom = b"\xef\xbb\xbf" + buffer.getvalue().encode()
    (record,) = iter_records(io.BytesIO(with_bom), "csv")
    assert record.ok


def test_jsonl_lines() -> None:
    line = example_claim().model_dump_json()
    data = ("\ufeff" + line + "\n\n  \n" + line.replace("LOSS", "LOST") + "\n{bad\n[1]\n").encode()
    records = list(iter_records(io.BytesIO(data), "jsonl"))
    assert [(r.row, r.ok) for r in records] == [(1, True), (4, False), (5, False), (6, False)]
    assert records[1].loan_id == "WH-2022-0001"
    assert records[2].loan_id is None
    assert records[3].error_details()[0]["type"] == "model_type"
    gbk = (line + "\n").encode("gb18030") + b"\x81\n"
    records = list(iter_records(io.BytesIO(gbk), "jsonl", encoding="GB18030"))
    assert records[0].claim == example_claim()
    assert records[1].error_details()[0]["type"] == "encoding"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("principal_loss", 123.5, "float 123.5 refused as an amount of money"),
        ("principal_loss", "100.005", "100.005 has digits below the fen"),
        ("principal_loss", "-5", "-5 is negative"),
        ("municipal_paid_before", "1e3", "'1e3' is not a decimal number"),
    ],
)
def test_bad_jsonl_rows_say_exactly_what_is_wrong(field: str, value: Any, message: str) -> None:
    """D14, I17, I27: a JSON Lines row or JSON array item refused by the fast JSON checks
    is reported with the detailed message Python input would get, naming the field."""
    data = example_claim().model_dump(mode="json")
    line = json.dumps({**data, field: value}).encode()
    (record,) = iter_records(io.BytesIO(line), "jsonl")
    (in_array,) = iter_records(io.BytesIO(b"[" + line + b"]"), "json")
    for got in (record, in_array):
        [detail] = got.error_details()
        assert detail["loc"] == [field] or detail["loc"] == (field,)
        assert message in detail["msg"]
        assert got.loan_id == "WH-2022-0001"


class _Lines:
    """A byte stream of ``n`` claim lines that counts the lines read from it; a file
    (seekable) or not; optionally failing after ``fail_after`` lines."""

    def __init__(self, n: int, *, seekable: bool, fail_after: int | None = None) -> None:
        self.n, self._seekable, self.fail_after = n, seekable, fail_after
        self.read = 0
        self.line = example_claim().model_dump_json().encode() + b"\n"

    def seekable(self) -> bool:
        return self._seekable

    def __iter__(self) -> Any:
        for _ in range(self.n):
            if self.read == self.fail_after:
                raise OSError("the disk went away")
            self.read += 1
            yield self.line


def test_jsonl_files_are_read_ahead_in_bounded_batches() -> None:
    """Rows of a file are validated a batch of READ_AHEAD lines ahead of the consumer,
    in order, never more (memory stays flat however long the input)."""
    from ipcomp import records

    n = 2 * records.READ_AHEAD + 5
    stream = _Lines(n, seekable=True)
    rows = iter_records(stream, "jsonl")  # type: ignore[arg-type]
    assert next(rows).row == 1
    assert stream.read == records.READ_AHEAD
    assert [r.row for r in rows] == list(range(2, n + 1))
    assert stream.read == n


def test_jsonl_pipes_are_read_line_by_line() -> None:
    """A stream that is not a file (a pipe, a terminal) gives each row as soon as its
    line is in."""
    stream = _Lines(100, seekable=False)
    rows = iter_records(stream, "jsonl")  # type: ignore[arg-type]
    assert next(rows).row == 1
    assert stream.read == 1
    plain = iter([stream.line, stream.line])  # not even a seekable() method
    assert [r.row for r in iter_records(plain, "jsonl")] == [1, 2]  # type: ignore[arg-type]


def test_an_exception_thrown_into_the_reader_repeats_no_row() -> None:
    """A consumer that throws into the reader (e.g. to abort) gets its exception back,
    not the batch's rows a second time."""
    rows = iter_records(_Lines(100, seekable=True), "jsonl")  # type: ignore[arg-type]
    assert [next(rows).row for _ in range(3)] == [1, 2, 3]
    with pytest.raises(ValueError, match="stop"):
        rows.throw(ValueError("stop"))


@pytest.mark.parametrize("seekable", [True, False])
def test_jsonl_rows_read_before_a_failing_read_come_out_first(seekable: bool) -> None:
    """A read error part-way (OSError) is raised after every row read before it."""
    stream = _Lines(100, seekable=seekable, fail_after=4)
    seen: list[int] = []

    def consume() -> None:
        for record in iter_records(stream, "jsonl"):  # type: ignore[arg-type]
            seen.append(record.row)

    with pytest.raises(OSError, match="went away"):
        consume()
    assert seen == [1, 2, 3, 4]


def test_json_documents() -> None:
    with pytest.raises(InputError, match="not a JSON document"):
        list(iter_records(io.BytesIO(b"[1,"), "json"))
    with pytest.raises(InputError, match="must be an array"):
        list(iter_records(io.BytesIO(b'"claims"'), "json"))
    with pytest.raises(InputError, match="not valid utf-8"):
        list(iter_records(io.BytesIO(b"[\xff]"), "json"))
    line = example_claim().model_dump_json()
    (single,) = iter_records(io.BytesIO(line.encode()), "json")
    assert (single.row, single.claim) == (1, example_claim())
    lines = f"{line}\n{{broken\n\n{line}\n".encode()
    records = list(iter_records(io.BytesIO(lines), "json"))  # JSON Lines in a .json file
    assert [(r.row, r.ok) for r in records] == [(1, True), (2, False), (4, True)]
    items = [{"loan": {"loan_id": " WH-9 "}}, 1.5]
    records = list(iter_records(io.BytesIO(json.dumps(items).encode()), "json"))
    assert [r.loan_id for r in records] == ["WH-9", None]


def test_unknown_format() -> None:
    with pytest.raises(InputError, match="unknown format"):
        iter_records(io.BytesIO(b""), "xml")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="unknown format"):
        write_claims([], io.StringIO(), "xml")  # type: ignore[arg-type]
    assert issubclass(InputError, IpcompError)


def test_detect_and_sniff() -> None:
    assert detect_format("a/b.JSONL") == "jsonl"
    assert detect_format(Path("x.ndjson")) == "jsonl"
    assert detect_format("x.json") == "json"
    assert detect_format("x.txt", b"\xef\xbb\xbf [") == "json"
    assert detect_format(None, b"\n{") == "jsonl"
    assert detect_format("-", b"loan.loan_id") == "csv"
    assert sniff_format(b"") == "csv"


def test_read_claims_and_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    line = example_claim().model_dump_json()
    path.write_text(line + "\n" + line.replace('"overdue":true,', "") + "\n", encoding="utf-8")
    assert [r.ok for r in read_records(path)] == [True, False]
    assert [r.ok for r in read_records(path, fmt="jsonl")] == [True, False]
    with pytest.raises(BadRow, match="row 2: overdue: Field required") as info:
        read_claims(path)
    error = info.value
    assert (error.row, error.loan_id) == (2, "WH-2022-0001")
    assert isinstance(error.__cause__, ValidationError)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.row, copy.errors) == (error.row, error.errors)
    assert str(BadRow(3, None, [])) == "row 3: row: invalid"
    good = tmp_path / "good.csv"
    with good.open("w", encoding="utf-8", newline="") as out:
        write_claims([example_claim()], out, "csv")
    assert read_claims(good) == [example_claim()]


def test_record_defaults() -> None:
    record = Record(row=1)
    assert not record.ok
    assert record.error_details() == []


def test_literal_fields_would_be_scalar_cells() -> None:
    from typing import Literal

    from ipcomp.io.records import _is_scalar

    assert _is_scalar(Literal["a", "b"])
    assert not _is_scalar(dict[int, str])


_TRICKY = [
    "",
    " ",
    "'=1",
    "'-5",
    "'",
    "2021/1/8",
    "2021-01-08 00:00:00",
    "2,130,777.08",
    "[",
    "[]",
    '[{"kind": "PATENT", "registered": true}]',
    "{}",
    '{"2022": "1500000.00"}',
    "{",
    "x",
    "true",
    "false",
    "-1",
    "0.005",
    "PATENT:maybe",
    "PATENT:registered;TRADEMARK:unknown:1",
    " 12.50 ",
    "'2023-10-12",
]


@settings(max_examples=scaled(100))
@given(
    claim=claims(),
    changes=st.lists(
        st.tuples(st.integers(0, 200), st.sampled_from(_TRICKY) | st.text(max_size=8)),
        max_size=4,
    ),
    extra=st.booleans(),
)
def test_the_fast_reader_is_the_checked_reader(
    claim: Claim, changes: list[Any], extra: bool
) -> None:
    """One definition of a CSV row: the fast path of row_to_claim (no spreadsheet
    hints unless the row fails) gives the same claim, or the same errors, as the checked
    path on rows with tricky cells, unknown columns included."""
    from ipcomp.io.limits import DEFAULT_LIMITS
    from ipcomp.io.records import _checked_row_to_claim

    row: dict[str, str | None] = dict(claim_to_row(claim))
    names = list(row)
    for position, value in changes:
        row[names[position % len(names)]] = value
    if extra:
        row["loan_officer"] = "张三"

    def outcome(read: Any) -> Any:
        try:
            return read()
        except ValidationError as exc:
            return [(e["loc"], e["type"], e["msg"]) for e in exc.errors()]

    fast = outcome(lambda: row_to_claim(row))
    checked = outcome(lambda: _checked_row_to_claim(row, DEFAULT_LIMITS))
    assert fast == checked
