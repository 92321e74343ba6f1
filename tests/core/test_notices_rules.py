"""Notice files (``ipcomp.core.notices``) stated in full: every refusal of a file names
the file and the reason, validation errors carry the offending day, the JSON written
and the JSON Schema of a notice file (D10; docs/calendar.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pydantic
import pytest

from ipcomp import InvalidNotice
from ipcomp.core.notices import HolidayNotice, notice_json_schema, parse_notice, read_notice
from ipcomp.testing import example_notice

OUTSIDE = (
    "2026-05-01 is outside 2027: a notice file holds the days of its own year; a day of "
    "2026 belongs in the 2026 file (as an amendment when a later notice sets it)"
)


def _outside_data() -> dict[str, object]:
    data = example_notice(2027).model_dump(mode="json")
    data["days_off"] = [*data["days_off"], "2026-05-01"]  # type: ignore[misc]
    return data


def test_a_day_outside_the_year_is_a_validation_error_naming_the_day() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        HolidayNotice.model_validate(_outside_data())
    assert caught.value.errors(include_url=False) == [
        {"type": "holiday_notice", "loc": ("days_off", 10), "msg": OUTSIDE, "input": "2026-05-01"}
    ]


def test_parse_notice_names_the_source_notice_by_default() -> None:
    with pytest.raises(InvalidNotice) as caught:
        parse_notice(_outside_data())
    assert str(caught.value) == f"notice: days_off[10]: {OUTSIDE}"
    with pytest.raises(InvalidNotice) as caught:
        parse_notice(5)
    assert caught.value.source == "notice"
    assert str(caught.value) == "notice: a notice file holds one JSON object"


def test_read_notice_names_the_file_it_could_not_read(tmp_path: Path) -> None:
    missing = tmp_path / "2027.json"
    with pytest.raises(InvalidNotice) as caught:
        read_notice(missing)
    assert caught.value.source == str(missing)
    assert str(caught.value) == f"{missing}: cannot read it: No such file or directory"
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"year": 2027, "title": "\xe9"}')
    with pytest.raises(InvalidNotice) as caught:
        read_notice(latin)
    assert caught.value.source == str(latin)
    assert str(caught.value) == f"{latin}: not UTF-8 text: invalid continuation byte"


def test_read_notice_refuses_keys_given_twice_naming_each(tmp_path: Path) -> None:
    path = tmp_path / "twice.json"
    path.write_text('{"year": 2027, "note": 1, "year": 2028, "note": 2}', encoding="utf-8")
    with pytest.raises(InvalidNotice) as caught:
        read_notice(path)
    assert str(caught.value) == (
        f"{path}: not JSON: the key(s) 'note', 'year' appear twice in one object"
    )


def test_a_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "2027.json"
    path.write_bytes(b"\xef\xbb\xbf" + example_notice(2027).to_json().encode("utf-8"))
    assert read_notice(path) == example_notice(2027)


def test_to_json_writes_chinese_as_is_and_leaves_out_empty_lists() -> None:
    text = example_notice(2027).to_json()
    assert "示例〔2026〕1号" in text
    assert text.endswith("}\n")
    data = json.loads(text)
    assert "sources" not in data
    assert "amendments" not in data
    assert HolidayNotice.model_validate(data) == example_notice(2027)


def test_the_notice_schema_names_its_id_and_the_keys_as_written() -> None:
    schema = notice_json_schema()
    assert list(schema)[:2] == ["$schema", "$id"]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "$comment" in schema["properties"]
    assert "$schema" in schema["properties"]
    assert schema["required"] == ["year", "notice", "days_off", "make_up_workdays"]
