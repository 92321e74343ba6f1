"""``import ipcomp`` and a first result against importing the dependencies alone, fresh
interpreters."""

from __future__ import annotations

import subprocess
import sys

from _harness import Config, Row, fmt_time, interleave, paired_ratio, verdict

__all__ = ["run"]

IPCOMP = "import ipcomp"
FIRST_USE = "from ipcomp import assess, Claim"
DEPS = "import pydantic, dateutil, holidays; from pydantic import BaseModel"
#: The baseline of issue 15 for the first result: the dependencies' import alone.
DEPS_PLAIN = "import pydantic, holidays, dateutil"


def _first_result() -> str:
    """Validate one claim from JSON and assess it: the schema builds (Claim, Assessment)
    and the calendar build (2020–2026) included, as a first call in a new process."""
    from ipcomp.testing import example_claim

    claim = example_claim().model_dump_json()
    return (
        "from ipcomp import assess, Claim; "
        f"a = assess(Claim.model_validate_json({claim!r})); assert a.eligible"
    )


def _compile_bytecode() -> None:
    """Write ipcomp's bytecode once, as installing a wheel does.

    An editable install under PYTHONDONTWRITEBYTECODE=1 (set on these machines) would
    otherwise recompile ipcomp's sources in every fresh interpreter, while the
    dependencies load their pip-compiled bytecode: an unfair comparison.
    """
    import compileall
    from pathlib import Path

    import ipcomp

    compileall.compile_dir(str(Path(ipcomp.__file__).parent), quiet=1)


def _spawn(code: str) -> int:
    subprocess.run([sys.executable, "-c", code], check=True)
    return 1


def run(cfg: Config) -> tuple[list[Row], list[str]]:
    _compile_bytecode()
    # warm the OS file cache before timing
    first_result = _first_result()
    t = interleave(
        {
            "ipcomp": lambda: _spawn(IPCOMP),
            "first use": lambda: _spawn(FIRST_USE),
            "deps": lambda: _spawn(DEPS),
            "first result": lambda: _spawn(first_result),
            "deps plain": lambda: _spawn(DEPS_PLAIN),
        },
        rounds=cfg.pick(15, 31),
        warmup=2,
    )
    ratio = paired_ratio(t, "ipcomp", "deps")
    first = paired_ratio(t, "first use", "deps")
    result = paired_ratio(t, "first result", "deps plain")
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
        ),
        Row(
            "import + first use (loads the rules and models)",
            f"`python -c {FIRST_USE!r}`",
            "same as above",
            fmt_time(t.median("first use")),
            fmt_time(t.median("deps")),
            f"{first:.2f}×",
            "≤ 1.2×",
            verdict(first <= 1.2),
        ),
        Row(
            "first result, including schema and calendar builds",
            "`python -c 'from ipcomp import assess, Claim; "
            "assess(Claim.model_validate_json(...))'`",
            f"`python -c {DEPS_PLAIN!r}`",
            fmt_time(t.median("first result")),
            fmt_time(t.median("deps plain")),
            f"{result:.2f}×",
            "≤ 1.2×",
            verdict(result <= 1.2),
        ),
    ]
    notes = [
        f"import: {len(t.per_op['ipcomp'])} interleaved rounds of each; an empty "
        f"`python -c pass` takes {fmt_time(bare.median('python'))} (measured just after, "
        "for scale only). `import ipcomp` loads its modules on first use (PEP 562), so "
        "the second row, which loads the models and rules, is a fairer measure, and the "
        "third, which validates one claim from JSON and assesses it (the deferred schema "
        "builds and the 2020–2026 calendar from the shipped notice files included, no "
        "`holidays` import), the honest one; all run with ipcomp's bytecode compiled, as "
        "after a wheel install."
    ]
    return rows, notes
