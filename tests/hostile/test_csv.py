"""CSV input that loses no row (issue 14), and the messages operators need.

I48 (stray quotes), I49 (spreadsheet formats), I50 (workbooks), I55 (GB18030).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcomp.io.limits import Limits
from ipcomp.records import COLUMNS, claim_to_row, excel_safe, iter_records

from .helpers import claim, run


def _csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([excel_safe(row[c]) for c in COLUMNS])
    return buffer.getvalue()


GOOD = [claim_to_row(claim(f"WH-{i}")) for i in range(10)]


def _read(text: str | bytes, **kwargs: object) -> list[tuple[int, bool]]:
    data = text.encode() if isinstance(text, str) else text
    return [(r.row, r.ok) for r in iter_records(io.BytesIO(data), "csv", **kwargs)]  # type: ignore[arg-type]


def test_one_stray_quote_loses_one_row() -> None:
    """I48: of 10 data rows with a stray `"` at the start of a cell of the 3rd, the 3rd is
    reported and the 9 others are claims; the quote used to swallow the rest of the file
    into one bad row (7 good claims neither assessed nor reported)."""
    lines = _csv(GOOD).splitlines(keepends=True)
    lines[3] = lines[3].replace("WH-2", '"WH-2', 1)
    records = list(iter_records(io.BytesIO("".join(lines).encode()), "csv"))
    assert [(r.row, r.ok) for r in records] == [(n, n != 4) for n in range(2, 12)]
    message = records[2].error_details()[0]["msg"]
    assert "stray quote" in message
    assert 'as ""' in message
    lines[3] = lines[3].replace('"WH-2', "WH-2", 1).replace("WH-2", 'WH-2"\n', 1)
    records = list(iter_records(io.BytesIO("".join(lines).encode()), "csv"))
    assert sum(r.ok for r in records) == 9


@given(
    st.lists(
        st.tuples(
            st.integers(0, 9),
            st.integers(0, len(COLUMNS) - 1),
            st.sampled_from(['"', '""', '"x', 'a"b']),
        ),
        max_size=6,
    ),
    st.booleans(),
)
def test_results_and_bad_rows_add_up_to_the_data_rows(
    breaks: list[tuple[int, int, str]], crlf: bool
) -> None:
    """I48: whatever quotes are strewn into the cells, results + reported bad rows =
    data rows, and every row without a quote in it is still a claim."""
    rows = [dict(r) for r in GOOD]
    broken = set()
    for row, column, junk in breaks:
        name = COLUMNS[column]
        rows[row][name] = junk + rows[row][name]
        broken.add(row)
    lines = []
    for number, row in enumerate(rows):
        cells = [row[c] for c in COLUMNS]
        if number in broken:  # written by hand, as a broken export would be
            lines.append(",".join(c.replace("\n", " ") for c in cells))
        else:
            lines.append(_csv([row]).splitlines()[1])
    end = "\r\n" if crlf else "\n"
    text = ",".join(COLUMNS) + end + end.join(lines) + end
    records = list(iter_records(io.BytesIO(text.encode()), "csv"))
    assert len(records) == len(rows)
    assert [r.row for r in records] == list(range(2, 2 + len(rows)))
    for number, record in enumerate(records):
        if number not in broken:
            assert record.ok, record.error_details()


def test_long_and_odd_rows() -> None:
    """I48, I41: a row over max_line_bytes, or a quoted cell that runs past it, is one bad
    row; lines ended by a lone CR (old Mac exports) are rows; a cell over the csv
    module's own field limit is a bad row, not a crash."""
    text = _csv(GOOD[:3])
    lines = text.splitlines(keepends=True)
    limit = max(len(x.encode()) for x in lines) + 2
    long_row = [*lines[:2], '"' + "x" * (3 * limit) + "\n", *lines[2:]]
    assert _read("".join(long_row), limits=Limits(max_line_bytes=limit)) == [
        (2, True),
        (3, False),
        (4, True),
        (5, True),
    ]
    spread = lines[:2] + ['"open\n'] * 30 + lines[2:]
    rows = _read("".join(spread), limits=Limits(max_line_bytes=limit))
    assert rows[0] == (2, True)
    assert rows[-2:] == [(33, True), (34, True)]
    assert len(rows) == 33
    assert _read(text.replace("\n", "\r")) == [(2, True), (3, True), (4, True)]
    cell = [*lines[:2], '"' + "y" * 140000 + '",' + lines[2]]
    assert _read("".join(cell))[:2] == [(2, True), (3, False)]
    header = "x" * 100 + "\n"
    with pytest.raises(ValueError, match="CSV header is longer"):
        _read(header, limits=Limits(max_line_bytes=64))


def test_spreadsheet_formats_name_the_format_to_use() -> None:
    """I49: `2021/1/8`, `2021-01-08 00:00:00` and `2,130,777.08` (what Excel writes)
    are refused with a message naming YYYY-MM-DD and plain numbers."""
    from pydantic import ValidationError

    from ipcomp.records import row_to_claim

    row = GOOD[0]
    cases = {
        "loan.disbursed_on": ("2021/1/8", "2021-01-08"),
        "recognized_on": ("2023-09-28 00:00:00", "2023-09-28"),
        "principal_loss": ("800,000.00", "800000.00"),
        "loan.enterprise.employees": ("1,200", "1200"),
    }
    for column, (cell, fix) in cases.items():
        with pytest.raises(ValidationError) as info:
            row_to_claim({**row, column: cell})
        (error,) = info.value.errors()
        assert error["loc"] == tuple(column.split("."))
        assert fix in error["msg"]
        assert "Excel" in error["msg"]
    assert row_to_claim({**row, "loan.bank.name": "1,234"}).loan.bank.name == "1,234"


def test_workbooks_are_told_to_save_as_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """I50: an .xlsx (a zip) or an old .xls given as CSV gets "save as CSV UTF-8", not
    `unknown CSV column 'PK\\x03\\x04...'`."""
    for name, magic in (
        ("a.xlsx", b"PK\x03\x04\x14\x00\x06\x00"),
        ("b.xls", b"\xd0\xcf\x11\xe0\xa1\xb1"),
    ):
        path = tmp_path / name
        path.write_bytes(magic + b"\x00" * 100 + b"\n")
        code, _, err = run(capsys, "assess", path)
        assert code == 2
        assert "CSV UTF-8" in err
        assert "PK\\x03" not in err
        path.write_bytes(magic + b"\x00" * 100)  # no line break at all, over the limit
        code, _, err = run(capsys, "assess", path, "--max-line-bytes", "64")
        assert (code, "CSV UTF-8" in err) == (2, True)
    with pytest.raises(ValueError, match="CSV UTF-8"):
        list(iter_records(io.BytesIO(b"PK\x03\x04,x\n"), "csv"))  # no peek: the header says it


def test_gb18030_files_get_a_hint(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """I55: a GB18030/GBK file read as UTF-8 says "try --encoding gb18030" (every row used
    to say only "not valid utf-8-sig"); with the flag it is read."""
    text = _csv([claim_to_row(claim("威海-1"))])
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gb18030"))
    code, _, err = run(capsys, "assess", path)
    assert code == 1
    assert "--encoding gb18030" in err
    assert run(capsys, "assess", path, "--encoding", "gb18030")[0] == 0
    lines = tmp_path / "gbk.jsonl"
    lines.write_bytes(claim("威海-1").model_dump_json().encode("gb18030") + b"\n")
    code, _, err = run(capsys, "assess", lines)
    assert code == 1
    assert "--encoding gb18030" in err
    array = tmp_path / "gbk.json"
    array.write_bytes(b"[" + claim("威海-1").model_dump_json().encode("gb18030") + b"]")
    code, _, err = run(capsys, "assess", array)
    assert code == 2
    assert "--encoding gb18030" in err
    header = tmp_path / "head.csv"
    header.write_bytes("威海,x\n1,2\n".encode("gb18030"))
    code, _, err = run(capsys, "assess", header)
    assert code == 2
    assert "--encoding gb18030" in err
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(b'{"loan": "\xe9\xff"}\n')  # neither UTF-8 nor GB18030: no hint
    code, _, err = run(capsys, "assess", latin)
    assert code == 1
    assert "--encoding gb18030" not in err
    assert "not valid UTF-8" in err
    lines.write_bytes(claim("威海-1").model_dump_json().encode("gb18030") + b"\n")
    code, _, err = run(capsys, "assess", lines, "--encoding", "latin-1")
    assert "--encoding gb18030" not in err
    _ = json  # the module is imported for the record types above


def test_an_unknown_column_name_is_shown_short(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """I42: unknown CSV columns are shown quoted, cut and at most ten of them."""
    path = tmp_path / "cols.csv"
    path.write_text(
        ",".join(["\x1b[2J" + "c" * 500] + [f"x{i}" for i in range(20)]) + "\n1\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "assess", path)
    assert code == 2
    assert "\x1b" not in err
    assert "and 11 more" in err
    assert "c" * 100 not in err


def test_multi_line_records_that_are_not_claims() -> None:
    """I48: a quoted cell over several lines that leaves the right number of cells but
    no valid claim keeps its own errors, and the lines after its first are read again;
    a quote left open over more than max_line_bytes is one "longer than" row."""
    lines = _csv(GOOD[:3]).splitlines(keepends=True)
    row = dict(GOOD[1])
    row["principal_loss"] = "8000\n00.00"
    broken = _csv([row]).splitlines(keepends=True)[1:]
    records = list(
        iter_records(io.BytesIO("".join(lines[:2] + broken + lines[2:]).encode()), "csv")
    )
    assert [(r.row, r.ok) for r in records] == [
        (2, True),
        (3, False),
        (4, False),
        (5, True),
        (6, True),
    ]
    assert records[1].error_details()[0]["loc"] == ["principal_loss"]
    limit = max(len(x.encode()) for x in lines) + 2
    filler = ["f" * 100 + "\n"] * 30
    rows = _read(
        "".join([*lines[:2], '"open\n', *filler, *lines[2:]]), limits=Limits(max_line_bytes=limit)
    )
    assert rows[:2] == [(2, True), (3, False)]
    assert rows[-2:] == [(34, True), (35, True)]
    assert len(rows) == 34


def test_encodings_other_than_utf8_get_no_gb18030_hint(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """I55: the hint is for files read as UTF-8; under another --encoding a bad row says
    only that it is not valid in that encoding, and bad JSON is reported as such."""
    path = tmp_path / "ascii.csv"
    path.write_bytes(_csv([claim_to_row(claim("威海-1"))]).encode("utf-8"))
    code, _, err = run(capsys, "assess", path, "--encoding", "ascii")
    assert code == 1
    assert "not valid ascii" in err
    assert "--encoding gb18030" not in err
    lines = tmp_path / "gbk.jsonl"
    lines.write_bytes(b"{not json\n" + claim("威海-1").model_dump_json().encode("gb18030") + b"\n")
    code, out, _ = run(capsys, "assess", lines, "--encoding", "gb18030", "-f", "jsonl")
    assert code == 1
    assert json.loads(out.splitlines()[0])["error"][0]["type"] == "json_invalid"
    assert "assessment" in json.loads(out.splitlines()[1])
