"""Helpers of the hostile-input suite (issue 14): every case the hostile tester found,
kept as a regression test, each small and quick."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from ipcomp import Claim
from ipcomp.cli import main
from ipcomp.testing import example_claim, example_loan

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """``ipcomp ARGS`` in this process: (exit status, stdout, stderr)."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def shell(
    command: str, *, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """A shell command line in which ``ipcomp`` is ``python -m ipcomp`` of this
    interpreter (and of the ipcomp it imports, wherever it is installed)."""
    environment = {**os.environ, **(env or {})}
    environment["IPCOMP_PYTHON"] = sys.executable
    define = 'ipcomp() { "$IPCOMP_PYTHON" -m ipcomp "$@"; }'
    return subprocess.run(
        ["bash", "-c", f"set -o pipefail; {define}; {command}"],
        capture_output=True,
        env=environment,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def jsonl(claims: Sequence[Claim | str]) -> str:
    """JSON Lines of claims (and raw lines given as text)."""
    return "".join((c if isinstance(c, str) else c.model_dump_json()) + "\n" for c in claims)


def claim(loan_id: str = "WH-1", **loan: object) -> Claim:
    """The example claim on a loan with this id (and other loan fields)."""
    return example_claim(loan=example_loan(loan_id=loan_id, **loan))
