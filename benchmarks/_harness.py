"""Side-by-side timing: interleaved rounds, medians, per-round ratios.

Every comparison runs its contenders in the same process, in rounds; each round runs
every contender once over the same inputs, in a rotated order, so that drift on a noisy
machine (other jobs, turbo, thermal) hits all of them alike. The reported ratio is the
median of the per-round ratios ``contender / baseline`` (paired), never a time from
another run.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from statistics import median

__all__ = [
    "Config",
    "Row",
    "Skip",
    "fmt_bytes",
    "fmt_rate",
    "fmt_time",
    "interleave",
    "paired_ratio",
    "peak",
    "verdict",
]

#: Runs a command as a child and prints the child's exit status, peak RSS (KiB on Linux)
#: and wall time. A fresh wrapper per measurement, since RUSAGE_CHILDREN keeps the maximum
#: over all children.
_PEAK = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "t = time.perf_counter() - t\n"
    "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, t)\n"
)


def peak(cmd: list[str], expect: Collection[int] = (0,)) -> tuple[int, float]:
    """Peak RSS in bytes and wall seconds (start-up included) of ``cmd`` run as a fresh
    grandchild, which must exit with one of ``expect``."""
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, *cmd], capture_output=True, text=True, check=True
    ).stdout.split()
    code, kib, seconds = int(out[0]), int(out[1]), float(out[2])
    if code not in expect:
        raise RuntimeError(f"{' '.join(cmd)} exited {code}")
    return kib * 1024, seconds


class Skip(Exception):  # noqa: N818 - a signal, not an error
    """A benchmark cannot run here (a module or the CLI is missing); the message says why."""


@dataclass(frozen=True)
class Config:
    quick: bool

    def pick(self, quick: int, full: int) -> int:
        return quick if self.quick else full


@dataclass
class Row:
    what: str
    contender: str
    baseline: str
    med_contender: str
    med_baseline: str
    ratio: str
    target: str
    result: str  # PASS, MISS, info, SKIP

    def cells(self) -> list[str]:
        return [
            self.what,
            self.contender,
            self.baseline,
            self.med_contender,
            self.med_baseline,
            self.ratio,
            self.target,
            self.result,
        ]


HEADER = [
    "what",
    "contender",
    "baseline",
    "median contender",
    "median baseline",
    "ratio",
    "target",
    "result",
]


@dataclass
class Timings:
    """Per-operation seconds of each contender, one entry per round."""

    per_op: dict[str, list[float]] = field(default_factory=dict)

    def median(self, name: str) -> float:
        return median(self.per_op[name])


def interleave(contenders: dict[str, Callable[[], int]], rounds: int, warmup: int = 1) -> Timings:
    """Run each contender (a batch returning its number of operations) once per round,
    rotating the order every round; return seconds per operation for each round."""
    names = list(contenders)
    for _ in range(warmup):
        for name in names:
            contenders[name]()
    out = Timings({name: [] for name in names})
    for r in range(rounds):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            gc.collect()
            t0 = time.perf_counter()
            n = contenders[name]()
            elapsed = time.perf_counter() - t0
            out.per_op[name].append(elapsed / n)
    return out


def paired_ratio(t: Timings, contender: str, baseline: str) -> float:
    """Median over rounds of contender time / baseline time in the same round."""
    c, b = t.per_op[contender], t.per_op[baseline]
    return median(x / y for x, y in zip(c, b, strict=True))


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def fmt_time(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def fmt_rate(per_second: float, unit: str = "/s") -> str:
    return f"{per_second:,.0f} {unit}"


def fmt_bytes(n: float) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if abs(n) >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n:.0f} B"


def markdown_table(rows: Sequence[Row]) -> str:
    lines = [
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join("---" for _ in HEADER) + "|",
    ]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r.cells()) + " |" for r in rows]
    return "\n".join(lines)
