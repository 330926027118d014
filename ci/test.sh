#!/usr/bin/env bash
# Runs every test of the solution. Installs what the tests need first (when it is missing):
# OpenSSH's sshd for the SSH executor tests, Debian's prometheus-alertmanager for the alert peer test, Chromium and the
# Agents Playground for the Teams end-to-end test, and the npm test peers (tests/js, tests/slack-types, tests/cosmos-server,
# tests/azurite). The Cosmos DB test
# server (tests/cosmos-server) is started by the test fixtures themselves. Nothing here or in the tests
# reads anything outside this repository.
# Usage: bash ci/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [[ -x ci/install-sshd.sh || -f ci/install-sshd.sh ]]; then
  bash ci/install-sshd.sh
fi
if [[ -f ci/install-alertmanager.sh ]]; then
  bash ci/install-alertmanager.sh
fi
if [[ -f ci/install-playground.sh ]]; then
  bash ci/install-playground.sh
fi
for peer in tests/js tests/slack-types tests/cosmos-server tests/azurite; do
  if [[ -f $peer/package-lock.json && ( ! -d $peer/node_modules || $peer/package-lock.json -nt $peer/node_modules/.package-lock.json ) ]]; then
    (cd "$peer" && npm ci --no-audit --no-fund --silent)
  fi
done

results=TestResults
rm -rf "$results"
mkdir -p "$results"
status=0
dotnet test ChatNetOps.sln -c Release --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@" \
  2>&1 | tee "$results/console.log" || status=$?

# One plain closing line over every test assembly: "N passed, N failed, N skipped", summed from the
# per-assembly lines ("Passed!  - Failed:     0, Passed:   160, Skipped:     0, Total:   160, ...").
read -r passed failed skipped < <(grep -E '^(Passed|Failed)! +- Failed:' "$results/console.log" | awk -F'[:,]' '
  { f += $2; p += $4; s += $6 } END { printf "%d %d %d\n", p, f, s }')
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
# Name the failed tests again at the very end, where a truncated log still shows them.
if [[ $failed -ne 0 ]]; then
  grep -h -o '<UnitTestResult [^>]*outcome="Failed"' "$results"/*.trx 2>/dev/null \
    | sed -E 's/.*testName="([^"]*)".*/failed: \1/' || true
fi
if [[ $status -ne 0 || $failed -ne 0 ]]; then
  exit 1
fi
if [[ $passed -eq 0 ]]; then
  echo "no test ran" >&2
  exit 1
fi
