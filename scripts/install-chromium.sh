#!/usr/bin/env bash
# Installs Debian's Chromium: the headless browser the gateway's graph-page test drives with
# playwright-core. Pyros itself never needs it. Needs root (or sudo) and Debian's package repositories.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; then
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
fi
/usr/bin/chromium --version >/dev/null
