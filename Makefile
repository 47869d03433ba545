# prodready — build and test entry points. README.md names `make test`.

.PHONY: build test fixtures vet example

build:
	go build -o bin/prodready ./cmd/prodready

fixtures:
	./scripts/fixtures.sh

test: fixtures
	go vet ./...
	go test ./...

example: build
	cd testdata/example && ../../bin/prodready routes ./...
