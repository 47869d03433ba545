# Shared steps of the editors' end-to-end tests, sourced by
# editors/<editor>/test/e2e.sh. Each test runs a real editor headless against
# `prodready serve` on a copy of testdata/example, applies a quick fix the way
# a user does, and then checks the file on disk here: it holds the pattern's
# code, is gofmt-clean, the module builds, and `prodready check` reports one
# finding fewer.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PATH="$REPO/bin:$PATH:/usr/local/go/bin"
BIN=$REPO/bin/prodready
E2E_NAME=${E2E_NAME:-e2e}
E2E_START=$(date +%s)

say() { echo "[$E2E_NAME] $*"; }
pass() { echo "PASS $E2E_NAME: $* ($(($(date +%s) - E2E_START))s)"; }
fail() {
  echo "FAIL $E2E_NAME: $*"
  if [ -n "${E2E_ON_FAIL:-}" ]; then eval "$E2E_ON_FAIL" || true; fi
  exit 1
}

# The editors' state goes to a scratch directory, removed on exit; Go's build
# cache stays where it was (it follows XDG_CACHE_HOME otherwise).
GOCACHE=$(go env GOCACHE)
export GOCACHE
TMP=$(mktemp -d "${TMPDIR:-/tmp}/prodready-e2e-$E2E_NAME.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export XDG_CONFIG_HOME=$TMP/xdg/config XDG_DATA_HOME=$TMP/xdg/data \
  XDG_CACHE_HOME=$TMP/xdg/cache XDG_STATE_HOME=$TMP/xdg/state
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"

# need_packages PKG...: installs the Debian packages that are missing
# (as root; otherwise says what to install).
need_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || fail "missing packages, install them with: apt-get install ${missing[*]}"
  say "installing ${missing[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    fail "apt-get install ${missing[*]}"
}

# build_server builds bin/prodready, where `make build` puts it.
build_server() {
  (cd "$REPO" && go build -o "$BIN" ./cmd/prodready) || fail "go build ./cmd/prodready"
}

# readme_snippet LANG FILE: writes to FILE the setup users copy from
# editors/README.md: the LANG code block on the lines right after
# "<!-- tested by editors/$E2E_NAME/test/e2e.sh -->".
readme_snippet() {
  awk -v marker="<!-- tested by editors/$E2E_NAME/test/e2e.sh -->" -v fence="\`\`\`$1" '
    $0 == marker { getline; if ($0 == fence) inside = 1; next }
    inside && /^```/ { exit }
    inside { print }' "$REPO/editors/README.md" >"$2"
  [ -s "$2" ] || fail "no $1 block right after the line <!-- tested by editors/$E2E_NAME/test/e2e.sh --> in editors/README.md"
}

# make_workspace copies testdata/example to $WS as a git repository (editors
# take the project root from it, as in a real checkout).
make_workspace() {
  WS=$TMP/ws
  cp -R "$REPO/testdata/example" "$WS"
  git -C "$WS" init -q
}

# count_findings RULE FILE: how many RULE findings `prodready check` reports in FILE.
count_findings() {
  local out rc=0
  out=$(cd "$WS" && "$BIN" check -rules "$1" ./... 2>&1) || rc=$?
  [ $rc -le 1 ] || fail "prodready check: $out"
  printf '%s\n' "$out" | grep -c "^$2:[0-9]*:[0-9]*: .*\[$1\]\$" || true
}

# expect_fix FILE RULE MARKER: notes what the quick fix must change in FILE:
# one RULE finding fewer, one more occurrence of MARKER (code of the pattern).
expect_fix() {
  FIX_FILE=$1 FIX_RULE=$2 FIX_MARKER=$3
  FIX_FINDINGS=$(count_findings "$FIX_RULE" "$FIX_FILE")
  [ "$FIX_FINDINGS" -ge 1 ] || fail "the example has no $FIX_RULE finding in $FIX_FILE to fix"
  FIX_MARKERS=$(grep -cF -- "$FIX_MARKER" "$WS/$FIX_FILE" || true)
}

# assert_fixed: the quick fix that expect_fix described reached the disk.
assert_fixed() {
  local markers findings
  markers=$(grep -cF -- "$FIX_MARKER" "$WS/$FIX_FILE" || true)
  [ "$markers" -gt "$FIX_MARKERS" ] ||
    { cat "$WS/$FIX_FILE"; fail "$FIX_FILE lacks the pattern's code: $FIX_MARKER"; }
  [ -z "$(gofmt -l "$WS/$FIX_FILE")" ] || fail "$FIX_FILE is not gofmt-clean after the fix"
  (cd "$WS" && go build ./...) || fail "the example no longer builds after the fix"
  findings=$(count_findings "$FIX_RULE" "$FIX_FILE")
  [ "$findings" -lt "$FIX_FINDINGS" ] ||
    fail "prodready check still reports $findings $FIX_RULE finding(s) in $FIX_FILE (was $FIX_FINDINGS)"
  say "on disk: $FIX_FILE has the pattern's code, is gofmt-clean, builds; $FIX_RULE findings $FIX_FINDINGS -> $findings"
}
