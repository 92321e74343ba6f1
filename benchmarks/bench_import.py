"""``import ipcomp`` and a first result against importing the dependencies alone, fresh
interpreters."""

from __future__ import annotations

import subprocess
import sys

from _harness import Config, Row, fmt_time, interleave, paired_ratio, verdict

__all__ = ["run"]

IPCOMP = "import ipcomp"
FIRST_USE = "from ipcomp import assess, Claim"
EXAMPLE = "from ipcomp.testing import example_claim; example_claim()"
#: The example as it loaded before issue 15: ipcomp.testing imported hypothesis on import.
EXAMPLE_BEFORE = f"import hypothesis.strategies; {EXAMPLE}"
README = (
    "from ipcomp import assess; from ipcomp.testing import example_claim; "
    "print(assess(example_claim()))"
)
DEPS = "import pydantic, dateutil, holidays; from pydantic import BaseModel"
#: The baseline of issue 15 for the first result: the dependencies' import alone.
DEPS_PLAIN = "import pydantic, holidays, dateutil"
#: The floor of any first result validated with pydantic: the dependencies, and one model
#: of one field built and validated from JSON (its schema build included).
#: How the rows name the first-result command (the claim's JSON elided).
FIRST_RESULT_LABEL = (
    "`python -c 'from ipcomp import assess, Claim; assess(Claim.model_validate_json(...))'`"
)
PYDANTIC_FLOOR = (
    "import pydantic, holidays, dateutil; from pydantic import BaseModel; "
    "M = type('M', (BaseModel,), {'__annotations__': {'a': int}}); "
    "M.model_validate_json('{\"a\": 1}')"
)


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
            "example": lambda: _spawn(EXAMPLE),
            "example before": lambda: _spawn(EXAMPLE_BEFORE),
            "readme": lambda: _spawn(README),
            "deps": lambda: _spawn(DEPS),
            "first result": lambda: _spawn(first_result),
            "deps plain": lambda: _spawn(DEPS_PLAIN),
            "pydantic floor": lambda: _spawn(PYDANTIC_FLOOR),
        },
        rounds=cfg.pick(15, 31),
        warmup=2,
    )
    ratio = paired_ratio(t, "ipcomp", "deps")
    first = paired_ratio(t, "first use", "deps")
    example = paired_ratio(t, "example", "deps")
    before = paired_ratio(t, "example before", "deps")
    readme = paired_ratio(t, "readme", "deps")
    probe = subprocess.run(
        [sys.executable, "-c", f"{EXAMPLE}; import sys; print('hypothesis' in sys.modules)"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    result = paired_ratio(t, "first result", "deps plain")
    floor = paired_ratio(t, "pydantic floor", "deps plain")
    above_floor = paired_ratio(t, "first result", "pydantic floor")
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
            "`ipcomp.testing` example (no hypothesis import)",
            f"`python -c {EXAMPLE!r}`",
            "same as above",
            fmt_time(t.median("example")),
            fmt_time(t.median("deps")),
            f"{example:.2f}×",
            "≤ 1.2×",
            verdict(example <= 1.2 and probe == "False"),
        ),
        Row(
            "`ipcomp.testing` example as before (hypothesis imported with it)",
            f"`python -c {EXAMPLE_BEFORE!r}`",
            "same as above",
            fmt_time(t.median("example before")),
            fmt_time(t.median("deps")),
            f"{before:.2f}×",
            "—",
            "info",
        ),
        Row(
            "the README example (assess and print the example claim)",
            f"`python -c {README!r}`",
            "same as above",
            fmt_time(t.median("readme")),
            fmt_time(t.median("deps")),
            f"{readme:.2f}×",
            "—",
            "info",
        ),
        Row(
            "first result, including schema and calendar builds",
            FIRST_RESULT_LABEL,
            f"`python -c {DEPS_PLAIN!r}`",
            fmt_time(t.median("first result")),
            fmt_time(t.median("deps plain")),
            f"{result:.2f}×",
            "≤ 1.2×",
            verdict(result <= 1.2),
        ),
        Row(
            "the floor of a first result validated with pydantic (one model, one field)",
            f"`python -c {PYDANTIC_FLOOR!r}`",
            f"`python -c {DEPS_PLAIN!r}`",
            fmt_time(t.median("pydantic floor")),
            fmt_time(t.median("deps plain")),
            f"{floor:.2f}×",
            "—",
            "info",
        ),
        Row(
            "first result against that floor",
            FIRST_RESULT_LABEL,
            "the floor above",
            fmt_time(t.median("first result")),
            fmt_time(t.median("pydantic floor")),
            f"{above_floor:.2f}×",
            "—",
            "info",
        ),
    ]
    notes = [
        f"import: {len(t.per_op['ipcomp'])} interleaved rounds of each; an empty "
        f"`python -c pass` takes {fmt_time(bare.median('python'))} (measured just after, "
        "for scale only). `import ipcomp` loads its modules on first use (PEP 562), so "
        "the second row, which loads the models and rules, is a fairer measure, and the "
        "first-result row, which validates one claim from JSON and assesses it (the "
        "deferred schema builds and the 2020–2026 calendar from the shipped notice files "
        "included, no `holidays` import), the honest one; all run with ipcomp's bytecode "
        "compiled, as after a wheel install. "
        f"After `{EXAMPLE}`, hypothesis is in `sys.modules`: {probe} (its strategies "
        "import it when first built)."
    ]
    return rows, notes
