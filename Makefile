# prodready — build and test entry points. README.md names `make test`.

.PHONY: build test fixtures vet example e2e e2e-vscode

build:
	go build -o bin/prodready ./cmd/prodready

fixtures:
	./scripts/fixtures.sh

test: fixtures
	go vet ./...
	go test -timeout 30m ./...

example: build
	cd testdata/example && ../../bin/prodready routes ./...

# The editors' end-to-end tests (Neovim, Emacs eglot, Vim ALE), headless;
# they install the editors from Debian's packages when missing.
e2e: build
	./editors/test/e2e.sh

# The VS Code extension end to end in code-server and headless Chromium
# (installs Node 24 and code-server into ~/.cache/prodready-e2e on first use).
e2e-vscode:
	./editors/vscode/test/e2e.sh
