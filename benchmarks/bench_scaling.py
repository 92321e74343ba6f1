"""Scaling: ``assess_many`` per-claim time over 1k…100k claims, and the CLI's peak
memory when streaming JSON Lines of 10k and 100k lines."""

from __future__ import annotations

import importlib.util
import itertools
import sys
import tempfile
from pathlib import Path

from _data import claim_lines
from _harness import (
    Config,
    Row,
    Skip,
    fmt_bytes,
    fmt_time,
    interleave,
    paired_ratio,
    peak,
    verdict,
)

from ipcomp import Claim, assess_many

__all__ = ["run"]


def _assess_many_rows(cfg: Config) -> tuple[list[Row], list[str]]:
    pool = [Claim.model_validate_json(x) for x in claim_lines(cfg.pick(1000, 3000))]
    sizes = (100, 1_000, 10_000) if cfg.quick else (1_000, 10_000, 100_000)
    batches = {n: list(itertools.islice(itertools.cycle(pool), n)) for n in sizes}

    def batch(n: int) -> int:
        # smaller batches are repeated to the largest one's claim count, so every
        # measurement lasts about as long and sees the same noise
        for _ in range(sizes[-1] // n):
            assess_many(batches[n])
        return sizes[-1]

    batch(sizes[0])  # warm up on the smallest batch only
    t = interleave(
        {f"{n:,}": (lambda n=n: batch(n)) for n in sizes}, rounds=cfg.pick(2, 3), warmup=0
    )
    small = f"{sizes[0]:,}"
    rows = []
    for n in sizes[1:]:
        ratio = paired_ratio(t, f"{n:,}", small)
        rows.append(
            Row(
                "`assess_many` scaling, per claim",
                f"{n:,} claims",
                f"{sizes[0]:,} claims",
                fmt_time(t.median(f"{n:,}")),
                fmt_time(t.median(small)),
                f"{ratio:.2f}×",
                "≤ 1.5× (linear)",
                verdict(ratio <= 1.5),
            )
        )
    note = (
        f"`assess_many`: batches cycle a pool of {len(pool):,} distinct claims (80% "
        f"eligible draws); smaller batches repeated to {sizes[-1]:,} claims per "
        f"measurement; {len(t.per_op[small])} interleaved rounds."
    )
    return rows, [note]


def _cli() -> list[str]:
    try:
        found = importlib.util.find_spec("ipcomp.cli") is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise Skip("the CLI (ipcomp.cli) does not exist yet")
    script = Path(sys.executable).with_name("ipcomp")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from ipcomp.cli import main; sys.exit(main())"]


def _cli_rows(cfg: Config) -> tuple[list[Row], list[str]]:
    cli = _cli()
    lines = claim_lines(cfg.pick(1000, 3000))
    sizes = (2_000, 20_000) if cfg.quick else (10_000, 100_000)
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for n in (0, *sizes):
            path = Path(tmp) / f"claims-{n}.jsonl"
            with path.open("w", encoding="utf-8") as f:
                for line in itertools.islice(itertools.cycle(lines), n):
                    f.write(line + "\n")
            files[n] = path
        args = {
            n: [
                *cli,
                "assess",
                str(p),
                "--format",
                "jsonl",
                "--output",
                "/dev/null",
                "--independent",
            ]
            for n, p in files.items()
        }
        peaks: dict[int, list[int]] = {n: [] for n in files}
        walls: dict[int, list[float]] = {n: [] for n in files}
        for _ in range(cfg.pick(1, 3)):
            for n in files:
                # an empty input is a usage error (exit 2): the start-up cost alone
                rss, wall = peak(args[n], (2,) if n == 0 else (0,))
                peaks[n].append(rss)
                walls[n].append(wall)
    median_peak = {n: sorted(v)[len(v) // 2] for n, v in peaks.items()}
    wall = {n: sorted(v)[len(v) // 2] for n, v in walls.items()}
    small, large = sizes
    ratio = median_peak[large] / median_peak[small]
    per_claim = (median_peak[large] - median_peak[small]) / (large - small)
    rows = [
        Row(
            "CLI streaming JSON Lines, peak RSS",
            f"`ipcomp assess` {large:,} lines",
            f"{small:,} lines",
            fmt_bytes(median_peak[large]),
            fmt_bytes(median_peak[small]),
            f"{ratio:.2f}×",
            "≤ 2× (flat, not ~10×)",
            verdict(ratio <= 2),
        )
    ]
    notes = [
        f"CLI: `ipcomp assess FILE.jsonl --format jsonl --output /dev/null --independent` "
        "(claim by claim; portfolio mode: bench_cli); peak RSS of "
        f"an empty file {fmt_bytes(median_peak[0])}; growth {fmt_bytes(per_claim)} per extra "
        f"claim between {small:,} and {large:,} lines; wall time per line "
        f"{fmt_time((wall[large] - wall[0]) / large)} (startup {fmt_time(wall[0])} "
        "subtracted)."
    ]
    return rows, notes


def run(cfg: Config) -> tuple[list[Row], list[str]]:
    rows, notes = _assess_many_rows(cfg)
    try:
        more_rows, more_notes = _cli_rows(cfg)
    except Skip as skip:
        rows.append(Row("CLI streaming JSON Lines, peak RSS", "—", "—", "—", "—", "—", "—", "SKIP"))
        notes.append(f"CLI memory: skipped: {skip}.")
    else:
        rows += more_rows
        notes += more_notes
    return rows, notes
