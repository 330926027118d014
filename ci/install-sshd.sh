#!/usr/bin/env bash
# Installs what the SSH executor tests need: Debian's OpenSSH server (sshd + ssh-keygen + ssh client)
# and Debian's python3, which runs the device simulator (tests/device-sim/device-sim.py) as sshd's
# ForceCommand, and iproute2, whose `ip netns` puts devices behind jump hosts in the jump host tests. Idempotent: apt-get runs only when something is missing. Needs root (the tests also
# run as root: they create local users for sshd).
set -euo pipefail

if [[ "$(id -u)" != "0" ]]; then
  echo "ci/install-sshd.sh must run as root (it installs packages; the SSH tests create local users)." >&2
  exit 1
fi

need=()
[[ -x /usr/sbin/sshd ]] || need+=(openssh-server)
[[ -x /usr/bin/ssh ]] || need+=(openssh-client)
# The simulator must run under Debian's interpreter, not a pyenv shim on PATH.
[[ -x /usr/bin/python3 ]] || need+=(python3)
command -v chpasswd >/dev/null 2>&1 || need+=(passwd)
[[ -x /usr/sbin/ip ]] || need+=(iproute2)

if (( ${#need[@]} > 0 )); then
  export DEBIAN_FRONTEND=noninteractive
  # Only refresh the package lists when they are absent or apt cannot find a package.
  if ! apt-get install -y --no-install-recommends "${need[@]}" >/dev/null 2>&1; then
    apt-get update
    apt-get install -y --no-install-recommends "${need[@]}"
  fi
fi

# sshd refuses to start without its privilege-separation directory.
mkdir -p /run/sshd
chmod 0755 /run/sshd

# The distribution's sshd service is not needed (tests start their own on 127.0.0.1 with their own
# config); do not start or enable it here.
/usr/sbin/sshd -V 2>&1 | head -n 1 || true
/usr/bin/python3 --version
echo "sshd test prerequisites installed."
