#!/usr/bin/env bash
# The whole test suite: lint, types, tests with 100% branch coverage.
# Creates the virtual environment on first use (IPCOMP_VENV, default .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${IPCOMP_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[test]'
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/mypy" --strict src
"$VENV/bin/python" -m pytest --cov --cov-branch --cov-report=term --cov-fail-under=100 "$@"
