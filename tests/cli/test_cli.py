"""The ``ipcomp`` command: assess, compare, schema, deadline; formats, errors, exit codes."""

from __future__ import annotations

import csv
import io
import itertools
import json
import runpy
import sys
from pathlib import Path
from typing import Any

import pytest

from ipcomp import Claim, assess, assess_portfolio
from ipcomp.cli import CSV_COLUMNS, EXIT_BAD_ROWS, EXIT_OK, EXIT_USAGE, main
from ipcomp.cli import inputs as cli_module
from ipcomp.cli import parser as cli_main
from ipcomp.records import read_claims, write_claims
from ipcomp.testing import example_claim, example_loan

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PORTFOLIO = EXAMPLES / "portfolio.csv"
BAD = EXAMPLES / "portfolio_bad.jsonl"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def lines_of(claims: list[Claim], *extra: str) -> str:
    return "".join(c.model_dump_json() + "\n" for c in claims) + "".join(x + "\n" for x in extra)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """Two eligible claims (one capped), one barred, one bad line."""
    capped = example_claim(
        loan=example_loan(loan_id="WH-CAP", principal="10000000"), principal_loss="8000000"
    )
    barred = example_claim(loan=example_loan(loan_id="WH-FRAUD"), fraud_found=True)
    path = tmp_path / "small.jsonl"
    path.write_text(
        lines_of([example_claim(), capped, barred], '{"loan": {"loan_id": "WH-BAD"}}'),
        encoding="utf-8",
    )
    return path


def test_assess_table_of_the_bundled_portfolio(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "assess", PORTFOLIO)
    assert code == EXIT_OK
    assert err == ""
    assert out.startswith("Assessment under WEIHAI_2020\n")
    assert "Totals (WEIHAI_2020)" in out
    assert "By bank (amounts of eligible claims)" in out
    assert "By business year (starting 1 March)" in out
    assert "CLAIM_DEADLINE_UNKNOWN" in out
    assert "  rows read                       200" in out


def test_assess_json_output(capsys: pytest.CaptureFixture[str], small: Path) -> None:
    code, out, err = run(capsys, "assess", small, "--format", "json")
    assert code == EXIT_BAD_ROWS
    data = json.loads(out)
    assert list(data) == ["results", "totals", "policy"]
    results = data["results"]
    assert [r["row"] for r in results] == [1, 2, 3, 4]
    assert results[0]["loan_id"] == "WH-2022-0001"
    assert results[0]["assessment"]["compensation"]["total"] == "480000.00"
    assert results[1]["assessment"]["compensation"]["capped"] is True
    assert results[2]["assessment"]["eligible"] is False
    assert results[3] == {"row": 4, "loan_id": "WH-BAD", "error": results[3]["error"]}
    assert {"loc", "msg", "type"} <= set(results[3]["error"][0])
    totals = data["totals"]
    assert (totals["rows"], totals["claims"], totals["bad_rows"]) == (4, 3, 1)
    assert (totals["eligible"], totals["not_eligible"], totals["capped"]) == (2, 1, 1)
    # 480,000 + (3,200,000 + 1,200,000 capped municipal)
    assert totals["total"] == "4880000.00"
    assert totals["provincial"] == "3520000.00"
    assert totals["municipal"] == "1360000.00"
    assert totals["bank_share"] == "3920000.00"
    assert totals["findings"] == {"CLAIM_FRAUD": 1, "NOTE_CAP_APPLIED": 1}
    assert totals["by_bank"]["示例银行威海分行"]["claims"] == 3
    assert totals["by_business_year"]["2023"]["eligible"] == 2
    assert data["policy"] == {"name": "WEIHAI_2020", "changes": {}}
    assert err.startswith(f"{small}:4: WH-BAD: ")


def test_assess_jsonl_output_and_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, small: Path
) -> None:
    data = small.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    code, out, err = run(capsys, "assess", "-", "--format", "jsonl")
    assert code == EXIT_BAD_ROWS
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 5
    assert records[3]["error"][0]["loc"] == ["loan", "enterprise"]
    assert records[-1]["totals"]["bad_rows"] == 1
    assert records[-1]["policy"]["name"] == "WEIHAI_2020"
    assert err.startswith("<stdin>:4: WH-BAD: ")


def test_assess_csv_output_is_excel_safe(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hostile = example_claim(loan=example_loan(loan_id="=cmd|' /C calc'!A0"))
    source = tmp_path / "claims.jsonl"
    source.write_text(lines_of([hostile], "not json"), encoding="utf-8")
    target = tmp_path / "out.csv"
    code, out, err = run(capsys, "assess", source, "--format", "csv", "--output", target)
    assert code == EXIT_BAD_ROWS
    assert out == ""
    assert "Totals (WEIHAI_2020)" in err
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the UTF-8 with its BOM
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert rows[0]["loan_id"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["total"] == "480000.00"
    assert rows[0]["capped"] == "false"
    assert rows[1]["status"] == "error"
    assert rows[1]["error"].startswith("Invalid JSON")
    code, out, _ = run(capsys, "assess", PORTFOLIO, "-f", "csv")
    assert code == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 200
    barred = next(r for r in rows if r["eligible"] == "false")
    assert barred["total"] == ""
    assert barred["blocking_codes"]


def test_input_formats(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    claims = [example_claim()]
    for name, fmt in (("a.json", "json"), ("b.csv", "csv"), ("c.txt", "jsonl")):
        with (tmp_path / name).open("w", encoding="utf-8", newline="") as out:
            write_claims(claims, out, fmt)  # type: ignore[arg-type]
        code, out_text, _ = run(capsys, "assess", tmp_path / name, "-f", "jsonl")
        assert code == EXIT_OK
        assert json.loads(out_text.splitlines()[0])["row"] == (2 if fmt == "csv" else 1)
    code, _, err = run(capsys, "assess", tmp_path / "a.json", "--input-format", "csv")
    assert code == EXIT_USAGE
    assert "unknown CSV column" in err
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, out_text, err = run(capsys, "assess", empty, "-f", "json")
    assert (code, out_text) == (EXIT_USAGE, "")  # I44: an empty input says so, exit 2
    assert "no rows to assess" in err


def test_stdin_without_peek(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = example_claim().model_dump_json().encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))  # seekable
    assert run(capsys, "assess", "-", "-f", "jsonl")[0] == EXIT_OK

    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            chunk = self.data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    class Stdin:
        buffer = Pipe()

    monkeypatch.setattr(sys, "stdin", Stdin())
    code, _, err = run(capsys, "assess", "-", "--independent")
    assert code == EXIT_USAGE
    assert "--input-format" in err
    # a portfolio copies a pipe to a temporary file (it may read it twice): the format
    # is detected from that copy
    monkeypatch.setattr(Stdin, "buffer", Pipe())
    assert run(capsys, "assess", "-", "-f", "jsonl")[0] == EXIT_OK
    monkeypatch.setattr(Stdin, "buffer", Pipe())
    assert run(capsys, "assess", "-", "--input-format", "jsonl", "-f", "jsonl")[0] == EXIT_OK


def test_usage_and_io_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "assess", tmp_path / "missing.csv")[0] == EXIT_USAGE
    code, _, err = run(capsys, "assess", tmp_path)
    assert (code, "is a directory" in err.lower()) == (EXIT_USAGE, True)
    code, _, err = run(capsys, "assess", PORTFOLIO, "-o", tmp_path / "no" / "such" / "dir.txt")
    assert (code, "cannot write" in err) == (EXIT_USAGE, True)
    code, _, err = run(capsys, "assess", PORTFOLIO, "--encoding", "no-such-codec")
    assert (code, "cannot read" in err) == (EXIT_USAGE, True)
    assert run(capsys, "assess")[0] == EXIT_USAGE  # argparse: FILE missing
    assert run(capsys)[0] == EXIT_USAGE
    code, out, _ = run(capsys, "--version")
    assert (code, out.startswith("ipcomp ")) == (EXIT_OK, True)
    code, out, _ = run(capsys, "assess", "--help")
    assert code == EXIT_OK
    assert '"results"' in out
    assert "exit status" in out
    bad = tmp_path / "bad.json"
    bad.write_text('"not an array"', encoding="utf-8")
    code, _, err = run(capsys, "assess", bad)
    assert (code, "must be an array" in err) == (EXIT_USAGE, True)
    weird = tmp_path / "weird.json"
    weird.write_text("[1, 2", encoding="utf-8")
    code, _, err = run(capsys, "assess", weird)
    assert (code, "not a JSON document" in err) == (EXIT_USAGE, True)


def test_policy_files_and_settings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    policy = EXAMPLES / "policy_municipal30.json"
    code, out, _ = run(capsys, "assess", PORTFOLIO, "--policy", policy, "-f", "jsonl")
    assert code == EXIT_OK
    final = json.loads(out.splitlines()[-1])
    assert final["policy"] == {
        "name": "policy_municipal30.json",
        "changes": {"municipal_rate": "0.30"},
    }
    code, out, _ = run(
        capsys,
        "assess",
        PORTFOLIO,
        "--set",
        "municipal_rate=0.30",
        "--set",
        'eligible_ip_kinds=["PATENT"]',
        "--set",
        "calendar_estimate=true",
        "-f",
        "jsonl",
    )
    final = json.loads(out.splitlines()[-1])
    assert final["policy"]["changes"] == {
        "municipal_rate": "0.30",
        "eligible_ip_kinds": ["PATENT"],
        "calendar_estimate": True,
    }
    assert final["policy"]["name"].startswith("WEIHAI_2020 with municipal_rate=0.30")
    assert "NOTE_DEADLINE_ESTIMATED" in final["totals"]["findings"]
    code, out, _ = run(
        capsys,
        "assess",
        PORTFOLIO,
        "--set",
        "late_application=flag",
        "--policy",
        "WEIHAI_2020",
        "-f",
        "jsonl",
    )
    assert json.loads(out.splitlines()[-1])["policy"]["changes"] == {"late_application": "flag"}
    for text, message in (
        ("{oops", "is not JSON"),
        ("[1]", "must hold a JSON object"),
        ('{"municipal_rate": 0.3}', "float 0.3 refused"),
        ('{"no_such_field": 1}', "Extra inputs are not permitted"),
    ):
        path = tmp_path / "policy.json"
        path.write_text(text, encoding="utf-8")
        code, _, err = run(capsys, "assess", PORTFOLIO, "--policy", path)
        assert code == EXIT_USAGE
        assert message in err
    assert run(capsys, "assess", PORTFOLIO, "--policy", tmp_path / "none.json")[0] == EXIT_USAGE
    code, _, err = run(capsys, "assess", PORTFOLIO, "--set", "municipal_rate")
    assert (code, "NAME=VALUE" in err) == (EXIT_USAGE, True)


def test_example_policy_files_are_valid(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(EXAMPLES.glob("policy_*.json"))
    assert len(files) >= 3
    for path in files:
        assert run(capsys, "deadline", "2023-09-28", "--policy", path)[0] == EXIT_OK


def test_compare(capsys: pytest.CaptureFixture[str], small: Path) -> None:
    policy = EXAMPLES / "policy_municipal30.json"
    code, out, err = run(capsys, "compare", small, "--policy", policy, "-f", "json")
    assert code == EXIT_BAD_ROWS
    data = json.loads(out)
    assert data["policies"]["a"]["name"] == "WEIHAI_2020"
    assert data["policies"]["b"]["changes"] == {"municipal_rate": "0.30"}
    first = data["results"][0]
    assert first["a"]["compensation"]["municipal"] == "160000.00"
    assert first["b"]["compensation"]["municipal"] == "240000.00"
    assert first["difference"] == {
        "eligible": "same",
        "provincial": "0.00",
        "municipal": "80000.00",
        "total": "80000.00",
        "bank_share": "-80000.00",
    }
    assert data["results"][3]["error"]
    totals = data["totals"]
    assert totals["difference"]["municipal"] == "80000.00"  # the capped claim stays capped
    assert totals["difference"]["by_bank"] == {"示例银行威海分行": "80000.00"}
    assert totals["difference"]["by_business_year"] == {"2023": "80000.00"}
    assert totals["a"]["bad_rows"] == totals["b"]["bad_rows"] == 1
    assert "WH-BAD" in err
    code, out, _ = run(
        capsys,
        "compare",
        small,
        "--policy",
        policy,
        "--policy",
        "WEIHAI_2020",
        "-f",
        "jsonl",
        "--changed-only",
    )
    records = [json.loads(line) for line in out.splitlines()]
    assert [r.get("row") for r in records] == [1, 4, None]  # unchanged rows left out
    assert records[0]["difference"]["municipal"] == "-80000.00"
    assert records[-1]["policies"]["a"]["name"] == "policy_municipal30.json"


def test_compare_table_and_csv(
    capsys: pytest.CaptureFixture[str], small: Path, tmp_path: Path
) -> None:
    flag = tmp_path / "flag.json"
    flag.write_text('{"late_application": "flag", "business_year_start": [1, 1]}', encoding="utf-8")
    late = example_claim(
        loan=example_loan(loan_id="WH-LATE"), applied_on=example_claim().applied_on.replace(day=30)
    )  # type: ignore[union-attr]
    source = tmp_path / "late.jsonl"
    source.write_text(small.read_text(encoding="utf-8") + lines_of([late]), encoding="utf-8")
    code, out, _ = run(capsys, "compare", source, "--policy", flag)
    assert code == EXIT_BAD_ROWS
    assert "A = WEIHAI_2020, B = flag.json" in out
    assert "BAD ROW" in out
    assert "Total paid by business year" in out
    assert "eligible" in out
    code, out, err = run(capsys, "compare", source, "--policy", flag, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    late_row = next(r for r in rows if r["loan_id"] == "WH-LATE")
    assert (late_row["eligible_a"], late_row["eligible_b"]) == ("false", "true")
    assert late_row["diff_total"] == "480000.00"
    assert late_row["total_a"] == ""
    assert next(r for r in rows if r["status"] == "error")["error"]
    assert "Totals: A = WEIHAI_2020" in err
    code, _, err = run(capsys, "compare", small)
    assert (code, "one --policy" in err) == (EXIT_USAGE, True)


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == EXIT_OK
    assert schema["title"] == "Claim"
    assert "loan" in schema["required"]
    for model, title in (("assessment", "Assessment"), ("policy", "Policy")):
        assert json.loads(run(capsys, "schema", "--model", model)[1])["title"] == title


def test_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "deadline", "2023-09-28")[:2] == (EXIT_OK, "2023-10-18\n")
    code, out, err = run(capsys, "deadline", "2023-09-28", "2026-12-24")
    assert (code, out) == (EXIT_BAD_ROWS, "2023-10-18\nunknown\n")
    assert "2027" in err
    code, out, _ = run(capsys, "deadline", "2026-12-24", "--set", "calendar_estimate=true")
    assert (code, out) == (EXIT_OK, "2027-01-08 (estimated calendar)\n")
    code, out, _ = run(capsys, "deadline", "2026-12-24", "-f", "json")
    (entry,) = json.loads(out)
    assert entry["deadline"] is None
    assert "error" in entry
    code, out, _ = run(
        capsys, "deadline", "2023-09-28", "--set", "application_window=5", "-f", "json"
    )
    assert json.loads(out)[0]["deadline"] == "2023-10-11"  # 7, 8 Oct were make-up working days
    assert run(capsys, "deadline", "2023-02-30")[0] == EXIT_USAGE


def test_progress_bar_for_large_files_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    lines = (EXAMPLES / "portfolio.jsonl").read_text(encoding="utf-8").splitlines()
    source = tmp_path / "big.jsonl"
    body = [*list(itertools.islice(itertools.cycle(lines), 1030)), "{broken"]
    source.write_text("\n".join(body) + "\n", encoding="utf-8")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    clock = itertools.count(0, 0.05)  # the second redraw comes too soon and is skipped
    monkeypatch.setattr(cli_module.time, "monotonic", lambda: float(next(clock)))
    monkeypatch.setattr(cli_module, "_PROGRESS_MIN_BYTES", 1)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code = main(["assess", str(source), "-f", "jsonl", "-o", str(tmp_path / "out.jsonl")])
    assert code == EXIT_BAD_ROWS
    shown = terminal.getvalue()
    assert "rows" in shown
    assert "%" in shown
    assert "\r" in shown
    assert f"{source}:1031:" in shown
    assert shown.count("rows") == 1
    # not with --no-progress, not when the table goes to the same terminal, not for stdin
    for extra in (["--no-progress"],):
        terminal.seek(0)
        terminal.truncate()
        main(["assess", str(source), "-f", "jsonl", "-o", str(tmp_path / "o.jsonl"), *extra])
        assert "%" not in terminal.getvalue()
    monkeypatch.setattr(sys, "stdout", Terminal())
    terminal.seek(0)
    terminal.truncate()
    main(["assess", str(source)])
    assert "%" not in terminal.getvalue()
    capsys.readouterr()


def test_no_progress_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_module, "_PROGRESS_MIN_BYTES", 1)
    code, _, err = run(capsys, "assess", PORTFOLIO, "-f", "jsonl")
    assert (code, err) == (EXIT_OK, "")


def test_stdout_without_buffer_and_broken_pipe(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = io.StringIO()
    monkeypatch.setattr(sys, "stdout", plain)
    assert main(["assess", str(PORTFOLIO), "-f", "jsonl"]) == EXIT_OK
    assert plain.getvalue().count("\n") == 201

    def broken(args: Any) -> int:
        raise BrokenPipeError

    def interrupted(args: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_main, "_cmd_schema", broken)
    assert main(["schema"]) == 141  # I43: quiet, as a Unix tool killed by SIGPIPE
    monkeypatch.setattr(cli_main, "_cmd_schema", interrupted)
    assert main(["schema"]) == 130


def test_python_dash_m(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["ipcomp", "deadline", "2023-09-28"])
    with pytest.raises(SystemExit) as info:
        runpy.run_module("ipcomp", run_name="__main__", alter_sys=True)
    assert info.value.code == EXIT_OK
    assert capsys.readouterr().out == "2023-10-18\n"


def test_assess_matches_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    """The file is one portfolio (assess_portfolio); --independent is assess per row."""
    claims = read_claims(PORTFOLIO)
    code, out, _ = run(capsys, "assess", PORTFOLIO, "-f", "json")
    results = json.loads(out)["results"]
    assert code == EXIT_OK
    expected = assess_portfolio(claims)
    for result, r in zip(results, expected.results, strict=True):
        assert result["assessment"] == json.loads(r.assessment.model_dump_json())
        assert result["earlier"] == [i + 2 for i in r.earlier]  # CSV rows: header is line 1
    code, out, _ = run(capsys, "assess", PORTFOLIO, "-f", "json", "--independent")
    for claim, result in zip(claims, json.loads(out)["results"], strict=True):
        assert result["assessment"] == json.loads(assess(claim).model_dump_json())
        assert "earlier" not in result


def test_importing_dunder_main_runs_nothing() -> None:
    """Importing ipcomp.__main__ (as tools that scan modules do) does not run the CLI."""
    import importlib

    module = importlib.import_module("ipcomp.__main__")
    assert module.__name__ == "ipcomp.__main__"


def test_a_wrong_encoding_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A file that the given --encoding cannot read (utf-16 without a BOM) exits 2 with
    'cannot read', not a traceback."""
    path = tmp_path / "claims.csv"
    path.write_text(",".join(CSV_COLUMNS) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "assess", path, "--encoding", "utf-16")
    assert code == EXIT_USAGE
    assert "cannot read" in err


def test_deadline_dates_are_iso_like_the_models(capsys: pytest.CaptureFixture[str]) -> None:
    """Art. 8(3), D10: `ipcomp deadline` takes YYYY-MM-DD only, as the models do."""
    assert run(capsys, "deadline", "2023-09-28")[1] == "2023-10-18\n"
    code, _, err = run(capsys, "deadline", "20230928")
    assert code == EXIT_USAGE
    assert "not an ISO date" in err


@pytest.mark.parametrize("right", [False, True])
@pytest.mark.parametrize("width", [1, 2, 3, 8, 20])
@pytest.mark.parametrize(
    "text", ["", "abc", "荣成渔港农村商业银行", "a威b海c" * 5, "x" * 50, "…", "威"]
)
def test_table_cells_fit_their_column(text: str, width: int, right: bool) -> None:
    """CLI tables: a cell is padded or cut to exactly its column's display width (CJK
    characters count 2), keeping the longest start and marking a cut with "…"."""
    from ipcomp.cli.text import _fit, _width

    cell = _fit(text, width, right=right)
    shown = cell.strip(" ")
    if _width(text) <= width:
        assert shown == text.strip(" ")
        assert _width(cell) == width
    else:
        assert shown.endswith("…")
        assert text.startswith(shown[:-1])
        # the longest such start: one more character would not fit
        longer = text[: len(shown)]
        assert _width(longer) + 1 > width
        assert _width(cell) == width
