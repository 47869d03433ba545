package lsp

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/prodready/prodready/rewrite"
)

// TestErrorQuickFixes applies, through code actions, the quick fix of each
// error-handling finding of the example: each is offered as the preferred
// action with its pattern, and once applied to the buffers its finding is
// gone and the buffers type-check.
func TestErrorQuickFixes(t *testing.T) {
	for _, tc := range []struct{ rule, pattern string }{
		{"ignored-error", "errors/check-and-respond"},
		{"missing-return", "errors/add-return"},
		{"error-detail", "errors/generic-message"},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			dir := copyExample(t)
			c := startClient(t, dir, clientOptions{caps: lazyCaps()})
			c.open(projects)
			d := findRule(c.waitDiags(projects, hasRule(tc.rule)), tc.rule)
			actions := c.codeActions(projects, *d, protocol.QuickFix)
			if len(actions) != 1 {
				t.Fatalf("%d quick fixes, want 1", len(actions))
			}
			a := actions[0]
			if !a.IsPreferred || !strings.HasSuffix(a.Title, "("+tc.pattern+")") {
				t.Errorf("action %q (preferred %v), want the preferred %s", a.Title, a.IsPreferred, tc.pattern)
			}
			if a.Edit == nil {
				var resolved codeAction
				c.mustCall(methodCodeActionResolve, &a, &resolved)
				a = resolved
			}
			c.applyEdit(a.Edit)
			c.waitDiags(projects, lacksRule(tc.rule))
			if err := rewrite.TypeCheckPackages(dir, c.overlay(), "./..."); err != nil {
				t.Errorf("buffers do not type-check after the fix: %v\n%s", err, c.buffer(projects))
			}
		})
	}
}

// TestConcernQuickFixes applies, through code actions, the quick fix of the
// example's finding of each concern whose fixes the analyzers plan on
// demand in the editor or that edit other places than the finding: each is
// offered with its pattern and, applied to the buffers, clears its finding
// and leaves them type-checking.
func TestConcernQuickFixes(t *testing.T) {
	for _, tc := range []struct{ file, rule, pattern string }{
		{"internal/api/tasks.go", "unbounded-body", "validation/limit-body"},
		{"internal/api/tasks.go", "unscoped-query", "authz/scope-query"},
		{"internal/store/tasks.go", "sql-concat", "sql/allow-list"},
		{"cmd/server/main.go", "server-timeouts", "server/timeouts"},
		{"internal/api/server.go", "no-rate-limit", "ratelimit/token-bucket"},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			dir := copyExample(t)
			c := startClient(t, dir, clientOptions{caps: lazyCaps()})
			c.open(tc.file)
			d := findRule(c.waitDiags(tc.file, hasRule(tc.rule)), tc.rule)
			var a *codeAction
			for _, x := range c.codeActions(tc.file, *d, protocol.QuickFix) {
				if strings.HasSuffix(x.Title, "("+tc.pattern+")") {
					a = &x
					break
				}
			}
			if a == nil {
				t.Fatalf("no quick fix applies %s", tc.pattern)
			}
			if a.Edit == nil {
				var resolved codeAction
				c.mustCall(methodCodeActionResolve, a, &resolved)
				a = &resolved
			}
			c.applyEdit(a.Edit)
			c.waitDiags(tc.file, lacksRule(tc.rule))
			if err := rewrite.TypeCheckPackages(dir, c.overlay(), "./..."); err != nil {
				t.Errorf("buffers do not type-check after the fix: %v\n%s", err, c.buffer(tc.file))
			}
		})
	}
}
