// Command anomaly is the plugin and its command line, one package built twice.
//
// Built c-shared (make build), it is the library Fluent Bit loads: as
// flb-filter_anomaly.so a dynamic C filter plugin, a [FILTER] or a YAML processor, that
// annotates each record in place; as anomaly.so, through Fluent Bit's Go proxy, an
// [OUTPUT] that annotates records and sends them on over the Forward protocol. The cgo
// exports are in fluentbit.go (with filter.c), the plain-Go glue they call in
// registry.go, and the engine behind both in plugin/engine.
//
// Built as a program (build/anomaly), it runs the same engine over log files: anomaly
// scan, anomaly train and anomaly keys (main.go).
package main
