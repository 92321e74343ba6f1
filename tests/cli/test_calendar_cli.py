"""``ipcomp calendar show | check | candidate``, ``--calendar FILE`` on assess, compare and
deadline, and ``ipcomp schema --notice`` (Art. 8(3), D10; issue 11)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ipcomp.cli import EXIT_BAD_ROWS, EXIT_OK, EXIT_USAGE, main
from ipcomp.cli.calendar import safe_text
from ipcomp.core.notices import NOTICE_KEYS
from ipcomp.core.workdays import _NOTICE_FILES
from ipcomp.testing import example_claim, example_loan, example_notice


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def notice_2027(tmp_path: Path) -> Path:
    """A fictitious 2027 notice file (1–3 January off)."""
    path = tmp_path / "2027.json"
    path.write_text(example_notice(2027).to_json(), encoding="utf-8")
    return path


@pytest.fixture
def bad_notice(tmp_path: Path) -> Path:
    path = tmp_path / "bad.json"
    data = json.loads(example_notice(2027).to_json())
    data["make_up_workday"] = data.pop("make_up_workdays")
    data["days_off"].append("2026-12-31")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def december_claims(tmp_path: Path) -> Path:
    """A claim recognised 2026-12-18 (deadline in 2027) and applied 2027-01-04."""
    claim = example_claim(
        loan=example_loan(disbursed_on="2022-05-20"),
        recognized_on="2026-12-18",
        applied_on="2027-01-04",
    )
    path = tmp_path / "claims.jsonl"
    path.write_text(claim.model_dump_json() + "\n", encoding="utf-8")
    return path


# --- calendar show -----------------------------------------------------------------------


def test_show_a_built_in_year(capsys: pytest.CaptureFixture[str]) -> None:
    """D10: `calendar show 2020` prints the notice and its amendment, every off-block
    and make-up day, and the number of working days."""
    code, out, err = run(capsys, "calendar", "show", "2020")
    assert (code, err) == (EXIT_OK, "")
    lines = out.splitlines()
    assert lines[0] == "2020: official, built-in (shipped with ipcomp)"
    assert (
        lines[1]
        == "notice: 国务院办公厅关于2020年部分节假日安排的通知 (国办发明电〔2019〕16号, 2019-11-21)"
    )
    assert (
        "amended by: 国务院办公厅关于延长2020年春节假期的通知 (国办发明电〔2020〕1号, 2020-01-26): days off 2020-01-31, 2020-02-01, 2020-02-02"
        in lines
    )
    assert "  2020-01-24 Fri – 2020-02-02 Sun  (10)" in lines
    assert "  2020-01-19 Sun" in lines
    assert "  2020-02-01 Sat" not in lines  # cancelled by the extension
    assert "working days in 2020: 249" in lines


def test_show_a_year_without_a_notice(capsys: pytest.CaptureFixture[str]) -> None:
    """D10 (I36): for a year the calendar does not hold, `calendar show` says so, says whether
    the installed holidays has a candidate, and exits 1."""
    code, out, _ = run(capsys, "calendar", "show", "2027")
    assert code == EXIT_BAD_ROWS
    assert out.startswith("2027: no notice in this calendar")
    assert "has no candidate for 2027 either." in out
    code, out, err = run(capsys, "calendar", "show", "2027", "--format", "json")
    assert (code, out) == (EXIT_BAD_ROWS, "")
    assert "no notice in this calendar" in err


def test_show_says_when_holidays_has_a_candidate(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """D10, item 5: when a newer holidays knows a year ipcomp does not vouch for, ipcomp
    still refuses it, but `calendar show` points at the candidate and the one-liner."""
    from ipcomp.cli import calendar as cli_calendar

    monkeypatch.setattr(cli_calendar, "holidays_candidate", lambda year: {"year": year})
    code, out, _ = run(capsys, "calendar", "show", "2027")
    assert code == EXIT_BAD_ROWS
    assert "has a candidate for 2027: `ipcomp calendar candidate 2027 > 2027.json`" in out
    assert "then `ipcomp calendar check 2027.json`" in out


def test_show_an_entered_and_a_replaced_year(
    capsys: pytest.CaptureFixture[str], notice_2027: Path, tmp_path: Path
) -> None:
    """D10: an entered year shows as entered; a replaced one shows what changed."""
    code, out, _ = run(capsys, "calendar", "show", "2027", "--calendar", notice_2027)
    assert code == EXIT_OK
    assert out.startswith("2027: official, entered (entered as data)\n")
    assert "  2027-09-25 Sat" in out
    assert "note:" not in out
    replaced = tmp_path / "2026.json"
    replaced.write_text(example_notice(2026).to_json(), encoding="utf-8")
    code, out, _ = run(capsys, "calendar", "show", "2026", "--calendar-replace", replaced)
    assert code == EXIT_OK
    assert "2026: official, entered" in out
    assert (
        "replaced: 2026: notice of 2025-11-04 (built-in) replaced by 2026: 示例〔2025〕1号 "
        "(entered); now days off: 2026-01-04, 2026-02-14, " in out
    )


def test_show_json_is_the_notice_file(capsys: pytest.CaptureFixture[str]) -> None:
    """D10: `calendar show YEAR --format json` prints the year's notice file itself, a
    starting point for a replacement."""
    code, out, _ = run(capsys, "calendar", "show", "2023", "--format", "json")
    assert code == EXIT_OK
    assert out == (_NOTICE_FILES / "2023.json").read_text(encoding="utf-8")


# --- calendar check -----------------------------------------------------------------------


def test_check_a_good_and_a_bad_file(
    capsys: pytest.CaptureFixture[str], notice_2027: Path, bad_notice: Path
) -> None:
    """D10 (I36): `calendar check` validates each file and exits 1 with every reason naming
    the key and the date when one is bad."""
    code, out, _ = run(capsys, "calendar", "check", notice_2027)
    assert code == EXIT_OK
    assert out == (
        f"{notice_2027}: ok: 2027, 示例：虚构的2027年节假日安排（不是国务院办公厅的通知） "
        "(示例〔2026〕1号, 2026-11-10): 10 days off, 2 make-up working days, 257 working "
        "days; the calendar gains 2027\n"
    )
    code, out, _ = run(capsys, "calendar", "check", notice_2027, bad_notice)
    assert code == EXIT_BAD_ROWS
    assert f"{bad_notice}: NOT VALID\n" in out
    assert (
        "  - make_up_workday: unknown key (a typo? allowed keys: " + ", ".join(NOTICE_KEYS) in out
    )
    assert "  - make_up_workdays: missing (required)" in out


def test_check_refuses_a_year_already_held_unless_replacing(
    capsys: pytest.CaptureFixture[str], notice_2027: Path
) -> None:
    """D10 (I32, I36): a file for a year the calendar holds (built-in, or entered by an
    earlier file) is refused; with --replace it is checked as a replacement and the change
    shown."""
    shipped = _NOTICE_FILES / "2026.json"
    code, out, _ = run(capsys, "calendar", "check", shipped)
    assert code == EXIT_BAD_ROWS
    assert "the calendar already vouches for 2026 (built-in)" in out
    code, out, _ = run(capsys, "calendar", "check", "--replace", shipped)
    assert code == EXIT_OK
    assert "the same as the built-in notice (nothing changes)" in out
    code, out, _ = run(capsys, "calendar", "check", notice_2027, notice_2027)
    assert code == EXIT_BAD_ROWS
    assert "already vouches for 2027 (entered)" in out
    code, out, _ = run(capsys, "calendar", "check", notice_2027, "--calendar", notice_2027)
    assert code == EXIT_BAD_ROWS
    code, out, _ = run(
        capsys, "calendar", "check", "--replace", notice_2027, "--calendar", notice_2027
    )
    assert "the same as the entered notice" in out
    other = notice_2027.with_name("2026.json")
    other.write_text(example_notice(2026).to_json(), encoding="utf-8")
    code, out, _ = run(capsys, "calendar", "check", "--replace", other)
    assert code == EXIT_OK
    assert "replaced by 2026: 示例〔2025〕1号 (entered); now days off: 2026-01-04, " in out
    code, out, _ = run(capsys, "calendar", "check", "--replace", notice_2027)
    assert code == EXIT_BAD_ROWS
    assert "nothing to replace" in out


def test_check_shows_untrusted_text_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """D10 (I36): a notice title or an unknown key with terminal control characters is shown
    escaped, never raw."""
    data: dict[str, Any] = json.loads(example_notice(2027).to_json())
    data["notice"]["title"] = "通知\x1b[2J\u202e"
    data["evil\x1b[8m"] = 1
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "calendar", "check", path)
    assert code == EXIT_BAD_ROWS
    assert "\x1b" not in out
    assert "evil\\x1b[8m: unknown key" in out
    del data["evil\x1b[8m"]
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "calendar", "check", path)
    assert code == EXIT_OK
    assert "通知\\x1b[2J\\u202e" in out
    assert "\x1b" not in out
    assert "\u202e" not in out
    assert safe_text("plain 通知") == "plain 通知"
    assert safe_text("\x7f\x9b\u200b\ufeff\u2066") == "\\x7f\\x9b\\u200b\\ufeff\\u2066"


# --- calendar candidate ------------------------------------------------------------------


def test_candidate_for_a_known_and_an_unknown_year(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """D10, item 5: `calendar candidate YEAR` prints a draft notice file from holidays,
    marked unreviewed, which `calendar check` refuses until it is reviewed; for a year
    holidays does not know it exits 1."""
    code, out, err = run(capsys, "calendar", "candidate", "2025")
    assert code == EXIT_OK
    assert "ipcomp ships the 2025 notice already" in err
    draft = json.loads(out)
    assert draft["unreviewed"].startswith("a candidate from holidays")
    path = tmp_path / "2025.json"
    path.write_text(out, encoding="utf-8")
    code, out, _ = run(capsys, "calendar", "check", "--replace", path)
    assert code == EXIT_BAD_ROWS
    assert "  - unreviewed: an unreviewed candidate" in out
    del draft["unreviewed"]
    draft["notice"]["date"] = "2024-11-12"
    path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "calendar", "check", "--replace", path)
    assert code == EXIT_OK
    assert "now days off: none; now working days: none" in out
    code, out, err = run(capsys, "calendar", "candidate", "2027")
    assert (code, out) == (EXIT_BAD_ROWS, "")
    assert "does not know the 2027 notice" in err


def test_calendar_years_are_checked(capsys: pytest.CaptureFixture[str]) -> None:
    """D10: a year argument outside 2000–2099 or not four digits is a usage error."""
    for year in ("27", "1999", "2100", "２０２７", "2027.0"):
        code, _, err = run(capsys, "calendar", "show", year)
        assert code == EXIT_USAGE
        assert "is not a year (2000–2099)" in err


# --- --calendar FILE on assess, compare, deadline ----------------------------------------------


def test_deadline_with_an_entered_notice(
    capsys: pytest.CaptureFixture[str], notice_2027: Path
) -> None:
    """D10: `deadline --calendar FILE` counts on the entered notice and says so; JSON
    cites every notice the deadline rests on."""
    code, out, _ = run(capsys, "deadline", "2026-12-18", "--calendar", notice_2027)
    assert (code, out) == (EXIT_OK, "2027-01-04 (on entered notices: 2027 示例〔2026〕1号)\n")
    code, out, _ = run(capsys, "deadline", "2026-12-18", "--calendar", notice_2027, "-f", "json")
    (entry,) = json.loads(out)
    assert [(r["year"], r["origin"]) for r in entry["calendar"]] == [
        (2026, "built-in"),
        (2027, "entered"),
    ]
    code, out, _ = run(
        capsys, "deadline", "2026-12-18", "--set", "calendar_estimate=true", "-f", "json"
    )
    assert [r["origin"] for r in json.loads(out)[0]["calendar"]] == ["built-in", "estimate"]
    assert run(capsys, "deadline", "2026-12-18")[0] == EXIT_BAD_ROWS


def test_assess_and_compare_with_an_entered_notice(
    capsys: pytest.CaptureFixture[str], notice_2027: Path, december_claims: Path
) -> None:
    """D10: `assess` and `compare` take --calendar; a claim whose deadline falls in 2027
    is judged on the entered notice and its result cites it."""
    code, out, _ = run(capsys, "assess", december_claims, "-f", "jsonl")
    first = json.loads(out.splitlines()[0])["assessment"]
    assert "CLAIM_DEADLINE_UNKNOWN" in {f["code"] for f in first["findings"]}
    code, out, _ = run(capsys, "assess", december_claims, "-f", "jsonl", "--calendar", notice_2027)
    assert code == EXIT_OK
    first = json.loads(out.splitlines()[0])["assessment"]
    assert first["deadline"] == "2027-01-04"
    assert [r["origin"] for r in first["calendar"]] == ["built-in", "entered"]
    assert "NOTE_CALENDAR_ENTERED" in {f["code"] for f in first["findings"]}
    code, out, _ = run(
        capsys,
        "compare",
        december_claims,
        "--policy",
        "WEIHAI_2020",
        "-f",
        "jsonl",
        "--calendar",
        notice_2027,
    )
    assert code == EXIT_OK
    record = json.loads(out.splitlines()[0])
    assert record["a"]["deadline"] == record["b"]["deadline"] == "2027-01-04"


@pytest.mark.parametrize("command", ["assess", "compare", "deadline"])
def test_a_bad_calendar_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], command: str, bad_notice: Path, december_claims: Path
) -> None:
    """D10 (I36): a bad --calendar file stops the command before any row (exit 2) with every
    reason; nothing is half-applied."""
    target = "2026-12-18" if command == "deadline" else str(december_claims)
    extra = ["--policy", "WEIHAI_2020"] if command == "compare" else []
    code, out, err = run(capsys, command, target, *extra, "--calendar", bad_notice)
    assert code == EXIT_USAGE
    assert out == ""
    assert err.startswith(f"ipcomp: error: invalid holiday notice {bad_notice}:\n  - ")
    assert "  - make_up_workday: unknown key" in err
    code, _, err = run(
        capsys, command, target, *extra, "--calendar-replace", _NOTICE_FILES / "2027.json"
    )
    assert code == EXIT_USAGE
    assert "cannot read it" in err


def test_schema_of_a_notice_file(capsys: pytest.CaptureFixture[str]) -> None:
    """D10: `ipcomp schema --notice` (or --model notice) prints the notice file's JSON
    Schema; --model keeps working for the other models."""
    code, out, _ = run(capsys, "schema", "--notice")
    schema = json.loads(out)
    assert code == EXIT_OK
    assert schema["title"] == "HolidayNotice"
    assert schema["required"] == ["year", "notice", "days_off", "make_up_workdays"]
    assert run(capsys, "schema", "--model", "notice")[1] == out
    assert json.loads(run(capsys, "schema", "--model", "policy")[1])["title"] == "Policy"
    assert run(capsys, "schema", "--notice", "--model", "policy")[0] == EXIT_USAGE


def test_show_an_amendment_that_adds_make_up_days(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """D10: an amendment that declares working days is shown as such; a replacement of
    another year is not shown under this one."""
    data = json.loads(example_notice(2027).to_json())
    data["amendments"] = [
        {
            "notice": {
                "number": "虚构〔2027〕2号",
                "date": "2027-01-04",
                "title": "虚构的补充通知",
            },
            "make_up_workdays": ["2027-01-09"],
        }
    ]
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    replaced = tmp_path / "2026.json"
    replaced.write_text(example_notice(2026).to_json(), encoding="utf-8")
    code, out, _ = run(
        capsys, "calendar", "show", "2027", "--calendar", path, "--calendar-replace", replaced
    )
    assert code == EXIT_OK
    assert (
        "amended by: 虚构的补充通知 (虚构〔2027〕2号, 2027-01-04): working days 2027-01-09\n" in out
    )
    assert "  2027-01-09 Sat\n" in out
    assert "replaced:" not in out


def test_candidate_for_a_year_ipcomp_does_not_ship(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """D10, item 5: a candidate for a year ipcomp does not vouch for is printed as drafted,
    without the note for shipped years."""
    from ipcomp.cli import calendar as cli_calendar

    monkeypatch.setattr(cli_calendar, "holidays_candidate", lambda year: {"year": year})
    code, out, err = run(capsys, "calendar", "candidate", "2027")
    assert (code, err) == (EXIT_OK, "")
    assert json.loads(out) == {"year": 2027}
