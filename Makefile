.PHONY: run test lint bench build

run:
	go run ./cmd/tiepdan serve --demo

test:
	go test -race -count=1 ./...

lint:
	gofmt -l . | (! grep .)
	go vet ./...
	command -v golangci-lint >/dev/null && golangci-lint run ./... || echo "golangci-lint not installed: skipped"

bench:
	go test -run '^$$' -bench . -benchmem ./...

build:
	CGO_ENABLED=1 go build -o bin/tiepdan ./cmd/tiepdan
