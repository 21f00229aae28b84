// Package peers benchmarks the forest package's scoring against the Isolation
// Forest libraries on the Go module proxy, on the same data in the same run.
// It is a module of its own so that the main module does not depend on them:
//
//	cd forest/peers && go test -run '^$' -bench . -cpu 1
package peers
