"""``ipcomp assess`` and ``ipcomp compare`` on a file as one portfolio (issue 13; Art.
7(4), 8(2), 9, 10, 11; D5, D14, D15; I78, I79): payments carried per loan, ``--events``,
``--statement``, ``--as-of``, ``--independent``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _strategies import portfolios, scaled
from ipcomp import WEIHAI_2020, Claim, assess_portfolio
from ipcomp.cli import EXIT_BAD_ROWS, EXIT_OK, EXIT_USAGE, main
from ipcomp.records import write_claims
from ipcomp.testing import example_claim, example_loan

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
D = Decimal


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def two_claims() -> list[Claim]:
    """The issue's case: one loan of 9,000,000 (assessed cap 1,200,000), losses of
    4,000,000 and then 3,000,000."""
    loan = example_loan(principal="9000000")
    return [
        example_claim(
            loan=loan,
            principal_loss="3000000",
            recognized_on=dt.date(2023, 11, 1),
            applied_on=dt.date(2023, 11, 6),
        ),
        example_claim(loan=loan, principal_loss="4000000"),
    ]


@pytest.fixture
def claims_file(tmp_path: Path) -> Path:
    path = tmp_path / "claims.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        write_claims(two_claims(), f, "csv")
    return path


def test_two_claims_on_one_loan_never_exceed_its_cap(
    capsys: pytest.CaptureFixture[str], claims_file: Path
) -> None:
    """D5: as one portfolio the city pays 800,000 then 400,000 (the cap of 1,200,000);
    claim by claim (--independent) it would pay 1,400,000."""
    code, out, _ = run(capsys, "assess", claims_file, "-f", "json")
    assert code == EXIT_OK
    data = json.loads(out)
    municipal = [r["assessment"]["compensation"]["municipal"] for r in data["results"]]
    assert municipal == ["400000.00", "800000.00"]
    assert data["results"][0]["earlier"] == [3]  # the CSV row of the earlier claim
    assert data["results"][0]["carried"] == {"provincial": "1600000.00", "municipal": "800000.00"}
    assert data["totals"]["municipal"] == "1200000.00"
    assert data["totals"]["net"]["municipal"] == "1200000.00"
    code, out, _ = run(capsys, "assess", claims_file, "-f", "json", "--independent")
    assert json.loads(out)["totals"]["municipal"] == "1400000.00"
    code, out, err = run(capsys, "assess", claims_file, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["earlier"] for r in rows] == ["3", ""]
    assert "(one portfolio: payments carried per loan in time order)" in err


def test_totals_equal_the_statement_to_the_fen(capsys: pytest.CaptureFixture[str]) -> None:
    """The totals block equals the statement's totals (paid, recovered, returned, net),
    and the statement equals assess_portfolio's, on the bundled portfolio and events."""
    code, out, _ = run(
        capsys,
        "assess",
        EXAMPLES / "portfolio.csv",
        "--events",
        EXAMPLES / "recoveries.csv",
        "--statement",
        "-f",
        "json",
    )
    assert code == EXIT_OK
    data = json.loads(out)
    totals, statement = data["totals"], data["statement"]["totals"]
    for name in ("paid", "recovered", "returned", "net", "recovered_to_bank"):
        assert totals[name] == statement[name]
    assert totals["municipal"] == statement["paid"]["municipal"]
    assert totals["provincial"] == statement["paid"]["provincial"]
    from ipcomp.cli.portfolio import read_events
    from ipcomp.records import read_claims

    events = read_events(str(EXAMPLES / "recoveries.csv"), io.StringIO()).events
    expected = assess_portfolio(read_claims(EXAMPLES / "portfolio.csv"), events=events)
    assert statement["net"] == {k: f"{v:f}" for k, v in expected.totals.net.items()}
    applied = [m["applied"] for m in data["statement"]["money_back"]]
    assert applied == [True, True, True, False]
    assert data["statement"]["report_dates"]


def test_statement_views_in_csv_and_the_table(
    capsys: pytest.CaptureFixture[str], claims_file: Path, tmp_path: Path
) -> None:
    """--statement in CSV writes the view asked for (banks, loans, events) instead of the
    claims; in a table all of it follows the totals; --as-of moves the report dates."""
    events = tmp_path / "events.csv"
    events.write_text("loan_id,on,kind,amount\nWH-2022-0001,2024-05-06,recovery,100000\n")
    common = ["assess", claims_file, "--events", events]
    _, out, _ = run(capsys, *common, "-f", "csv", "--statement")
    banks = list(csv.DictReader(io.StringIO(out)))
    assert [r["bank"] for r in banks] == ["示例银行威海分行", "示例银行威海分行", "TOTAL"]
    assert banks[-1]["paid_municipal"] == "1200000.00"
    assert banks[-1]["recovered_to_bank"] != ""
    _, out, _ = run(capsys, *common, "-f", "csv", "--statement", "loans")
    (loan,) = csv.DictReader(io.StringIO(out))
    assert (loan["loan_id"], loan["claims"], loan["headroom_municipal"]) == (
        "WH-2022-0001",
        "2",
        "0.00",
    )
    _, out, _ = run(capsys, *common, "-f", "csv", "--statement", "events")
    (event,) = csv.DictReader(io.StringIO(out))
    assert event["applied"] == "true"
    assert D(event["to_provincial"]) + D(event["to_municipal"]) + D(event["to_bank"]) == D("100000")
    _, out, _ = run(capsys, *common, "--statement", "--as-of", "2025-07-01")
    assert "The fund's statement" in out
    assert "Money back (recoveries, fraud returns)" in out
    assert "WH-2022-0001 (2/2 eligible): municipal 0.00" in out
    assert "after 2025-07-01" in out
    assert "2025-11-30" in out


def test_bad_event_rows_are_reported_and_the_good_ones_applied(
    capsys: pytest.CaptureFixture[str], claims_file: Path, tmp_path: Path
) -> None:
    """Bad input: a float-looking but malformed amount, a fraud with an amount, a missing
    amount, a bad date: each reported as FILE:ROW, the good event applied, exit 1."""
    events = tmp_path / "events.csv"
    events.write_text(
        "loan_id,on,kind,amount\n"
        "WH-2022-0001,2024-05-06,recovery,100000\n"
        "WH-2022-0001,2024-05-07,recovery,1.005\n"
        "WH-2022-0001,2024-05-08,fraud,5\n"
        "WH-2022-0001,2024-05-09,recovery,\n"
        "WH-2022-0001,2024-02-30,recovery,5\n"
    )
    code, out, err = run(capsys, "assess", claims_file, "--events", events, "-f", "json")
    assert code == EXIT_BAD_ROWS
    for row in (3, 4, 5, 6):
        assert f"events.csv:{row}: " in err
    assert "events.csv:2:" not in err
    assert "4 bad event row(s)" in err
    assert json.loads(out)["totals"]["recovered_to_bank"] != "0.00"


@pytest.mark.parametrize(
    ("text", "name", "message"),
    [
        (
            '[{"loan_id": "WH-2022-0001", "on": "2024-05-06", "amount": "1"}, 3]',
            "e.json",
            "e.json:2",
        ),
        ('{"events": [{"loan_id": "L", "on": "2024-05-06", "kind": "fraud"}]}', "e.json", ""),
        (
            '{"loan_id": "L", "on": "2024-05-06", "kind": "fraud"}\n\n{"on": 1}\n',
            "e.jsonl",
            "e.jsonl:3",
        ),
    ],
)
def test_events_in_json_and_json_lines(
    capsys: pytest.CaptureFixture[str],
    claims_file: Path,
    tmp_path: Path,
    text: str,
    name: str,
    message: str,
) -> None:
    """Events come as CSV, a JSON array (or {"events": [...]}) or JSON Lines."""
    path = tmp_path / name
    path.write_text(text)
    code, _, err = run(capsys, "assess", claims_file, "--events", path, "-f", "json")
    assert code == (EXIT_BAD_ROWS if message else EXIT_OK)
    assert message in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--independent", "--events", "E"], "--events: only for a portfolio"),
        (["--independent", "--statement"], "--statement: only for a portfolio"),
        (["--as-of", "01/07/2025"], "'01/07/2025' is not an ISO date (YYYY-MM-DD)"),
        (["--events", "/nonexistent/events.csv"], "cannot read events file"),
    ],
)
def test_portfolio_options_misused_are_usage_errors(
    capsys: pytest.CaptureFixture[str], claims_file: Path, args: list[str], message: str
) -> None:
    code, _, err = run(capsys, "assess", claims_file, *args)
    assert code == EXIT_USAGE
    assert message in err


@pytest.mark.parametrize(
    ("text", "name", "message"),
    [
        ("loan_id,when,amount\nL,2024-01-01,5\n", "e.csv", "unknown column when"),
        ("[1,", "e.json", "is not valid JSON"),
        ('{"loan_id": "L"}', "e.json", "must hold a JSON array"),
        (b"\xff\xfe", "e.csv", "is not valid UTF-8"),
    ],
)
def test_unreadable_event_files_are_usage_errors(
    capsys: pytest.CaptureFixture[str],
    claims_file: Path,
    tmp_path: Path,
    text: str | bytes,
    name: str,
    message: str,
) -> None:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    code, _, err = run(capsys, "assess", claims_file, "--events", path)
    assert code == EXIT_USAGE
    assert message in err


def test_an_empty_events_file_is_no_events(
    capsys: pytest.CaptureFixture[str], claims_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "e.csv"
    path.write_text("")
    code, out, _ = run(capsys, "assess", claims_file, "--events", path, "-f", "json")
    assert code == EXIT_OK
    assert json.loads(out)["totals"]["recovered_to_bank"] == "0.00"


def _write(claims: list[Claim], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        write_claims(claims, f, "jsonl")


@settings(
    max_examples=scaled(15),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(portfolio=portfolios(stated=False), rate=st.sampled_from(["0.20", "0.25", "0.30"]))
def test_compare_recomputes_the_chain_under_each_policy(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, portfolio: list[Claim], rate: str
) -> None:
    """Issue 13 item 8: compare of P against itself shows no difference, and a what-if
    total equals assess_portfolio under that policy, on portfolios with follow-up claims."""
    path = tmp_path / "p.jsonl"
    _write(portfolio, path)
    policy = tmp_path / "p.json"
    policy.write_text(json.dumps({"municipal_rate": rate}))
    code, out, _ = run(
        capsys, "compare", path, "--policy", policy, "--policy", policy, "-f", "json"
    )
    assert code == EXIT_OK
    data = json.loads(out)
    assert all(v in ("same", "0.00") for r in data["results"] for v in r["difference"].values())
    code, out, _ = run(capsys, "compare", path, "--policy", policy, "-f", "json")
    data: Any = json.loads(out)
    expected = assess_portfolio(portfolio, WEIHAI_2020.derive(municipal_rate=rate))
    assert data["totals"]["b"]["municipal"] == f"{expected.totals.paid['municipal']:f}"
    assert data["totals"]["b"]["net"] == {k: f"{v:f}" for k, v in expected.totals.net.items()}


def test_compare_of_the_bundled_portfolio_recomputes_follow_ups(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The bundled follow-up claims state nothing as paid inside the portfolio: at 30%
    the city's outlay is assess_portfolio's under that policy, not today's figures
    carried over; --independent and --events are accepted by compare."""
    args = ["compare", EXAMPLES / "portfolio.csv", "--policy", EXAMPLES / "policy_municipal30.json"]
    code, out, _ = run(capsys, *args, "-f", "json", "--events", EXAMPLES / "recoveries.csv")
    assert code == EXIT_OK
    from ipcomp.records import read_claims

    claims = read_claims(EXAMPLES / "portfolio.csv")
    b = assess_portfolio(claims, WEIHAI_2020.derive(municipal_rate="0.30"))
    assert json.loads(out)["totals"]["b"]["municipal"] == f"{b.totals.paid['municipal']:f}"
    code, out, _ = run(capsys, *args, "-f", "json", "--independent")
    assert code == EXIT_OK
    assert "net" not in json.loads(out)["totals"]["b"]
    code, _, _ = run(capsys, *args, "--independent", "--events", "x.csv")
    assert code == EXIT_USAGE


def test_a_statement_of_bad_rows_only(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file whose every row is bad still gets its (empty) statement: the total line,
    no money back, no loans, no report dates; exit 1."""
    path = tmp_path / "bad.jsonl"
    path.write_text('{"loan": {"loan_id": "WH-BAD"}}\n')
    code, out, _ = run(capsys, "assess", path, "--statement")
    assert code == EXIT_BAD_ROWS
    statement = out[out.index("The fund's statement") :]
    assert "total" in statement
    for absent in ("Money back", "Loans with several claims", "Next report dates"):
        assert absent not in statement


def test_independent_totals_have_no_money_back(
    capsys: pytest.CaptureFixture[str], claims_file: Path
) -> None:
    """--independent: the table's totals have no portfolio lines."""
    code, out, _ = run(capsys, "assess", claims_file, "--independent")
    assert code == EXIT_OK
    assert "net paid" not in out
    assert "one portfolio" not in out
    code, out, _ = run(capsys, "assess", claims_file)
    assert "net paid" in out


def _rows_out(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "table"])
def test_a_file_out_of_time_order_is_read_again_with_the_same_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    """I79: a file in time order streams; one out of order (the later claim first) is
    read again and held whole: the output is the same as for assess_portfolio, bad rows
    are reported once, and the output has no trace of the first pass."""
    first, later = two_claims()[1], two_claims()[0]
    bad = '{"loan": {"loan_id": "WH-BAD"}}'
    outputs = {}
    for name, claims in (("ordered", [first, later]), ("unordered", [later, first])):
        path = tmp_path / f"{name}.jsonl"
        path.write_text(
            bad + "\n" + "".join(c.model_dump_json() + "\n" for c in claims) + bad + "\n"
        )
        code, out, err = run(capsys, "assess", path, "-f", fmt)
        assert code == EXIT_BAD_ROWS
        assert err.count("WH-BAD") == 2  # rows 1 and 4, once each
        outputs[name] = out
    if fmt == "jsonl":
        ordered = [json.loads(line) for line in outputs["ordered"].splitlines()]
        unordered = [json.loads(line) for line in outputs["unordered"].splitlines()]
        assert [r.get("earlier") for r in ordered[:4]] == [None, [], [2], None]
        assert [r.get("earlier") for r in unordered[:4]] == [None, [3], [], None]
        assert ordered[-1]["totals"] == unordered[-1]["totals"]
        assert ordered[-1]["totals"]["municipal"] == "1200000.00"
    if fmt == "json":
        assert json.loads(outputs["unordered"])["totals"]["municipal"] == "1200000.00"
    if fmt == "table":
        assert outputs["unordered"].count("Assessment under") == 1


def test_stdin_in_portfolio_mode_may_be_read_twice(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pipe out of time order: copied first, so it can be read again."""
    data = "".join(c.model_dump_json() + "\n" for c in two_claims()).encode()

    class Stdin:
        buffer = io.BufferedReader(io.BytesIO(data))  # type: ignore[arg-type]

    Stdin.buffer.seekable = lambda: False  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", Stdin())
    code, out, _ = run(capsys, "assess", "-", "-f", "json")
    assert code == EXIT_OK
    assert json.loads(out)["totals"]["municipal"] == "1200000.00"


THREE_FILE = EXAMPLES / "schemes" / "three_payers.json"


def test_assess_under_another_scheme(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 12 item 7: --scheme FILE runs the example scheme through the same CLI: the
    totals are assess_portfolio's under it (the guarantor too, the city's pool spent in
    time order), the CSV has a column per payer beyond the two funds, the table a line."""
    from ipcomp.records import read_claims
    from ipcomp.schemes import load_scheme

    claims = read_claims(EXAMPLES / "portfolio.csv")
    expected = assess_portfolio(claims, load_scheme(THREE_FILE))
    code, out, _ = run(
        capsys, "assess", EXAMPLES / "portfolio.csv", "--scheme", THREE_FILE, "-f", "json"
    )
    assert code == EXIT_OK
    data = json.loads(out)
    assert data["totals"]["paid"] == {k: f"{v:f}" for k, v in expected.totals.paid.items()}
    assert data["totals"]["guarantor"] == f"{expected.totals.paid['guarantor']:f}"
    assert data["policy"]["scheme"] == "example_three_payers"
    _, out, _ = run(
        capsys, "assess", EXAMPLES / "portfolio.csv", "--scheme", THREE_FILE, "-f", "csv"
    )
    rows = _rows_out(out)
    assert list(rows[0])[-1] == "guarantor"
    paid = sum(D(r["guarantor"]) for r in rows if r["guarantor"])
    assert paid == expected.totals.paid["guarantor"]
    _, out, _ = run(capsys, "assess", EXAMPLES / "portfolio.csv", "--scheme", THREE_FILE)
    assert "guarantor 10%" in out
    assert "municipal 30%" in out


def test_the_registered_scheme_by_id_is_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    _, by_id, _ = run(
        capsys, "assess", EXAMPLES / "portfolio.csv", "--scheme", "weihai_2020", "-f", "json"
    )
    _, default, _ = run(capsys, "assess", EXAMPLES / "portfolio.csv", "-f", "json")
    assert json.loads(by_id)["totals"] == json.loads(default)["totals"]
    assert json.loads(by_id)["policy"] == {
        "name": "weihai_2020",
        "scheme": "weihai_2020",
        "changes": {},
    }


def test_a_scheme_file_as_a_policy_in_compare(capsys: pytest.CaptureFixture[str]) -> None:
    """compare --policy accepts a scheme file: B is assess_portfolio under it."""
    from ipcomp.records import read_claims
    from ipcomp.schemes import load_scheme

    code, out, _ = run(
        capsys,
        "compare",
        EXAMPLES / "portfolio.csv",
        "--policy",
        "WEIHAI_2020",
        "--policy",
        THREE_FILE,
        "-f",
        "json",
    )
    assert code == EXIT_OK
    expected = assess_portfolio(read_claims(EXAMPLES / "portfolio.csv"), load_scheme(THREE_FILE))
    assert json.loads(out)["totals"]["b"]["total"] == f"{expected.totals.paid_total:f}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scheme", "no_such_scheme"], "no scheme 'no_such_scheme'"),
        (["--scheme", "BAD"], "invalid scheme file"),
        (["--scheme", "THREE", "--policy", "POLICY"], "with --scheme use --set"),
        (["--policy", "THREE", "--scheme", "THREE"], "give it as --scheme or --policy"),
        (["--scheme", "THREE", "--set", "min_rating=Z"], "invalid scheme three_payers.json"),
    ],
)
def test_scheme_options_misused_are_usage_errors(
    capsys: pytest.CaptureFixture[str],
    claims_file: Path,
    tmp_path: Path,
    args: list[str],
    message: str,
) -> None:
    bad = tmp_path / "bad_scheme.json"
    bad.write_text('{"id": "x", "payers": "none"}')
    policy = EXAMPLES / "policy_municipal30.json"
    names = {"BAD": str(bad), "THREE": str(THREE_FILE), "POLICY": str(policy)}
    code, _, err = run(capsys, "assess", claims_file, *(names.get(a, a) for a in args))
    assert code == EXIT_USAGE
    assert message in err


def test_schema_of_a_scheme(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "--model", "scheme")
    assert code == EXIT_OK
    assert "payers" in json.loads(out)["properties"]


def test_independent_mode_reports_bad_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--independent: a bad row is reported and counted, the good ones assessed; exit 1."""
    path = tmp_path / "mixed.jsonl"
    path.write_text(two_claims()[1].model_dump_json() + '\n{"loan": {"loan_id": "WH-BAD"}}\n')
    code, out, err = run(capsys, "assess", path, "--independent", "-f", "json")
    assert code == EXIT_BAD_ROWS
    assert "mixed.jsonl:2" in err
    totals = json.loads(out)["totals"]
    assert (totals["claims"], totals["bad_rows"]) == (1, 1)
