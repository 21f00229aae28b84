module github.com/fluent-anomaly/fluent-bit-anomaly/forest/peers

go 1.23.0

require (
	github.com/codegaudi/go-iforest v0.0.1
	github.com/e-XpertSolutions/go-iforest/v2 v2.0.0
	github.com/fluent-anomaly/fluent-bit-anomaly v0.0.0
	github.com/narumiruna/go-iforest v0.2.2
)

require (
	github.com/ugorji/go/codec v1.3.1 // indirect
	gonum.org/v1/gonum v0.16.0 // indirect
)

replace github.com/fluent-anomaly/fluent-bit-anomaly => ../..
