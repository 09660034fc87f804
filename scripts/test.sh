#!/usr/bin/env bash
# Runs every test tier on a fresh machine of this kind (Debian, Node 20, npm 11, root, npm registry
# and Debian's packages only). Installs what is missing first, so it is also CI's script.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: Chromium for the webview and end-to-end tiers; libkrb5-dev and pkg-config to build
# code-server's native modules (see scripts/setup-code-server.sh).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

[ -d node_modules ] && [ node_modules -nt package-lock.json ] || npm ci --no-audit --no-fund

# A real VS Code (code-server on its own Node 24) for the end-to-end tier.
bash scripts/setup-code-server.sh

npm test
