#!/usr/bin/env bash
# Emacs end-to-end test (Debian's Emacs 28, eglot 1.9, go-mode, batch): the
# eglot snippet of editors/README.md on a copy of the example API, the
# sensitive-field finding in listMembers fixed with
# "Apply pattern: … (dto/response-struct)" through M-x eglot-code-actions.
E2E_NAME=emacs
. "$(dirname "$0")/../../test/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

need_packages emacs-nox elpa-eglot elpa-go-mode
build_server
say "$(emacs --version | head -n1), eglot $(dpkg-query -W -f='${Version}' elpa-eglot)"

SETUP=$TMP/setup.el
readme_snippet elisp "$SETUP"

make_workspace
FILE=internal/api/projects.go RULE=sensitive-field PATTERN=dto/response-struct
expect_fix "$FILE" "$RULE" 'httputil.WriteJSON(w, http.StatusOK, toUserResponses(members))'

SETUP=$SETUP FILE=$WS/$FILE RULE=$RULE PATTERN=$PATTERN \
  timeout 300 emacs --batch -l "$HERE/e2e.el" </dev/null ||
  fail "the editor session did not complete"
assert_fixed
pass "$RULE fixed with $PATTERN in Emacs eglot"
