"""Does a test kill a mutant the way mutmut runs it? (docs/mutation.md)

mutmut runs the selected tests once without a mutant, which warms every cache (the
calendar tables, pydantic schemas, compiled plans, module-level globals), then forks and
switches the mutant on. A mutant of code that only ran before the fork survives unless a
test runs that code again. This script does the same in one process: the tests once
without the mutant (they must pass), then once with it.

Run it from a copy of ``mutants/`` (after ``scripts/mutation.sh``) holding the tests to try::

    cp -r mutants/src mutants/pyproject.toml mutants/examples /tmp/m/ && cp -r tests /tmp/m/
    cd /tmp/m && HYPOTHESIS_PROFILE=mutation PYTHONPATH=src \\
        ../path/to/.mutation-venv/bin/python /path/to/scripts/mutant_check.py \\
        'ipcomp.core.workdays.x__days__mutmut_1' tests/core/test_workdays.py

Exit status: 0 killed, 1 survived, 2 the tests fail without the mutant.
"""

from __future__ import annotations

import os
import sys

import pytest


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    name, tests = argv[0], argv[1:]
    args = ["-q", "-p", "no:cacheprovider", "-x", "--no-header", *tests]
    if pytest.main(args) != 0:
        print("the tests fail without the mutant")
        return 2
    os.environ["MUTANT_UNDER_TEST"] = name
    killed = pytest.main(args) != 0
    print(f"{name}: {'KILLED' if killed else 'SURVIVED'}")
    return 0 if killed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
