"""The command line as the user meets it (issue 15 item 1, issue 13): ``ipcomp assess``
end to end on CSV and on JSON Lines, claim by claim and as one portfolio (a file in
time order and one in a random order), against reading the same file with pandas; and
``assess_portfolio`` against ``assess_many`` in one process (100,000 claims over 30,000
loans). Each command runs in a fresh process; wall time includes the start-up."""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _data import claim_lines
from _harness import Config, Row, fmt_bytes, fmt_rate, fmt_time, peak, verdict

from ipcomp import Claim, assess_many, assess_portfolio
from ipcomp.records import write_claims

__all__ = ["run"]

_CLI = [sys.executable, "-c", "import sys; from ipcomp.cli import main; sys.exit(main())"]


def _when(claim: Claim) -> tuple[Any, ...]:
    a, r = claim.applied_on, claim.recognized_on
    return (a is None, a or dt.date.max, r is None, r or dt.date.max)


def _files(tmp: Path, n: int) -> dict[str, Path]:
    pool = [Claim.model_validate_json(x) for x in claim_lines(3000)]
    claims = list(itertools.islice(itertools.cycle(pool), n))
    ordered = sorted(claims, key=_when)
    random.Random(15).shuffle(claims)
    paths = {}
    for name, items, fmt in (
        ("random.csv", claims, "csv"),
        ("ordered.csv", ordered, "csv"),
        ("random.jsonl", claims, "jsonl"),
    ):
        path = tmp / name
        with path.open("w", encoding="utf-8", newline="") as f:
            write_claims(items, f, fmt)  # type: ignore[arg-type]
        paths[name] = path
    return paths


def _cli_rows(cfg: Config) -> tuple[list[Row], list[str]]:
    n = cfg.pick(20_000, 100_000)
    rounds = cfg.pick(1, 3)
    with tempfile.TemporaryDirectory() as folder:
        f = _files(Path(folder), n)
        commands = {
            "csv": [*_CLI, "assess", str(f["random.csv"]), "-f", "csv", "-o", "/dev/null"],
            "jsonl": [*_CLI, "assess", str(f["random.jsonl"]), "-f", "jsonl", "-o", "/dev/null"],
            "ordered": [*_CLI, "assess", str(f["ordered.csv"]), "-f", "csv", "-o", "/dev/null"],
            "pandas": [
                sys.executable,
                "-c",
                "import sys, pandas; pandas.read_csv(sys.argv[1], dtype=str, "
                "keep_default_na=False)",
                str(f["random.csv"]),
            ],
        }
        commands["csv_ind"] = [*commands["csv"], "--independent"]
        commands["jsonl_ind"] = [*commands["jsonl"], "--independent"]
        commands["ordered_ind"] = [*commands["ordered"], "--independent"]
        got: dict[str, list[tuple[int, float]]] = {k: [] for k in commands}
        for _ in range(rounds):
            for name, cmd in commands.items():
                got[name].append(peak(cmd, (0, 1)))
    wall = {k: sorted(w for _, w in v)[len(v) // 2] for k, v in got.items()}
    rss = {k: sorted(r for r, _ in v)[len(v) // 2] for k, v in got.items()}
    rows = []
    for name, what in (("csv_ind", "CSV → CSV"), ("jsonl_ind", "JSON Lines → JSON Lines")):
        rate = n / wall[name]
        rows.append(
            Row(
                f"CLI {what}, {n:,} claims, `--independent`",
                f"`ipcomp assess FILE -f {name.split('_')[0]}`",
                "—",
                fmt_time(wall[name]),
                "—",
                fmt_rate(rate, "claims/s"),
                "≥ 40,000 claims/s",
                verdict(rate >= 40_000),
            )
        )
    rows.append(
        Row(
            f"CLI CSV → CSV, {n:,} claims, `--independent`",
            "`ipcomp assess FILE.csv -f csv`",
            "`pandas.read_csv(FILE, dtype=str)` (reading only)",
            fmt_time(wall["csv_ind"]),
            fmt_time(wall["pandas"]),
            f"{wall['csv_ind'] / wall['pandas']:.1f}×",
            "—",
            "info",
        )
    )
    ratio = wall["ordered"] / wall["ordered_ind"]
    rows.append(
        Row(
            f"CLI one portfolio, {n:,} claims in time order",
            "`ipcomp assess FILE.csv -f csv` (streams through PortfolioBook)",
            "same with `--independent`",
            fmt_time(wall["ordered"]),
            fmt_time(wall["ordered_ind"]),
            f"{ratio:.2f}×",
            "≤ 1.3×",
            verdict(ratio <= 1.3),
        )
    )
    flat = rss["ordered"] / rss["ordered_ind"]
    rows.append(
        Row(
            f"CLI one portfolio, {n:,} claims in time order, peak RSS",
            "portfolio mode",
            "`--independent` (constant memory)",
            fmt_bytes(rss["ordered"]),
            fmt_bytes(rss["ordered_ind"]),
            f"{flat:.2f}×",
            "≤ 2× (grows with loans, not claims)",
            verdict(flat <= 2),
        )
    )
    rows.append(
        Row(
            f"CLI one portfolio, {n:,} claims in a random order",
            "`ipcomp assess FILE.csv -f csv` (read again, held whole)",
            "same with `--independent`",
            f"{fmt_time(wall['csv'])}, {fmt_bytes(rss['csv'])}",
            f"{fmt_time(wall['csv_ind'])}, {fmt_bytes(rss['csv_ind'])}",
            f"{wall['csv'] / wall['csv_ind']:.2f}× time",
            "—",
            "info",
        )
    )
    notes = [
        f"CLI: {n:,} claims cycled from a pool of 3,000 drawn claims (80% eligible draws), "
        "written as CSV and JSON Lines in a random order and as CSV sorted by application "
        f"and recognition date; output to /dev/null; median of {rounds} round(s), each "
        "command in a fresh process (start-up included). JSON Lines one portfolio: "
        f"{fmt_time(wall['jsonl'])} ({fmt_bytes(rss['jsonl'])})."
    ]
    return rows, notes


def _portfolio_row(cfg: Config) -> tuple[list[Row], list[str]]:
    """assess_portfolio on N claims over N×0.3 loans against assess_many on the same."""
    n = cfg.pick(20_000, 100_000)
    loans_n = n * 3 // 10
    pool = [Claim.model_validate_json(x) for x in claim_lines(3000)]
    bases = [c for c in pool if c.recognized_on is not None]
    claims = []
    for k in range(n):
        loan_no, repeat = k % loans_n, k // loans_n
        base = bases[loan_no % len(bases)]
        data = json.loads(base.model_dump_json())
        data["loan"]["loan_id"] = f"L{loan_no:06d}"
        shift = dt.timedelta(days=repeat)
        data["recognized_on"] = str(base.recognized_on + shift)  # type: ignore[operator]
        if base.applied_on is not None:
            data["applied_on"] = str(base.applied_on + shift)
        claims.append(Claim.model_validate(data))
    random.Random(13).shuffle(claims)
    times: dict[str, list[float]] = {"portfolio": [], "many": []}
    for _ in range(cfg.pick(1, 3)):
        for name, fn in (("many", assess_many), ("portfolio", assess_portfolio)):
            gc.collect()
            t = time.perf_counter()
            fn(claims)
            times[name].append(time.perf_counter() - t)
    med = {k: sorted(v)[len(v) // 2] for k, v in times.items()}
    ratio = med["portfolio"] / med["many"]
    row = Row(
        f"portfolio over time, {n:,} claims on {loans_n:,} loans",
        "`assess_portfolio(claims)`",
        "`assess_many(claims)`",
        fmt_time(med["portfolio"]),
        fmt_time(med["many"]),
        f"{ratio:.2f}×",
        "≤ 1.3×",
        verdict(ratio <= 1.3),
    )
    note = (
        f"portfolio: {n:,} claims, up to {-(-n // loans_n)} per loan a day apart, in a random "
        "order; both hold every result."
    )
    return [row], [note]


def run(cfg: Config) -> tuple[list[Row], list[str]]:
    rows, notes = _portfolio_row(cfg)
    more_rows, more_notes = _cli_rows(cfg)
    return rows + more_rows, notes + more_notes


if __name__ == "__main__":  # pragma: no cover - a quick look by hand
    for r in run(Config(quick="--quick" in sys.argv))[0]:
        print(r)
