#!/usr/bin/env bash
# The main job: assess the bundled example portfolio (examples/portfolio.csv, 200
# fictitious claims) under WEIHAI_2020 as one portfolio, with the money back of
# examples/recoveries.csv, and print each decision, the totals and the fund's statement.
# Creates the virtual environment on first use (IPCOMP_VENV, default .venv).
# Extra arguments go to `ipcomp assess`, e.g. scripts/main.sh --format json.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${IPCOMP_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e .
exec "$VENV/bin/python" -m ipcomp assess examples/portfolio.csv --events examples/recoveries.csv --statement "$@"
