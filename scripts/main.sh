#!/usr/bin/env bash
# The main job: assess the bundled example portfolio and print the totals.
# Creates the virtual environment on first use (IPCOMP_VENV, default .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${IPCOMP_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e .
exec "$VENV/bin/python" examples/quickstart.py "$@"
