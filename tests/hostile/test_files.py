"""Files in and out (issue 14): nothing lost, every failure a message and an exit status.

I40 (outputs), I43 (exit statuses), I44 (empty inputs), I51 (terminals).
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from ipcomp.cli import EXIT_BAD_ROWS, EXIT_OK, EXIT_USAGE, main
from ipcomp.cli import inputs as cli_inputs
from ipcomp.cli.parser import _tolerant

from .helpers import ROOT, claim, jsonl, run, shell

PORTFOLIO = ROOT / "examples" / "portfolio.csv"


@pytest.fixture
def claims_file(tmp_path: Path) -> Path:
    path = tmp_path / "x.jsonl"
    path.write_text(jsonl([claim("WH-1"), claim("WH-2")]), encoding="utf-8")
    return path


def test_an_output_that_is_the_input_is_refused(
    capsys: pytest.CaptureFixture[str], claims_file: Path, tmp_path: Path
) -> None:
    """I40: `assess x.jsonl -o x.jsonl` (directly, through a symlink or a hard link, or
    from stdin redirected from it) is refused with exit 2 and the input is untouched;
    it used to be truncated before it was read, and the run exited 0."""
    before = claims_file.read_bytes()
    link = tmp_path / "link.jsonl"
    link.symlink_to(claims_file)
    hard = tmp_path / "hard.jsonl"
    os.link(claims_file, hard)
    for source, target in ((claims_file, claims_file), (link, claims_file), (claims_file, link)):
        code, out, err = run(capsys, "assess", source, "-f", "json", "-o", target)
        assert (code, out) == (EXIT_USAGE, "")
        assert "would destroy the input" in err
    code, _, err = run(capsys, "compare", hard, "--policy", "WEIHAI_2020", "-o", claims_file)
    assert code == EXIT_USAGE
    policy = tmp_path / "p.json"
    policy.write_text('{"municipal_rate": "0.30"}', encoding="utf-8")
    code, _, err = run(capsys, "assess", claims_file, "--policy", policy, "-o", policy)
    assert (code, "is the input" in err) == (EXIT_USAGE, True)
    assert claims_file.read_bytes() == before
    assert policy.read_text(encoding="utf-8") == '{"municipal_rate": "0.30"}'
    done = shell(f"ipcomp assess - -f json -o '{claims_file}' < '{claims_file}'")
    assert done.returncode == EXIT_USAGE
    assert b"<stdin>" in done.stderr
    assert claims_file.read_bytes() == before


def test_stdin_that_is_not_a_file_is_no_input_to_protect(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """I40: stdin without a file descriptor (an embedding program's) is never an output."""
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert cli_inputs._same_file(str(target), ["-", str(tmp_path / "missing")]) is None


def test_a_failed_run_leaves_the_old_output(
    capsys: pytest.CaptureFixture[str], claims_file: Path, tmp_path: Path
) -> None:
    """I40: the output is written to a temporary file beside it and renamed on success:
    a run that fails half-way (here: the input turns out unreadable) leaves the old
    output as it was, and no temporary file behind."""
    target = tmp_path / "out.json"
    target.write_text("the old report", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("no,such,columns\n1,2,3\n", encoding="utf-8")
    code, _, err = run(capsys, "assess", bad, "-f", "json", "-o", target)
    assert (code, "unknown CSV column" in err) == (EXIT_USAGE, True)
    assert target.read_text(encoding="utf-8") == "the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "out.json", "x.jsonl"]
    os.chmod(target, 0o640)
    assert run(capsys, "assess", claims_file, "-f", "json", "-o", target)[0] == EXIT_OK
    assert json.loads(target.read_text(encoding="utf-8"))["totals"]["claims"] == 2
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the permissions it had
    fresh = tmp_path / "fresh.csv"
    assert run(capsys, "assess", claims_file, "-f", "csv", "-o", fresh)[0] == EXIT_OK
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_an_output_through_a_symlink_replaces_its_target(
    capsys: pytest.CaptureFixture[str], claims_file: Path, tmp_path: Path
) -> None:
    """I40: `-o link` writes the file the link points to; the link stays a link."""
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert run(capsys, "assess", claims_file, "-f", "json", "-o", link)[0] == EXIT_OK
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["totals"]["rows"] == 2


def test_devices_are_written_in_place(
    capsys: pytest.CaptureFixture[str], claims_file: Path
) -> None:
    """I40: an output that exists and is not a regular file (/dev/null) is written in
    place, never replaced by a rename."""
    assert run(capsys, "assess", claims_file, "-f", "jsonl", "-o", os.devnull)[0] == EXIT_OK
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_write_errors_exit_2_with_a_message(
    capsys: pytest.CaptureFixture[str], claims_file: Path
) -> None:
    """I43: a full disk gives `ipcomp: error: ...` and exit 2 (documented), not a
    traceback and exit 1; on stdout (`> /dev/full`) and with -o."""
    code, _, err = run(capsys, "assess", claims_file, "-f", "json", "-o", "/dev/full")
    assert code == EXIT_USAGE
    assert "cannot write /dev/full" in err
    for fmt in ("table", "json"):
        done = shell(f"ipcomp assess '{claims_file}' -f {fmt} > /dev/full")
        assert done.returncode == EXIT_USAGE
        assert done.stderr.startswith(b"ipcomp: error: No space left on device")
        assert b"Traceback" not in done.stderr


def test_a_read_error_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, claims_file: Path
) -> None:
    """I43: an I/O error while reading (a disk going away) is exit 2 with its message."""

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise OSError(5, "Input/output error", str(claims_file))

    monkeypatch.setattr(cli_inputs, "iter_records", failing)
    code, _, err = run(capsys, "assess", claims_file)
    assert code == EXIT_USAGE
    assert err == f"ipcomp: error: Input/output error ({claims_file})\n"
    monkeypatch.setattr(
        cli_inputs, "iter_records", lambda *a, **k: (_ for _ in ()).throw(OSError())
    )
    code, _, err = run(capsys, "assess", claims_file)
    assert (code, err.startswith("ipcomp: error: ")) == (EXIT_USAGE, True)


def test_a_closed_pipe_is_a_quiet_exit(tmp_path: Path) -> None:
    """I43: `ipcomp assess big.csv | head` stops quietly with 141 (128 + SIGPIPE), as
    other Unix tools do; it used to exit 2 without a word."""
    lines = PORTFOLIO.read_text(encoding="utf-8").splitlines(keepends=True)
    big = tmp_path / "big.csv"  # output far beyond a pipe's buffer: the write must fail
    big.write_text(lines[0] + "".join(lines[1:] * 10), encoding="utf-8")
    for fmt in ("table", "jsonl"):
        done = shell(f"ipcomp assess '{big}' -f {fmt} | head -1")
        assert done.returncode == 141
        assert done.stderr == b""
        assert len(done.stdout.splitlines()) == 1


def test_empty_inputs_say_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """I44: an input without rows (0 bytes, blank lines, a CSV header alone, []) is
    exit 2 with a message, and no output is written; it used to exit 0 in silence."""
    header = PORTFOLIO.read_text(encoding="utf-8").splitlines()[0] + "\n"
    for name, text in (("a.csv", ""), ("b.jsonl", "\n\n"), ("c.csv", header), ("d.json", "[]")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        for fmt in ("table", "json", "csv"):
            code, out, err = run(capsys, "assess", path, "-f", fmt)
            assert (code, out) == (EXIT_USAGE, "")
            assert (
                err
                == f"ipcomp: error: {path}: no rows to assess (the input is empty, or a CSV header or [] alone)\n"
            )


def test_a_terminal_without_utf8_gets_escapes(claims_file: Path, tmp_path: Path) -> None:
    """I51: under a Latin-1 or ASCII terminal the table shows escapes for the Chinese it
    cannot show, instead of crashing with UnicodeEncodeError; JSON is UTF-8 anyway."""
    chinese = tmp_path / "zh.jsonl"
    chinese.write_text(jsonl([claim("威海-1")]), encoding="utf-8")
    for encoding in ("latin-1", "ascii"):
        done = shell(f"ipcomp assess '{chinese}'", env={"PYTHONIOENCODING": encoding})
        assert done.returncode == EXIT_OK, done.stderr
        assert b"\\u5a01\\u6d77-1" in done.stdout
        done = shell(f"ipcomp assess '{chinese}' -f jsonl", env={"PYTHONIOENCODING": encoding})
        assert json.loads(done.stdout.splitlines()[0])["loan_id"] == "威海-1"


def test_tolerant_streams() -> None:
    """I51: a stream in an unknown encoding gets escapes too; one that cannot be
    reconfigured is left alone."""
    odd = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    _tolerant(odd)
    assert odd.errors == "backslashreplace"

    class Unknown:
        encoding = "no-such-codec"

        def __init__(self) -> None:
            self.seen: dict[str, str] = {}

        def reconfigure(self, **kwargs: str) -> None:
            self.seen.update(kwargs)

    unknown = Unknown()
    _tolerant(unknown)
    assert unknown.seen == {"errors": "backslashreplace"}
    _tolerant(object())  # neither an encoding nor reconfigure: nothing to do


def test_bad_rows_still_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """I25: the meanings of 0, 1, 2 are kept."""
    path = tmp_path / "mixed.jsonl"
    path.write_text(jsonl([claim("WH-1"), "not json"]), encoding="utf-8")
    assert main(["assess", str(path), "-f", "jsonl"]) == EXIT_BAD_ROWS
    capsys.readouterr()
