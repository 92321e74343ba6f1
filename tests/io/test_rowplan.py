"""The fast reading of CSV rows (ipcomp.io.rowplan) is the checked reading, faster.

A row that validates on the fast path is the claim ``row_to_claim`` gives for it; a row
the fast path does not take (a cell it cannot parse, a model error) is left to the
checked path, so the errors are the checked path's own. Hostile cells included.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from _strategies import scaled
from ipcomp import Claim
from ipcomp.io.limits import DEFAULT_LIMITS, loads
from ipcomp.io.records import _BY_NAME, COLUMNS, _excel_unsafe, _parse_pledges
from ipcomp.io.rowplan import NotFast, compile_rows, to_json
from ipcomp.records import claim_to_row, iter_records, row_to_claim, write_claims
from ipcomp.testing import claims, example_claim


def _builder(header: list[str]) -> Any:
    return compile_rows(
        [_BY_NAME[h] for h in header],
        _excel_unsafe,
        lambda cell: loads(cell, DEFAULT_LIMITS),
        lambda cell, loc: _parse_pledges(cell, loc, DEFAULT_LIMITS),
    )


def _fast(header: list[str], cells: list[str]) -> Claim | None:
    """The fast path's claim, or None where it leaves the row to the checked path."""
    try:
        return Claim.model_validate_json(to_json(_builder(header)(cells)))
    except (NotFast, ValueError):
        return None


def _checked(header: list[str], cells: list[str]) -> Claim | None:
    try:
        return row_to_claim(dict(zip(header, cells, strict=True)))
    except ValidationError:
        return None


# cells a user's file may hold instead of the one written: blanks, spaces, spreadsheet
# formats, a formula guard, signs, exponents, floats, JSON, text that is not the field's
_HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "'",
        "'=1+1",
        "-1",
        "+5",
        "1e3",
        "0.001",
        "1.5",
        "1,000.00",
        "2021/1/8",
        "2021-01-08 00:00:00",
        "2021-02-30",
        "true",
        "yes",
        "1",
        "0",
        "null",
        "[]",
        "{}",
        '{"2022": "1.00"}',
        '{"2022": 1.5}',
        "PATENT:registered",
        "PATENT:maybe",
        '[{"kind": "PATENT", "registered": true}]',
        "[",
        "NaN",
        "Infinity",
        "１２３",
        "x" * 300,
    ]
)


@settings(max_examples=scaled(100))
@given(claim=claims(), data=st.data())
def test_the_fast_path_gives_the_checked_claim_or_leaves_the_row(
    claim: Claim, data: st.DataObject
) -> None:
    row = claim_to_row(claim)
    header = list(row)
    header = data.draw(st.permutations(header))
    cells = [row[h] for h in header]
    for _ in range(data.draw(st.integers(0, 3))):
        i = data.draw(st.integers(0, len(cells) - 1))
        cells[i] = data.draw(_HOSTILE | st.text(max_size=12))
    fast, checked = _fast(header, cells), _checked(header, cells)
    if fast is not None:  # never a claim the checked path refuses, nor another one
        assert fast == checked
    if cells == [row[h] for h in header]:  # an unchanged row: the fast path takes it
        assert fast == claim


def test_a_row_of_only_the_required_columns_builds_no_empty_parents() -> None:
    header = [c for c in COLUMNS if _BY_NAME[c].required]
    row = claim_to_row(example_claim())
    built = _builder(header)([row[h] for h in header])
    assert built["loan"]["loan_id"] == row["loan.loan_id"]

    def no_empty(node: dict[str, Any]) -> bool:
        return all(v != {} and (not isinstance(v, dict) or no_empty(v)) for v in node.values())

    assert no_empty(built)
    # an optional column left blank is not in the dict; a required one is None
    optional = next(c for c in COLUMNS if not _BY_NAME[c].required and "." not in c)
    built = _builder([optional, "loan.loan_id"])([" ", ""])
    assert built == {"loan": {"loan_id": None}}


def test_cells_the_fast_path_leaves_to_the_checked_one() -> None:
    build = _builder(["loan.pledges", "loan.bank.assessed_caps"])
    with pytest.raises(NotFast):
        build(["PATENT:maybe", ""])
    with pytest.raises(json.JSONDecodeError):
        build(["", "{"])
    assert build([" PATENT:registered ", ' {"2022": "1.00"} ']) == {
        "loan": {
            "pledges": [{"kind": "PATENT", "registered": True}],
            "bank": {"assessed_caps": {"2022": "1.00"}},
        }
    }


def test_a_file_reads_the_same_whichever_path_each_row_takes() -> None:
    good = example_claim()
    bad = claim_to_row(good) | {"loan.principal": "1,000.00"}
    buffer = io.StringIO()
    write_claims([good], buffer, "csv")
    header = next(csv.reader(io.StringIO(buffer.getvalue())))
    csv.writer(buffer, lineterminator="\n").writerow([bad[h] for h in header])
    text = buffer.getvalue()
    records = list(iter_records(io.BytesIO(text.encode()), "csv"))
    assert records[0].claim == good
    assert records[1].claim is None
    assert records[1].error is not None
    assert "thousands separators" in str(records[1].error)  # the checked path's hint
