package config

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	const f = ".prodready.yaml"
	tests := []struct {
		name string
		yaml string
		want []string // every error, in order
	}{
		{"unknown top-level key", "rulez:\n  missing-auth: off\n",
			[]string{f + `:1:1: rulez: unknown key "rulez" (known at the top level: rules, auth, scope, sensitive, limits, exclude)`}},
		{"unknown nested key", "auth:\n  middlewares: [a.B]\n",
			[]string{f + `:2:3: auth.middlewares: unknown key "middlewares" (known under auth: middleware, userFromContext, public)`}},
		{"unknown scope key", "scope:\n  owner: [x]\n",
			[]string{f + `:2:3: scope.owner: unknown key "owner" (known under scope: ownerColumns)`}},
		{"unknown sensitive key", "sensitive:\n  field: [x]\n",
			[]string{f + `:2:3: sensitive.field: unknown key "field" (known under sensitive: fields)`}},
		{"unknown limits key", "limits:\n  maxBody: 1024\n",
			[]string{f + `:2:3: limits.maxBody: unknown key "maxBody" (known under limits: maxBodyBytes)`}},
		{"size as a string", "limits:\n  maxBodyBytes: 1MiB\n",
			[]string{f + `:2:17: limits.maxBodyBytes: want a number of bytes such as 1048576, got a string`}},
		{"negative size", "limits:\n  maxBodyBytes: -1\n",
			[]string{f + `:2:17: limits.maxBodyBytes: want a number of bytes between 1 and 1099511627776, got -1`}},
		{"zero size", "limits:\n  maxBodyBytes: 0\n",
			[]string{f + `:2:17: limits.maxBodyBytes: want a number of bytes between 1 and 1099511627776, got 0`}},
		{"fractional size", "limits:\n  maxBodyBytes: 1.5\n",
			[]string{f + `:2:17: limits.maxBodyBytes: want a number of bytes such as 1048576, got a number`}},
		{"string where list expected", "auth:\n  public: GET /healthz\n",
			[]string{f + `:2:11: auth.public: want a list of strings, got a string (write [GET /healthz] for a list of one)`}},
		{"mapping where list expected", "exclude:\n  a: b\n",
			[]string{f + `:2:3: exclude: want a list of strings, got a mapping`}},
		{"number in list", "scope:\n  ownerColumns: [user_id, 7]\n",
			[]string{f + `:2:27: scope.ownerColumns[1]: want a string, got a number`}},
		{"list in list", "sensitive:\n  fields:\n    - [a]\n",
			[]string{f + `:3:7: sensitive.fields[0]: want a string, got a list`}},
		{"null in list", "sensitive:\n  fields: [a, ~]\n",
			[]string{f + `:2:15: sensitive.fields[1]: want a string, got nothing`}},
		{"empty string in list", "sensitive:\n  fields: [\"\"]\n",
			[]string{f + `:2:12: sensitive.fields[0]: empty string`}},
		{"list where string expected", "auth:\n  userFromContext: [a.B]\n",
			[]string{f + `:2:20: auth.userFromContext: want a string, got a list`}},
		{"boolean where string expected", "auth:\n  userFromContext: true\n",
			[]string{f + `:2:20: auth.userFromContext: want a string, got a boolean`}},
		{"list where mapping expected", "auth: [a]\n",
			[]string{f + `:1:7: auth: want a mapping with keys middleware, userFromContext, public, got a list`}},
		{"string where rules mapping expected", "rules: off\n",
			[]string{f + `:1:8: rules: want a mapping of rule IDs to severities, got a string`}},
		{"unknown rule", "rules:\n  missing-authz: off\n",
			[]string{f + `:2:3: rules.missing-authz: unknown rule "missing-authz" (known: ` + strings.Join(ruleIDs(), ", ") + `)`}},
		{"unknown severity", "rules:\n  no-context: warn\n",
			[]string{f + `:2:15: rules.no-context: unknown severity "warn" (want error, warning, info or off)`}},
		{"severity of wrong type", "rules:\n  no-context: [off]\n",
			[]string{f + `:2:15: rules.no-context: want a string, got a list`}},
		{"boolean severity", "rules:\n  no-context: false\n",
			[]string{f + `:2:15: rules.no-context: want a string, got a boolean`}},
		{"duplicate key", "rules:\n  no-context: off\n  no-context: info\n",
			[]string{f + `:3:3: rules.no-context: duplicate key (first at line 2)`}},
		{"duplicate top-level key", "exclude: [a]\nexclude: [b]\n",
			[]string{f + `:2:1: exclude: duplicate key (first at line 1)`}},
		{"non-scalar key", "? [a]\n: b\n",
			[]string{f + `:1:3: want a key, got a list`}},
		{"top level is a list", "- rules\n",
			[]string{f + `:1:1: want a mapping of keys (rules, auth, ...) at the top level, got a list`}},
		{"top level is a string", "rules\n",
			[]string{f + `:1:1: want a mapping of keys (rules, auth, ...) at the top level, got a string`}},
		{"two documents", "rules: {}\n---\nexclude: [a]\n",
			[]string{f + `:2:1: more than one YAML document; the configuration is one mapping`}},
		{"empty owner columns", "scope:\n  ownerColumns: []\n",
			[]string{f + `:2:17: scope.ownerColumns: empty list; leave the key out to use the default columns (user_id, owner_id, tenant_id, org_id, account_id)`}},
		{"unqualified middleware", "auth:\n  middleware: [Require, auth.Require, example.com/app/auth.(*Guard).Check]\n",
			[]string{f + `:2:16: auth.middleware[0]: "Require" is not a qualified function name like example.com/app/auth.Require`}},
		{"unqualified userFromContext", "auth:\n  userFromContext: \"example.com/app/auth.\"\n",
			[]string{f + `:2:20: auth.userFromContext: "example.com/app/auth." is not a qualified function name like example.com/app/auth.Require`}},
		{"public without slash", "auth:\n  public: [healthz]\n",
			[]string{f + `:2:12: auth.public[0]: "healthz": want "[METHOD ]/path", with a path that starts with "/"`}},
		{"public unknown method", "auth:\n  public: [\"FETCH /x\"]\n",
			[]string{f + `:2:12: auth.public[0]: "FETCH /x": unknown method "FETCH" (want one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, CONNECT, TRACE, or no method for all)`}},
		{"public star inside", "auth:\n  public: [\"/static/*/x\"]\n",
			[]string{f + `:2:12: auth.public[0]: "/static/*/x": "*" is allowed only at the end of the path, where it matches any rest`}},
		{"public space in path", "auth:\n  public: [\"GET /a b\"]\n",
			[]string{f + `:2:12: auth.public[0]: "GET /a b": space inside the path`}},
		{"bad glob", "exclude: [\"internal/[a\"]\n",
			[]string{f + `:1:11: exclude[0]: "internal/[a": malformed pattern (unclosed [ or trailing \)`}},
		{"glob with spaces", "exclude: [\" a\"]\n",
			[]string{f + `:1:11: exclude[0]: " a": leading or trailing space`}},
		{"several errors in file order", "rules:\n  nope: off\n  no-context: loud\nauth:\n  public: /x\nextra: 1\n",
			[]string{
				f + `:2:3: rules.nope: unknown rule "nope" (known: ` + strings.Join(ruleIDs(), ", ") + `)`,
				f + `:3:15: rules.no-context: unknown severity "loud" (want error, warning, info or off)`,
				f + `:5:11: auth.public: want a list of strings, got a string (write [/x] for a list of one)`,
				f + `:6:1: extra: unknown key "extra" (known at the top level: rules, auth, scope, sensitive, limits, exclude)`,
			}},
		// Malformed YAML. yaml.v3 gives lines only; see syntaxError.
		{"unclosed flow list", "rules: {}\nexclude: [a\n\nauth: {}\n",
			[]string{f + `:2: invalid YAML: did not find expected ',' or ']'`}},
		{"unclosed flow list on line 1", "exclude: [a\n",
			[]string{f + `:1: invalid YAML: did not find expected ',' or ']'`}},
		{"mapping value in scalar", "rules: {}\nauth: middleware: x\n",
			[]string{f + `:2: invalid YAML: mapping values are not allowed in this context`}},
		{"mapping value on line 1", "auth: middleware: x\n",
			[]string{f + `:1: invalid YAML: mapping values are not allowed in this context`}},
		{"tab indentation", "auth:\n\tpublic: [/x]\n",
			[]string{f + `:2: invalid YAML: found character that cannot start any token`}},
		{"bad block sequence", "exclude:\n  - a\n  b: 1\n",
			[]string{f + `:2: invalid YAML: did not find expected '-' indicator`}},
		{"unterminated quote", "exclude: ['a]\n",
			[]string{f + `:1: invalid YAML: found unexpected end of stream`}},
		{"unclosed flow mapping at the end", "rules: {}\nauth: {public: [/x]\n",
			[]string{f + `:2: invalid YAML: did not find expected ',' or '}'`}},
		{"undefined tag handle", "exclude: [!x!y a]\n",
			[]string{f + `:1: invalid YAML: found undefined tag handle`}},
		{"incompatible version", "%YAML 2.0\n---\nexclude: [a]\n",
			[]string{f + `:1: invalid YAML: found incompatible YAML document`}},
		{"unknown escape", "exclude: [\"\\q\"]\n",
			[]string{f + `:1: invalid YAML: found unknown escape character`}},
		{"unknown anchor", "exclude: [a]\nscope:\n  ownerColumns: *cols\n",
			[]string{f + `:3:17: invalid YAML: unknown anchor 'cols' referenced`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parse(f, []byte(tt.yaml))
			if err == nil {
				t.Fatalf("no error, config %+v", cfg)
			}
			if cfg != nil {
				t.Errorf("config %+v returned with an error", cfg)
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %T is not an ErrorList: %v", err, err)
			}
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func ruleIDs() []string {
	return []string{"missing-auth", "unscoped-query", "sensitive-field", "ignored-error", "missing-return",
		"error-detail", "unbounded-body", "sql-concat", "no-rate-limit", "server-timeouts",
		"no-request-log", "no-context", "invalid-suppression"}
}

func TestErrorListMessage(t *testing.T) {
	e := func(line int) *Error { return &Error{File: "f", Line: line, Column: 2, Key: "k", Msg: "bad"} }
	for _, tt := range []struct {
		list ErrorList
		want string
	}{
		{ErrorList{e(1)}, "f:1:2: k: bad"},
		{ErrorList{e(1), e(2)}, "f:1:2: k: bad (and 1 more error)"},
		{ErrorList{e(1), e(2), e(3)}, "f:1:2: k: bad (and 2 more errors)"},
		{ErrorList{{File: "f", Msg: "bad"}}, "f: bad"},
		{ErrorList{{File: "f", Line: 4, Msg: "bad"}}, "f:4: bad"},
	} {
		if got := tt.list.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}
