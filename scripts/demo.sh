#!/usr/bin/env bash
# The README's main-job command: install and build what is missing, then open Scope in a real
# VS Code (code-server on 127.0.0.1) on examples/ and print the URL. PORT=NNNN picks the port.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -d node_modules ] && [ node_modules -nt package-lock.json ] || npm ci --no-audit --no-fund
npm run build
bash scripts/setup-code-server.sh
exec npx tsx scripts/demo.ts
