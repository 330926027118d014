#!/usr/bin/env bash
# Installs what the Teams end-to-end tests need: Debian's Chromium (driven headless by playwright-core)
# and the npm packages in tests/playground (@microsoft/m365agentsplayground, playwright-core, ajv).
# Idempotent: apt-get runs only when chromium is missing, npm ci only when node_modules is missing or
# older than package-lock.json. Needs root for apt-get (CI and developer machines run as root).
set -euo pipefail
cd "$(dirname "$0")/.."

chromium_bin() {
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [[ -x "$candidate" ]]; then echo "$candidate"; return 0; fi
  done
  return 1
}

if ! chromium_bin >/dev/null; then
  if [[ "$(id -u)" != "0" ]]; then
    echo "ci/install-playground.sh must run as root to apt-get install chromium." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Refresh the package lists only when apt cannot find the package without it.
  if ! apt-get install -y --no-install-recommends chromium fonts-liberation >/dev/null 2>&1; then
    apt-get update
    apt-get install -y --no-install-recommends chromium fonts-liberation
  fi
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "node and npm are required for the Agents Playground (tests/playground)." >&2
  exit 1
fi

pkg=tests/playground
if [[ ! -d "$pkg/node_modules/@microsoft/m365agentsplayground" || ! -d "$pkg/node_modules/playwright-core" \
      || "$pkg/package-lock.json" -nt "$pkg/node_modules/.package-lock.json" ]]; then
  (cd "$pkg" && npm ci --no-audit --no-fund --silent)
fi

"$(chromium_bin)" --version
echo "playground test prerequisites installed ($(node --version), $(cd "$pkg" && node -p "require('@microsoft/m365agentsplayground/package.json').version") playground)."
