#!/usr/bin/env bash
# The whole test suite: lint, types, tests with 100% branch coverage, the docs' examples,
# the traceability matrix and the strict docs build.
# Creates the virtual environment on first use (IPCOMP_VENV, default .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${IPCOMP_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[test]'
export MPLBACKEND=Agg NO_MKDOCS_2_WARNING=1
phase() { echo "== $1 (at ${SECONDS} s)"; }
phase ruff
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
phase "mypy --strict"; "$VENV/bin/mypy" --strict src
phase "pytest (tests + doctests of src, 100% branch coverage, on every core)"
"$VENV/bin/python" -m pytest -n auto --cov --cov-branch --cov-report=term --cov-fail-under=100 "$@"
phase "docs: examples, traceability matrix, strict build"
"$VENV/bin/python" -m pytest -q --doctest-glob='*.md' docs -p no:cacheprovider
"$VENV/bin/python" scripts/traceability.py --check
"$VENV/bin/mkdocs" build --strict -q -d "$(mktemp -d)"
echo "== done in ${SECONDS} s"
