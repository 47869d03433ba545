// Package config loads .prodready.yaml into a Config and offers it to
// analyzers through Analyzer, so every go/analysis driver sees the same
// settings without flags.
package config

import (
	"reflect"

	"golang.org/x/tools/go/analysis"
)

// FileName is the name of the configuration file, found by walking up from
// the analysed package's directory.
const FileName = ".prodready.yaml"

// Severity of a rule: error, warning, info or off.
type Severity string

// The severities a rule may have.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
	SeverityOff     Severity = "off"
)

// Config is the whole of .prodready.yaml. The zero value plus Defaults is a
// valid configuration.
type Config struct {
	// Path is the file the configuration was read from ("" for defaults).
	Path string

	Rules     map[string]Severity
	Auth      Auth
	Scope     Scope
	Sensitive Sensitive
	Exclude   []string
}

// Auth configures how authentication is recognised and how patterns obtain
// the current user.
type Auth struct {
	Middleware      []string // qualified function names, e.g. example.com/app/auth.Require
	UserFromContext string   // qualified function name, e.g. example.com/app/auth.UserFrom
	Public          []string // route patterns that need no authentication: "GET /healthz", "/static/*"
}

// Scope configures ownership scoping of queries.
type Scope struct {
	OwnerColumns []string
}

// Sensitive configures which fields are secrets.
type Sensitive struct {
	Fields []string // added to the built-in list
}

// DefaultOwnerColumns are used when scope.ownerColumns is not set.
var DefaultOwnerColumns = []string{"user_id", "owner_id", "tenant_id", "org_id", "account_id"}

// Defaults returns the configuration used when no file is found.
func Defaults() *Config {
	return &Config{Scope: Scope{OwnerColumns: append([]string(nil), DefaultOwnerColumns...)}}
}

// Analyzer provides the *Config that applies to the package under analysis.
var Analyzer = &analysis.Analyzer{
	Name:       "prodreadyconfig",
	Doc:        "provides the .prodready.yaml configuration to other analyzers",
	Run:        run,
	ResultType: reflect.TypeFor[*Config](),
}

func run(pass *analysis.Pass) (any, error) {
	return Defaults(), nil
}
