#!/usr/bin/env bash
# Runs the editors' end-to-end tests (make e2e): each opens a handler of the
# example API in a real editor, applies a prodready quick fix, saves, and
# checks the file on disk. All run even when one fails; the exit status is
# non-zero when any did. Pass names (neovim, emacs, vim) to run some only.
set -uo pipefail
cd "$(dirname "$0")/.."
editors=("$@")
[ ${#editors[@]} -gt 0 ] || editors=(neovim emacs vim)
passed=0 failed=0
failures=()
for e in "${editors[@]}"; do
  echo "=== e2e $e"
  if "./$e/test/e2e.sh"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$e")
  fi
done
if [ $failed -eq 0 ]; then
  echo "e2e: all $passed editors passed"
else
  echo "e2e: $failed of $((passed + failed)) editors failed: ${failures[*]}"
  exit 1
fi
