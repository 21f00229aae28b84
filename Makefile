# Build, test and benchmark the anomaly output plugin for Fluent Bit.
GO        ?= go
BUILD     := build
SO        := $(BUILD)/anomaly.so
BIN       := $(BUILD)/anomaly

.PHONY: all build test bench clean

all: build

build: $(SO) $(BIN)

$(SO): FORCE
	CGO_ENABLED=1 $(GO) build -buildmode=c-shared -o $(SO) ./plugin

$(BIN): FORCE
	CGO_ENABLED=1 $(GO) build -o $(BIN) ./plugin

test:
	$(GO) vet ./...
	$(GO) test ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf $(BUILD)

FORCE:
