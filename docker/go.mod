module github.com/fluent-anomaly/fluent-bit-anomaly/docker

go 1.25.0

require (
	github.com/fluent-anomaly/fluent-bit-anomaly v0.0.0
	sigs.k8s.io/yaml v1.6.0
)

require (
	github.com/ugorji/go/codec v1.3.1 // indirect
	go.yaml.in/yaml/v2 v2.4.2 // indirect
)

replace github.com/fluent-anomaly/fluent-bit-anomaly => ../
