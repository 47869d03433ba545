#!/usr/bin/env bash
# Neovim end-to-end test of the plugin (Debian's Neovim 0.7, headless): the
# plugin's own tests, then require("prodready").setup{} on a copy of the
# example API, the unscoped-query finding in completeTask fixed with
# "Apply pattern: … (authz/scope-query)" through vim.lsp.buf.code_action().
E2E_NAME=neovim
. "$(dirname "$0")/../../test/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

need_packages neovim
build_server
say "$(nvim --version | head -n1)"

nvim --headless --noplugin -i NONE -n -u "$HERE/plugin_test.lua" </dev/null ||
  fail "plugin tests (editors/neovim/test/plugin_test.lua)"

make_workspace
FILE=internal/api/tasks.go RULE=unscoped-query PATTERN=authz/scope-query
expect_fix "$FILE" "$RULE" 's.store.GetTaskForUser(r.Context(), id, user.ID)'

E2E_ON_FAIL='tail -n 40 "$XDG_CACHE_HOME/nvim/lsp.log" "$XDG_STATE_HOME/nvim/lsp.log" 2>/dev/null'
REPO=$REPO FILE=$WS/$FILE RULE=$RULE PATTERN=$PATTERN \
  timeout 300 nvim --headless --noplugin -i NONE -n -u "$HERE/e2e.lua" </dev/null ||
  fail "the editor session did not complete"
assert_fixed
pass "$RULE fixed with $PATTERN in Neovim"
