# Build, test and benchmark the anomaly output plugin for Fluent Bit.
GO        ?= go
BUILD     := build
SO        := $(BUILD)/anomaly.so
BIN       := $(BUILD)/anomaly

# make run: a Fluent Bit 4.x/5.x binary and the configuration it runs.
FLUENT_BIT ?= $(firstword $(shell command -v fluent-bit 2>/dev/null) $(wildcard /opt/fluent-bit/bin/fluent-bit))
RUN_CONFIG ?= fluent-bit/fluent-bit.conf

.PHONY: all build test abi-test bench run check-fluent-bit clean

all: build

build: $(SO) $(BIN)

$(SO): FORCE
	CGO_ENABLED=1 $(GO) build -buildmode=c-shared -o $(SO) ./plugin

$(BIN): FORCE
	CGO_ENABLED=1 $(GO) build -o $(BIN) ./plugin

# The ABI host test (plugin/abi_test.go) is part of it: it builds the .so and a C host.
test:
	$(GO) vet ./...
	$(GO) test ./...

# Only the test that loads the .so the way Fluent Bit does.
abi-test:
	$(GO) test -count=1 -v -run 'TestABIHost' ./plugin

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Score the sample logs on a real Fluent Bit and print the annotated records (Ctrl-C
# stops it). Another configuration: make run RUN_CONFIG=fluent-bit/batch-scan.conf
run: check-fluent-bit $(SO)
	"$(FLUENT_BIT)" -c $(RUN_CONFIG)

check-fluent-bit:
	@if [ -z "$(FLUENT_BIT)" ] || [ ! -x "$(FLUENT_BIT)" ]; then \
		echo "make run needs Fluent Bit 4.x or 5.x: no fluent-bit on PATH or in /opt/fluent-bit/bin."; \
		echo "Get one, then run make run again (or make run FLUENT_BIT=/path/to/fluent-bit):"; \
		echo "  - official packages for Debian, Ubuntu, RHEL, Amazon Linux, ...:"; \
		echo "      https://docs.fluentbit.io/manual/installation/downloads"; \
		echo "      curl https://raw.githubusercontent.com/fluent/fluent-bit/master/install.sh | sh"; \
		echo "  - the official image, with this directory and its build/anomaly.so mounted:"; \
		echo "      docker run --rm -v \"\$$PWD:/src\" -w /src cr.fluentbit.io/fluent/fluent-bit:5.1 -c $(RUN_CONFIG)"; \
		exit 1; \
	fi

clean:
	rm -rf $(BUILD)

FORCE:
