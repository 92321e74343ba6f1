"""Run every ipcomp benchmark and print one markdown table of side-by-side ratios.

Usage (from the repository root, with the ``bench`` extra installed)::

    pip install -e '.[bench]'
    python benchmarks/run.py            # a few minutes; writes benchmarks/results.md
    python benchmarks/run.py --quick    # well under a minute; prints only

Every ratio is measured side by side in the same run (interleaved rounds, median of the
per-round ratios): these machines are noisy, so never compare a number with one from
another run. A missed target is reported as MISS and does not fail the run; the exit
status is non-zero only when a benchmark crashes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import sys
import time
import traceback
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _harness import Config, Row, Skip, markdown_table  # noqa: E402

#: (module, title) in the order they run.
BENCHMARKS = (
    ("bench_assess", "assess and JSON Lines"),
    ("bench_workdays", "working days"),
    ("bench_frame", "columnar compensation"),
    ("bench_import", "import time"),
    ("bench_scaling", "scaling"),
    ("bench_cli", "the command line end to end"),
)

PACKAGES = (
    "ipcomp",
    "pydantic",
    "pydantic-core",
    "python-dateutil",
    "holidays",
    "chinesecalendar",
    "hypothesis",
    "numpy",
    "pandas",
    "openfisca-core",
)


def machine() -> list[str]:
    def ver(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        affinity = os.cpu_count() or 0
    return [
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs ({affinity} usable), "
        f"{platform.system()} {platform.release()}",
        f"- python: {platform.python_implementation()} {platform.python_version()}",
        "- packages: " + ", ".join(f"{p} {ver(p)}" for p in PACKAGES),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and rows")
    parser.add_argument(
        "--output",
        type=Path,
        help="where to write the markdown results (default: benchmarks/results.md for a "
        "full run, nothing for --quick)",
    )
    parser.add_argument(
        "--only", nargs="*", metavar="NAME", help="run only these modules (e.g. bench_frame)"
    )
    args = parser.parse_args(argv)
    cfg = Config(quick=args.quick)
    output = args.output or (None if args.quick else HERE / "results.md")

    rows: list[Row] = []
    notes: list[str] = []
    crashed: list[str] = []
    started = time.perf_counter()
    for module, title in BENCHMARKS:
        if args.only and module not in args.only:
            continue
        t0 = time.perf_counter()
        print(f"… {title}", file=sys.stderr, flush=True)
        try:
            got_rows, got_notes = importlib.import_module(module).run(cfg)
        except Skip as skip:
            rows.append(Row(title, "—", "—", "—", "—", "—", "—", "SKIP"))
            notes.append(f"{title}: skipped: {skip}")
        except Exception:
            crashed.append(module)
            traceback.print_exc()
            rows.append(Row(title, "—", "—", "—", "—", "—", "—", "CRASH"))
        else:
            rows += got_rows
            notes += got_notes
        print(f"  {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)

    mode = "quick" if cfg.quick else "full"
    text = "\n".join(
        [
            "# ipcomp benchmarks",
            "",
            f"Written by `python benchmarks/run.py{' --quick' if cfg.quick else ''}` "
            f"({mode} run, {time.perf_counter() - started:.0f} s). Every ratio is "
            "contender ÷ baseline, the median of per-round ratios measured side by side "
            "in this run; do not compare absolute times across runs.",
            "",
            *machine(),
            "",
            markdown_table(rows),
            "",
            "## Notes",
            "",
            *(f"- {n}" for n in notes),
            "",
        ]
    )
    print(text)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        print(f"written to {output}", file=sys.stderr)
    if crashed:
        print(f"crashed: {', '.join(crashed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
