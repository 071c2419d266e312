.PHONY: run test test-postgres lint bench build

run:
	go run ./cmd/tiepdan serve --demo

test:
	go test -race -count=1 ./...

# The same tests, run a second time against PostgreSQL (see README).
TIEPDAN_TEST_POSTGRES ?= postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable
test-postgres:
	TIEPDAN_TEST_POSTGRES='$(TIEPDAN_TEST_POSTGRES)' go test -race -count=1 ./...

lint:
	gofmt -l . | (! grep .)
	go vet ./...
	command -v golangci-lint >/dev/null && golangci-lint run ./... || echo "golangci-lint not installed: skipped"

bench:
	go test -run '^$$' -bench . -benchmem ./...

build:
	CGO_ENABLED=1 go build -o bin/tiepdan ./cmd/tiepdan
