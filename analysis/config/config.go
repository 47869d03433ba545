// Package config loads .prodready.yaml into a Config and offers it to
// analyzers through Analyzer, so every go/analysis driver sees the same
// settings without flags. Load, Find and ForDir read files; errors in a file
// are an ErrorList whose entries name the file, line, column and key.
package config

import (
	"github.com/prodready/prodready/analysis/rules"
)

// FileName is the name of the configuration file, found by walking up from
// the analysed package's directory.
const FileName = ".prodready.yaml"

// Severity of a rule: error, warning, info or off. It is defined in package
// rules, whose registry holds each rule's default.
type Severity = rules.Severity

// The severities a rule may have.
const (
	SeverityError   Severity = rules.SeverityError
	SeverityWarning Severity = rules.SeverityWarning
	SeverityInfo    Severity = rules.SeverityInfo
	SeverityOff     Severity = rules.SeverityOff
)

// Config is the whole of .prodready.yaml. The zero value plus Defaults is a
// valid configuration. A *Config returned by this package may be shared
// between analyses: treat it as read-only.
type Config struct {
	// Path is the file the configuration was read from ("" for defaults).
	Path string

	Rules     map[string]Severity
	Auth      Auth
	Scope     Scope
	Sensitive Sensitive
	Limits    Limits
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

// Limits configures the size limits patterns write.
type Limits struct {
	// MaxBodyBytes is the request body limit validation/limit-body
	// writes when the project has no constant for it; 0 means the
	// pattern's default (1 MiB).
	MaxBodyBytes int64
}

// DefaultOwnerColumns are used when scope.ownerColumns is not set.
var DefaultOwnerColumns = []string{"user_id", "owner_id", "tenant_id", "org_id", "account_id"}

// Defaults returns the configuration used when no file is found.
func Defaults() *Config {
	c := &Config{}
	c.fillDefaults()
	return c
}

// fillDefaults sets what the file left out.
func (c *Config) fillDefaults() {
	if c.Scope.OwnerColumns == nil {
		c.Scope.OwnerColumns = append([]string(nil), DefaultOwnerColumns...)
	}
}

// Severity returns the severity of the rule with the given ID: the one
// configured under rules:, else the rule's default from the registry, else
// (for an ID the registry does not know) SeverityOff. c may be nil.
func (c *Config) Severity(rule string) Severity {
	if c != nil {
		if s, ok := c.Rules[rule]; ok {
			return s
		}
	}
	if r, ok := rules.Lookup(rule); ok {
		return r.Severity
	}
	return SeverityOff
}

// Enabled reports whether the rule's severity is not off.
func (c *Config) Enabled(rule string) bool {
	return c.Severity(rule) != SeverityOff
}
