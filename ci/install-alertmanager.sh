#!/usr/bin/env bash
# Installs what the Alertmanager peer test needs: Debian's prometheus-alertmanager (the real Alertmanager binary and
# amtool). The tests start their own Alertmanager on 127.0.0.1 with dynamic ports and their own config; the
# distribution's service is stopped and disabled here so it holds no port. Idempotent: apt-get runs only when the
# binary is missing. Needs root.
set -euo pipefail

if [[ "$(id -u)" != "0" ]]; then
  echo "ci/install-alertmanager.sh must run as root (it installs a package)." >&2
  exit 1
fi

if [[ ! -x /usr/bin/prometheus-alertmanager ]]; then
  export DEBIAN_FRONTEND=noninteractive
  # Keep the package's service from starting during the install (no systemd here, or one we must not touch).
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 0755 /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  if ! apt-get install -y --no-install-recommends prometheus-alertmanager >/dev/null 2>&1; then
    apt-get update
    apt-get install -y --no-install-recommends prometheus-alertmanager
  fi
fi

/usr/bin/prometheus-alertmanager --version 2>&1 | head -n 1
echo "Alertmanager test prerequisites installed."
