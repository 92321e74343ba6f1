"""What reaches a terminal (issue 14): nothing spoofed, nothing cut that matters.

I42 (untrusted text escaped and cut), I52 (tables), I53 (CSV cells).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcomp.cli.text import _UNSAFE, REPORT_MAX, SHOWN_MAX, _labels, _shown, _width

from .helpers import claim, jsonl, run

# What an attacker would put in a loan id or a bank name.
ATTACKS = [
    "\x1b[2J\x1b[HTotal paid 0.00",  # erase the screen, print a fake total
    "WH\x1b[8mhidden",  # conceal what follows
    "abc\u202edcba",  # right-to-left override
    "a\u2066b\u2069c",  # isolates
    "x\u200by\u200dz\ufeff",  # zero-width space and joiner, BOM
    "line\rover",  # carriage return: overwrite the line
    "bell\x07\x9b31m",  # BEL and a C1 CSI
    "tag\U000e0041s",  # an invisible tag character
]


@given(st.text())
def test_shown_text_has_no_control_left(text: str) -> None:
    """I42: whatever the text, what is shown holds no character that a terminal would
    obey, and it is at most SHOWN_MAX characters."""
    shown = _shown(text)
    assert _UNSAFE.search(shown) is None
    assert len(shown) <= SHOWN_MAX
    if len(shown) < SHOWN_MAX and _UNSAFE.search(text) is None:
        assert shown == text


@pytest.mark.parametrize("attack", ATTACKS)
def test_attacks_are_shown_escaped(attack: str) -> None:
    """I42: ESC → \\x1b, U+202E → \\u202e, ...; printable text is kept as it is."""
    shown = _shown(attack)
    assert _UNSAFE.search(shown) is None
    assert shown.replace("\\x1b", "").isprintable()
    assert _shown("\x1b") == "\\x1b"
    assert _shown("\u202e") == "\\u202e"
    assert _shown("\U000e0041") == "\\U000e0041"
    assert _shown("x" * 300) == "x" * (SHOWN_MAX - 1) + "…"
    assert _shown("x" * 300, None) == "x" * 300


def test_loan_ids_and_bank_names_reach_the_terminal_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """I42: in the table, in the totals and in the bad-row report on stderr, loan ids,
    bank names and unknown keys are escaped; JSON keeps the full values."""
    from ipcomp.testing import example_bank

    rows = [claim(attack, bank=example_bank(name=f"Bank{attack}")) for attack in ATTACKS]
    long_id = "WH-" + "9" * 5000 + "\x1b[2J"
    bad = json.dumps({"loan": {"loan_id": long_id}, "\x1b[2Jkey" * 50: 1})
    path = tmp_path / "attack.jsonl"
    path.write_text(jsonl([*rows, bad]), encoding="utf-8")
    for command in ("assess", "compare"):
        extra = ["--policy", "WEIHAI_2020"] if command == "compare" else []
        code, out, err = run(capsys, command, path, *extra)
        assert code == 1
        for text in (out, err):
            assert "\x1b" not in text
            assert "\u202e" not in text
            assert "\r" not in text
            assert _UNSAFE.search(text.replace("\n", "")) is None
        assert "\\x1b[2J" in out
        (report,) = err.splitlines()[-1:]
        assert len(report) <= len(str(path)) + 10 + 64 + 2 + REPORT_MAX  # id cut at 64
        assert "…" in report
    code, out, _ = run(capsys, "assess", path, "-f", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["loan_id"] for r in records[: len(ATTACKS)]] == ATTACKS
    assert records[len(ATTACKS)]["loan_id"] == long_id
    assert records[-1]["totals"]["by_bank"].keys() == {f"Bank{a}" for a in ATTACKS}


def test_policy_names_are_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """I42: a policy's name (its file name, its --set text) is shown escaped too."""
    path = tmp_path / "x.jsonl"
    path.write_text(jsonl([claim()]), encoding="utf-8")
    code, _, err = run(capsys, "assess", path, "--set", "municipal_rate=0.30\x1b[2J")
    assert code == 2
    assert "\x1b" not in err
    code, _out, err = run(capsys, "assess", path, "-f", "csv", "--set", "municipal_rate=0.3")
    assert code == 0
    assert "Totals (WEIHAI_2020 with municipal_rate=0.3)" in err


def test_large_amounts_are_never_cut(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """I52: amounts of 10^9 yuan and more per row and 10^10 in totals are printed
    whole (12,000,000,000.00 used to read 12,000,000,00…)."""
    big = [
        claim(f"WH-{i}", principal="30000000000", ip_principal=None).model_copy(
            update={"principal_loss": "30000000000"}
        )
        for i in range(4)
    ]
    path = tmp_path / "big.jsonl"
    path.write_text(jsonl(big), encoding="utf-8")
    for command in ("assess", "compare"):
        extra = ["--policy", "WEIHAI_2020"] if command == "compare" else []
        code, out, _ = run(capsys, command, path, *extra)
        assert code == 0
        assert "…" not in out
        assert "48,004,800,000.00" in out  # the total paid on four rows
    code, out, _ = run(capsys, "assess", path)
    assert "12,000,000,000.00" in out  # 40% of 3 x 10^10, per row
    assert "48,000,000,000.00" in out  # the provincial total of four rows


def test_bank_names_that_look_alike_once_cut_stay_apart(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """I52: two long bank names that share their first 40 columns get numbered labels
    in "By bank", so their totals cannot be taken for one bank's."""
    from ipcomp.testing import example_bank

    names = [
        "中国工商银行股份有限公司威海分行营业部第一支行甲",
        "中国工商银行股份有限公司威海分行营业部第一支行乙",
    ]
    rows = [claim(f"WH-{i}", bank=example_bank(name=n)) for i, n in enumerate(names)]
    path = tmp_path / "banks.jsonl"
    path.write_text(jsonl(rows), encoding="utf-8")
    code, out, _ = run(capsys, "assess", path)
    assert code == 0
    by_bank = out.split("By bank")[1].split("By business year")[0].splitlines()[2:4]
    assert by_bank[0].split()[0].endswith("#1")
    assert by_bank[1].split()[0].endswith("#2")
    code, out, _ = run(capsys, "compare", path, "--policy", "WEIHAI_2020")
    section = out.split("Total paid by bank")[1].splitlines()[1:3]
    assert section[0].split()[0] != section[1].split()[0]
    labels = _labels(["short", "另一家银行"], 24)
    assert labels == {"short": "short", "另一家银行": "另一家银行"}
    assert all(_width(v) <= 24 for v in _labels(names, 24).values())


def test_finding_codes_are_never_cut(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """I52: the findings column is the last and is printed whole (codes were cut to
    `NO…`)."""
    from ipcomp.testing import example_enterprise

    firm = example_enterprise(rating=None, operating=False, legal_person=False)
    path = tmp_path / "codes.jsonl"
    path.write_text(jsonl([claim(enterprise=firm)]), encoding="utf-8")
    _code, out, _ = run(capsys, "assess", path)
    line = next(x for x in out.splitlines() if "WH-1" in x)
    assert "ENTERPRISE_NOT_OPERATING" in line
    assert line.endswith("ENTERPRISE_RATING_MISSING")
    assert not line.endswith("…")


def test_csv_numbers_are_numbers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """I53: CSV output guards text cells only; numbers (also negative differences) are
    plain, so pandas reads float/int columns and the sums equal the totals (a guarded
    `'-314187.78` was text: a spreadsheet SUM gave 0)."""
    pd = pytest.importorskip("pandas")
    source = Path(__file__).resolve().parents[2] / "examples" / "portfolio.csv"
    policy = Path(__file__).resolve().parents[2] / "examples" / "policy_municipal30.json"
    out_a, out_c = tmp_path / "a.csv", tmp_path / "c.csv"
    assert run(capsys, "assess", source, "-f", "csv", "-o", out_a)[0] == 0
    code, _, _ = run(capsys, "compare", source, "--policy", policy, "-f", "csv", "-o", out_c)
    assert code == 0
    assert run(capsys, "assess", source, "-f", "json")[0] == 0 or True
    totals = json.loads(run(capsys, "assess", source, "-f", "json")[1])["totals"]
    frame = pd.read_csv(out_a, encoding="utf-8-sig", dtype_backend="numpy_nullable")
    for column in ("provincial", "municipal", "total", "bank_share", "row", "business_year"):
        assert pd.api.types.is_numeric_dtype(frame[column]), column
    assert f"{frame['total'].sum():.2f}" == totals["total"]
    both = json.loads(run(capsys, "compare", source, "--policy", policy, "-f", "json")[1])[
        "totals"
    ]["difference"]
    compared = pd.read_csv(out_c, encoding="utf-8-sig")
    for column in ("diff_total", "diff_municipal", "total_a", "total_b", "row"):
        assert pd.api.types.is_numeric_dtype(compared[column]), column
    assert f"{compared['diff_total'].sum():.2f}" == both["total"]
    text = out_c.read_text(encoding="utf-8-sig")
    assert ",'-" not in text  # no guarded number
    hostile = tmp_path / "h.jsonl"
    hostile.write_text(jsonl([claim("=1+1"), claim("-2")]), encoding="utf-8")
    assert run(capsys, "assess", hostile, "-f", "csv", "-o", out_a)[0] == 0
    rows = list(csv.DictReader(io.StringIO(out_a.read_text(encoding="utf-8-sig"))))
    assert [r["loan_id"] for r in rows] == ["'=1+1", "'-2"]  # text cells stay guarded
