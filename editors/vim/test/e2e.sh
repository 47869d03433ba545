#!/usr/bin/env bash
# Vim end-to-end test (Debian's Vim 9.0 with ALE 3.3, headless): the ALE
# snippet of editors/README.md on a copy of the example API, the missing-auth
# finding on lookupUser fixed with "Apply pattern: … (auth/require-user)"
# through :ALECodeAction.
E2E_NAME=vim
. "$(dirname "$0")/../../test/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

need_packages vim vim-ale
build_server
say "$(vim --version | head -n1), ALE $(dpkg-query -W -f='${Version}' vim-ale)"

SETUP=$TMP/setup.vim
readme_snippet vim "$SETUP"

make_workspace
FILE=internal/api/accounts.go RULE=missing-auth PATTERN=auth/require-user
# The guard answers 401: one http.StatusUnauthorized more in the file.
expect_fix "$FILE" "$RULE" 'http.StatusUnauthorized'

LOG=$TMP/vim.log
E2E_ON_FAIL='cat "$LOG"'
rc=0
SETUP=$SETUP FILE=$WS/$FILE RULE=$RULE PATTERN=$PATTERN LOG=$LOG \
  timeout 300 vim -N -u NONE -i NONE -n -es -S "$HERE/e2e.vim" </dev/null || rc=$?
[ $rc -eq 0 ] || fail "the editor session did not complete (exit $rc)"
cat "$LOG"
assert_fixed
pass "$RULE fixed with $PATTERN in Vim with ALE"
