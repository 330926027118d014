#!/usr/bin/env bash
# Runs every test of the solution. Installs what the tests need first (when it is missing):
# OpenSSH's sshd for the SSH executor tests, and the npm test peers in tests/js.
# Usage: bash ci/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [[ -x ci/install-sshd.sh || -f ci/install-sshd.sh ]]; then
  bash ci/install-sshd.sh
fi
if [[ -f tests/js/package-lock.json && ! -d tests/js/node_modules ]]; then
  (cd tests/js && npm ci --no-audit --no-fund --silent)
fi

results=TestResults
rm -rf "$results"
status=0
dotnet test ChatNetOps.sln -c Release --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@" || status=$?

# One plain closing line over every test assembly: "N passed, N failed, N skipped".
passed=0 failed=0 skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [[ $status -ne 0 || $failed -ne 0 ]]; then
  exit 1
fi
if [[ $passed -eq 0 ]]; then
  echo "no test ran" >&2
  exit 1
fi
