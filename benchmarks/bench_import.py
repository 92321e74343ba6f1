"""``import ipcomp`` against importing its dependencies alone, fresh interpreters."""

from __future__ import annotations

import subprocess
import sys

from _harness import Config, Row, fmt_time, interleave, paired_ratio, verdict

__all__ = ["run"]

IPCOMP = "import ipcomp"
DEPS = "import pydantic, dateutil, holidays; from pydantic import BaseModel"


def _spawn(code: str) -> int:
    subprocess.run([sys.executable, "-c", code], check=True)
    return 1


def run(cfg: Config) -> tuple[list[Row], list[str]]:
    # warm the OS file cache and the bytecode caches before timing
    t = interleave(
        {"ipcomp": lambda: _spawn(IPCOMP), "deps": lambda: _spawn(DEPS)},
        rounds=cfg.pick(15, 31),
        warmup=2,
    )
    ratio = paired_ratio(t, "ipcomp", "deps")
    bare = interleave({"python": lambda: _spawn("pass")}, rounds=cfg.pick(5, 11), warmup=1)
    rows = [
        Row(
            "import, fresh subprocess wall time",
            f"`python -c {IPCOMP!r}`",
            "`python -c 'import pydantic, dateutil, holidays; from pydantic import BaseModel'`",
            fmt_time(t.median("ipcomp")),
            fmt_time(t.median("deps")),
            f"{ratio:.2f}×",
            "≤ 1.2×",
            verdict(ratio <= 1.2),
        )
    ]
    notes = [
        f"import: {len(t.per_op['ipcomp'])} interleaved rounds of each; an empty "
        f"`python -c pass` takes {fmt_time(bare.median('python'))} (measured just after, "
        "for scale only)."
    ]
    return rows, notes
