#!/usr/bin/env bash
# Long fuzzing run, outside the normal suite: IPCOMP_FUZZ_EXAMPLES malformed inputs per
# model (default 100,000). Prints the counts per model at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${IPCOMP_VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[test]'
IPCOMP_FUZZ_EXAMPLES="${IPCOMP_FUZZ_EXAMPLES:-100000}" HYPOTHESIS_PROFILE=dev \
  exec "$VENV/bin/python" -m pytest -q -s -p no:cacheprovider --no-cov tests/fuzz "$@"
