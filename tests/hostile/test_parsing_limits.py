"""Bounded parsing (issue 14): a row nested 1,000 deep, a 5,000-digit number or a line
longer than the limit is one bad row saying which limit and how to raise it, and the
rows after it are read. I41."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from ipcomp.io.limits import (
    DEFAULT_LIMITS,
    LimitExceeded,
    Limits,
    json_problem,
    loads,
    tree_problem,
)
from ipcomp.records import iter_records, read_claims, read_records, row_to_claim

from .helpers import claim, jsonl, run

DEEP = '{"loan": ' + "[" * 1000 + "]" * 1000 + "}"
BIG = '{"loan": ' + "1" * 5000 + "}"


def _rows(data: bytes, fmt: str, **limits: int) -> list[tuple[int, bool, str]]:
    out = []
    for r in iter_records(io.BytesIO(data), fmt, limits=Limits(**limits)):  # type: ignore[arg-type]
        out.append((r.row, r.ok, "" if r.ok else r.error_details()[0]["msg"]))
    return out


@pytest.mark.parametrize("hostile", [DEEP, BIG])
def test_jsonl_and_json_go_on_after_a_hostile_row(hostile: str) -> None:
    """I41: JSON Lines and a JSON array: the hostile row is bad (the limit named), the
    next rows are claims; both used to crash (RecursionError, ValueError)."""
    good = claim().model_dump_json()
    lines = _rows(f"{good}\n{hostile}\n{good}\n".encode(), "jsonl")
    array = _rows(f"[{good},{hostile},{good}]".encode(), "json")
    for rows in (lines, array):
        assert [(r, ok) for r, ok, _ in rows] == [(1, True), (2, False), (3, True)]
        assert ("max_json_depth" if hostile is DEEP else "max_number_digits") in rows[1][2]
    single = _rows(hostile.encode(), "json")  # one object: read as JSON Lines
    assert [(r, ok) for r, ok, _ in single] == [(1, False)]


def test_json_documents_split_by_hand() -> None:
    """I41: a document that Python cannot parse whole is split into its items: broken
    items, strings holding brackets and an array never closed stay rows of their own."""
    good = claim().model_dump_json()
    text = f'[{good}, {DEEP}, {{"loan": "a,]}}"}}, nonsense, {good}'
    rows = _rows(text.encode(), "json")
    assert [(r, ok) for r, ok, _ in rows] == [
        (1, True),
        (2, False),
        (3, False),
        (4, False),
        (5, True),
    ]
    assert "Invalid JSON" in rows[3][2]
    rows = _rows(f"[{DEEP}]".encode(), "json")
    assert [(r, ok) for r, ok, _ in rows] == [(1, False)]
    rows = _rows(f"[{DEEP}, ]".encode(), "json")  # a trailing comma: no empty item
    assert [(r, ok) for r, ok, _ in rows] == [(1, False)]
    with pytest.raises(ValueError, match="must be an array"):
        _rows(("1" * 5000).encode(), "json")
    # within the depth Python manages but over the limit
    rows = _rows(b'[{"loan": [[[[[[1]]]]]]}]', "json", max_json_depth=4)
    assert "deeper than the limit of 4" in rows[0][2]


def test_long_lines_are_bad_rows_in_bounded_memory() -> None:
    """I41: a line longer than max_line_bytes is a bad row; the reader never holds more
    than the limit and one chunk of it (a 1 GiB line used to peak at 10 GiB)."""
    good = claim().model_dump_json().encode()
    limit = len(good) + 1
    huge = b'{"loan": "' + b"x" * 300_000 + b'"}'

    class Watched(io.BytesIO):
        largest = 0

        def readline(self, size: int | None = -1) -> bytes:
            line = super().readline(size)
            Watched.largest = max(Watched.largest, len(line))
            return line

    for fmt, body in (("jsonl", good + b"\n" + huge + b"\n" + good + b"\n"),):
        stream = Watched(body)
        rows = [
            (r.row, r.ok) for r in iter_records(stream, fmt, limits=Limits(max_line_bytes=limit))
        ]
        assert rows == [(1, True), (2, False), (3, True)]
        assert Watched.largest <= max(limit + 1, 1 << 16)
    (record,) = list(iter_records(io.BytesIO(huge), "jsonl", limits=Limits(max_line_bytes=64)))
    assert "longer than the limit of 64 bytes" in record.error_details()[0]["msg"]
    assert "--max-line-bytes" in record.error_details()[0]["msg"]
    lines = iter([good + b"\n", huge + b"\n"])  # an iterable of lines, not a stream
    assert [r.ok for r in iter_records(lines, "jsonl", limits=Limits(max_line_bytes=limit))] == [
        True,
        False,
    ]  # type: ignore[arg-type]


def test_the_cli_has_flags_to_raise_the_limits(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """I41: --max-line-bytes, --max-json-depth, --max-number-digits; out-of-range values
    are usage errors; the bad row names the flag."""
    path = tmp_path / "x.jsonl"
    path.write_text(jsonl([claim(), DEEP, BIG, claim()]), encoding="utf-8")
    code, out, err = run(capsys, "assess", path, "-f", "jsonl")
    assert code == 1
    assert "--max-json-depth" in err
    assert "--max-number-digits" in err
    assert [json.loads(x).get("row") for x in out.splitlines()] == [1, 2, 3, 4, None]
    code, _, err = run(capsys, "assess", path, "--max-line-bytes", "100")
    assert code == 1
    assert err.count("--max-line-bytes") == 4
    for flag, value in (
        ("--max-json-depth", "0"),
        ("--max-json-depth", "501"),
        ("--max-number-digits", "5000"),
        ("--max-line-bytes", "1"),
    ):
        code, _, err = run(capsys, "assess", path, flag, value)
        assert code == 2
        assert "must be an integer" in err
    code, _, err = run(
        capsys, "compare", path, "--policy", "WEIHAI_2020", "--max-json-depth", "500"
    )
    assert code == 1
    assert "deeper than the limit of 500" in err


def test_policy_files_and_settings_are_bounded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """I41: a deep or huge --policy file or --set value is a usage error (exit 2), in
    assess, compare and deadline; they used to crash with RecursionError."""
    data = tmp_path / "x.jsonl"
    data.write_text(jsonl([claim()]), encoding="utf-8")
    policy = tmp_path / "deep.json"
    policy.write_text('{"municipal_rate": ' + "[" * 1000 + "]" * 1000 + "}", encoding="utf-8")
    for args in (
        ["assess", data, "--policy", policy],
        ["compare", data, "--policy", policy],
        ["deadline", "2023-09-28", "--policy", policy],
        ["assess", data, "--set", "municipal_rate=" + "[" * 1000 + "]" * 1000],
        ["deadline", "2023-09-28", "--set", "application_window=" + "1" * 5000],
    ):
        code, _, err = run(capsys, *args)
        assert code == 2, args
        assert "limit" in err
        assert "Traceback" not in err


def test_csv_json_cells_are_bounded() -> None:
    """I41: the JSON cells of a CSV row (assessed caps, pledges) are read within the
    limits: a deep cell is an error of that cell."""
    from ipcomp.records import claim_to_row

    row = claim_to_row(claim())
    for column in ("loan.bank.assessed_caps", "loan.pledges"):
        with pytest.raises(Exception, match="max_json_depth") as info:
            row_to_claim({**row, column: "[" * 1000 + "]" * 1000})
        assert type(info.value).__name__ == "ValidationError"


def test_limits_are_checked() -> None:
    """I41: limits are integers in their range; the scans find what the quick counts
    suspect, and nothing in strings."""
    with pytest.raises(ValueError, match="max_json_depth"):
        Limits(max_json_depth=True)
    assert json_problem('["[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["]') is None  # in a string
    assert json_problem('{"a": "' + "1" * 500 + '"}') is None
    assert json_problem(b"[" * 40 + b"]" * 40) is not None
    assert tree_problem({"a": [1, 2, {"b": 10**200}]}) is not None
    assert tree_problem({"a": [1, "2" * 500]}) is None
    with pytest.raises(LimitExceeded):
        loads("1" * 200)
    assert loads("[1]", DEFAULT_LIMITS) == [1]


def test_read_records_and_read_claims_take_limits(tmp_path: Path) -> None:
    """I41: the file readers pass the limits on."""
    path = tmp_path / "x.jsonl"
    path.write_text(jsonl([claim()]), encoding="utf-8")
    small = Limits(max_line_bytes=16)
    assert [r.ok for r in read_records(path, limits=small)] == [False]
    with pytest.raises(ValueError, match="max_line_bytes"):
        read_claims(path, limits=small)
    assert len(read_claims(path)) == 1
