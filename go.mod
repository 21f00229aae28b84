module github.com/fluent-anomaly/fluent-bit-anomaly

go 1.23.0

require (
	github.com/fluent/fluent-bit-go v0.0.0-20230731091245-a7a013e2473c // indirect
	github.com/ugorji/go/codec v1.3.1 // indirect
	gonum.org/v1/gonum v0.16.0 // indirect
)
