package patterns

//go:generate go run ./gen ../docs/patterns.md
