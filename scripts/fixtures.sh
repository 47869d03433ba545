#!/usr/bin/env bash
# Downloads the dependencies of every fixture module under testdata/ into the
# module cache: analysistest loads fixture modules with GOPROXY=off.
set -euo pipefail
cd "$(dirname "$0")/.."
find . -name go.mod -path '*/testdata/*' -not -path './.git/*' | sort | while read -r mod; do
  dir=$(dirname "$mod")
  if grep -q '^require' "$mod"; then
    (cd "$dir" && go mod download)
  fi
done
