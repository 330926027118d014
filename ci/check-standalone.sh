#!/usr/bin/env bash
# Fails when anything the project builds, tests, runs or documents refers to a folder beside the
# repository (a sibling "shared" folder, or the workspace it was developed in): a user clones only this
# repository. Usage: bash ci/check-standalone.sh
set -euo pipefail
cd "$(dirname "$0")/.."

pattern='(\.\./)+shared\b|/work/(shared|main|wt)\b'
paths=(src tests ci .ci docs infra cards inventory README.md azure.yaml global.json Directory.Build.props Directory.Packages.props ChatNetOps.sln)
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  found=$(git grep -nIE "$pattern" -- "${paths[@]}" || true)
else
  found=$(grep -rnIE --exclude-dir=node_modules --exclude-dir=bin --exclude-dir=obj --exclude-dir=TestResults "$pattern" "${paths[@]}" 2>/dev/null || true)
fi
if [[ -n $found ]]; then
  echo "These lines refer to something outside the repository; the project must stand alone:" >&2
  echo "$found" >&2
  exit 1
fi
echo "standalone: nothing refers to a folder beside the repository."
