#!/usr/bin/env bash
# Mutation testing of src/ipcomp with mutmut 3 (configuration: [tool.mutmut] in
# pyproject.toml; excluded files and equivalent mutants: docs/mutation.md).
#
#   scripts/mutation.sh                        # full run from scratch (about an hour on 2 cores)
#   scripts/mutation.sh "ipcomp.money*"        # (re)run the mutants matching these names only
#
# Creates a clean virtual environment (MUTATION_VENV, default .mutation-venv) with
# ipcomp[test,mutation] installed from this checkout, runs mutmut with the "mutation"
# hypothesis profile (tests/conftest.py) and prints the score, killed / (total - skipped),
# and every mutant that was not killed. A full run starts from an empty mutants/ and fails
# when the score is below MUTATION_MIN (default 95). Workers: MUTATION_CHILDREN (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${MUTATION_VENV:-.mutation-venv}"
CHILDREN="${MUTATION_CHILDREN:-2}"
MIN="${MUTATION_MIN:-95}"

if [ "$#" -eq 0 ]; then
    rm -rf "$VENV" mutants
fi
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check '.[test,mutation]'

export HYPOTHESIS_PROFILE=mutation
start=$(date +%s)
mkdir -p mutants
log=mutants/mutmut-run.log
echo "mutmut run (log: $log) ..."
if ! "$VENV/bin/mutmut" run --max-children "$CHILDREN" "$@" >"$log" 2>&1; then
    tr '\r' '\n' <"$log" | tail -n 60
    exit 1
fi
elapsed=$(($(date +%s) - start))
"$VENV/bin/mutmut" export-cicd-stats >/dev/null

echo
echo "Not killed:"
"$VENV/bin/mutmut" results
echo
"$VENV/bin/python" - "$elapsed" "$MIN" "$#" <<'EOF'
import json
import sys

elapsed, minimum, named = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
s = json.load(open("mutants/mutmut-cicd-stats.json"))
tested = s["total"] - s["skipped"]
score = 100 * s["killed"] / tested if tested else 0.0
print(
    f"mutants {s['total']}, killed {s['killed']}, survived {s['survived']}, "
    f"timeouts {s['timeout']}, no tests {s['no_tests']}, suspicious {s['suspicious']}, "
    f"skipped {s['skipped']}"
)
print(f"Mutation score: {score:.1f}% ({s['killed']}/{tested}); wall time {elapsed // 60} min {elapsed % 60} s")
if not named and score < minimum:
    sys.exit(f"mutation score {score:.1f}% is below {minimum}%")
EOF
