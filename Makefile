# Build, test and benchmark the anomaly plugin for Fluent Bit.
GO        ?= go
BUILD     := build
# One shared library serves both modes: Fluent Bit loads flb-filter_anomaly.so as a C
# filter plugin ([FILTER] and processors) and anomaly.so, a link to the same file, through
# its Go proxy as an output. Both names map one file, so one Go runtime.
FILTER    := $(BUILD)/flb-filter_anomaly.so
SO        := $(BUILD)/anomaly.so
BIN       := $(BUILD)/anomaly

# make run: a Fluent Bit 3.2+ binary and the configuration it runs.
FLUENT_BIT ?= $(firstword $(shell command -v fluent-bit 2>/dev/null) $(wildcard /opt/fluent-bit/bin/fluent-bit))
RUN_CONFIG ?= fluent-bit/fluent-bit.conf
# make run without Fluent Bit but with Docker: the official image, the repository mounted
# (the plugin is built on this machine: glibc, as the image's Debian is).
RUN_IMAGE ?= cr.fluentbit.io/fluent/fluent-bit:5.1.1

# make fuzz: how long each fuzz target runs (make test runs them briefly).
FUZZTIME ?= 30s

# make docker: the name of the image it builds.
IMAGE ?= fluent-bit-anomaly:dev

.PHONY: all build test abi-test bench fuzz run eval eval-samples docker clean

all: build

build: $(FILTER) $(SO) $(BIN)

$(FILTER): FORCE
	CGO_ENABLED=1 $(GO) build -buildmode=c-shared -o $(FILTER) ./plugin

$(SO): $(FILTER)
	ln -sf $(notdir $(FILTER)) $(SO)

$(BIN): FORCE
	CGO_ENABLED=1 $(GO) build -o $(BIN) ./plugin

# The ABI host test (plugin/abi_test.go) is part of it: it builds the .so and a C host.
# Both modules must be as go mod tidy leaves them (-diff prints what it would change).
# The detector, the engine, the Forward client and the instance registry (several
# instances, concurrent flushes, panics) also run under the race detector, and every fuzz target
# runs briefly beyond its committed corpus (which plain go test already replays).
test:
	$(GO) mod tidy -diff
	$(GO) vet ./...
	$(GO) test ./...
	$(GO) test -race -count=1 ./forest/... ./plugin/engine/... ./plugin/forward/...
	$(GO) test -race -count=1 -run 'Concurrent|Panic|Instances' ./plugin
	$(MAKE) --no-print-directory fuzz FUZZTIME=3s
	cd docker && $(GO) mod tidy -diff && $(GO) vet ./... && $(GO) test ./...

# Every Fuzz* target of every package, one after the other (go test -fuzz takes one).
# -fuzzminimizetime keeps shrinking a large input from looking like a hang. Before Go 1.27
# the fuzzing coordinator can fail a target with a bare "context deadline exceeded" as
# -fuzztime runs out (golang/go#75804): such a run, which wrote no failing input, is run
# once more; any other failure, or that one twice, fails.
fuzz:
	@mkdir -p $(BUILD); set -e; for pkg in $$($(GO) list ./...); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "fuzz $$pkg $$f ($(FUZZTIME))"; \
			for try in 1 2; do \
				if $(GO) test $$pkg -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s > $(BUILD)/fuzz.log 2>&1; then break; fi; \
				if [ $$try = 1 ] && grep -q 'context deadline exceeded' $(BUILD)/fuzz.log && ! grep -q 'Failing input written' $(BUILD)/fuzz.log; then \
					echo "fuzz $$pkg $$f: the fuzzing engine's deadline race, no failing input: once more"; continue; \
				fi; \
				cat $(BUILD)/fuzz.log; exit 1; \
			done; \
		done; \
	done

# Only the test that loads the .so the way Fluent Bit does.
abi-test:
	$(GO) test -count=1 -v -run 'TestABIHost' ./plugin

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Isolation Forest ROC-AUC beside scikit-learn's on the ODDS sets (needs Debian's
# python3-sklearn for the live reference; without it, the pinned reference numbers).
compare:
	$(GO) run ./forest/internal/compare

# Scoring speed beside the Go Isolation Forests on the module proxy, in one run.
bench-peers:
	cd forest/peers && $(GO) test -run '^$$' -bench . -cpu 1 -v

# What the plugin costs a real Fluent Bit, whole process: the same generated 400,000-line
# application log through tail -> file, a Lua filter, [FILTER] anomaly and the output loop,
# CPU seconds and peak RSS of each (fluent-bit/bench). Needs FLUENT_BIT or fluent-bit on
# PATH; it never builds or downloads one, and without one says how to point at one.
.PHONY: bench-fluentbit
bench-fluentbit: $(FILTER) $(SO)
	FLUENT_BIT="$(FLUENT_BIT)" $(GO) run ./fluent-bit/bench

# Score the sample logs on a real Fluent Bit and print the annotated records (Ctrl-C
# stops it). Another configuration: make run RUN_CONFIG=fluent-bit/batch-scan.conf
# Without Fluent Bit but with Docker it runs the configuration in the official image;
# with neither it says how to get one, then shows the same engine at work through the
# anomaly command.
run: $(FILTER) $(SO) $(BIN)
	@if [ -n "$(FLUENT_BIT)" ] && [ -x "$(FLUENT_BIT)" ]; then \
		echo "$(FLUENT_BIT) -c $(RUN_CONFIG)"; \
		exec "$(FLUENT_BIT)" -c $(RUN_CONFIG); \
	fi; \
	if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then \
		echo "no fluent-bit here: running $(RUN_CONFIG) in the official image, this directory mounted"; \
		echo "docker run --rm -v \"$$PWD:/src\" -w /src $(RUN_IMAGE) -c $(RUN_CONFIG)"; \
		exec docker run --rm -v "$$PWD:/src" -w /src $(RUN_IMAGE) -c $(RUN_CONFIG); \
	fi; \
	echo "make run needs Fluent Bit 3.2 or later (the filter; older ones: RUN_CONFIG=fluent-bit/output-loop.conf): no fluent-bit on PATH or in /opt/fluent-bit/bin."; \
	echo "Get one, then run make run again (or make run FLUENT_BIT=/path/to/fluent-bit):"; \
	echo "  - official packages for Debian, Ubuntu, RHEL, Amazon Linux, ...:"; \
	echo "      https://docs.fluentbit.io/manual/installation/downloads"; \
	echo "      curl https://raw.githubusercontent.com/fluent/fluent-bit/master/install.sh | sh"; \
	echo "  - the official image, with this directory and its build/flb-filter_anomaly.so mounted:"; \
	echo "      docker run --rm -v \"\$$PWD:/src\" -w /src cr.fluentbit.io/fluent/fluent-bit:5.1 -c $(RUN_CONFIG)"; \
	echo; \
	echo "Meanwhile, the same engine without Fluent Bit: the flagged records of fluent-bit/logs/app.log"; \
	echo "($(BIN) scan -mode stream -anomalies -format table fluent-bit/logs/app.log):"; \
	echo; \
	$(BIN) scan -mode stream -anomalies -format table fluent-bit/logs/app.log

# Evaluation on the public data sets in ../shared/data: template grouping accuracy,
# BGL, HDFS, the sample of the original proof of concept and incident scenarios, each
# beside the proof of concept's own model.
eval:
	$(GO) test -count=1 -run 'TestGroupingAccuracy$$' -v ./plugin/drain | grep -v '^=== RUN'
	$(GO) run ./plugin/eval

# The synthetic families written again from seeds 2 and 3 (same services, changes and
# incidents; other requests, values and timings), the holdout families by their summary
# line only: how much make eval's figures owe to one sample. The whole reports are left
# in build/eval-seed2.txt and build/eval-seed3.txt.
eval-samples:
	@mkdir -p build
	@for seed in 2 3; do \
		$(GO) run ./plugin/eval -only families -holdout-summary -seed $$seed > build/eval-seed$$seed.txt || exit 1; \
		grep -e '^\*\*Summary' -e '^## Families' build/eval-seed$$seed.txt; \
	done

# Fluent Bit with the plugin, on the official image (docker/Dockerfile); the compose
# demos and the Kubernetes manifests run it. docker/ is its own Go module, whose tests
# (part of make test) check the Dockerfile, the manifests and the demos' files.
docker:
	docker build -f docker/Dockerfile -t $(IMAGE) .

clean:
	rm -rf $(BUILD)

FORCE:
