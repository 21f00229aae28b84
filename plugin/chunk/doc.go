// Package chunk reads and writes the msgpack chunks Fluent Bit hands to an output plugin,
// keeping every byte it does not mean to change.
//
// A chunk is a concatenation of events, [[timestamp, metadata], body] since Fluent Bit 2.1
// or [timestamp, body] before. Decoder walks them without decoding: each Event keeps its
// bytes (Raw) and offers its timestamp, metadata and body as views into them. Bytes that are
// not an event come out as an Opaque event, so the Raw of all events always adds up to the
// chunk: nothing is dropped, reordered or rewritten by reading. A record also carries, as
// views, the group start it belongs to (the groups of Fluent Bit 3.1 and later, which the
// opentelemetry input uses for resource and scope), so a reader needs no state of its own.
//
// Body reads fields in place (Get, Path, Lookup for "a.b" paths, Find for JSON embedded in a
// string by Docker or CRI), and AppendAnnotated copies an event with extra pairs added to
// its body: only the body's map header is rewritten. AppendJSON renders an event as Fluent
// Bit's stdout output does in json_lines format, and AppendJSONObject converts a JSON
// object to a msgpack map as Fluent Bit's json parser does (a JSON line of a file
// `anomaly scan` reads; an application's JSON in a container's log, which the record
// reader reads as its map).
//
// # Why hand-written msgpack
//
// The hot path runs once per record on Fluent Bit's flush threads, so it must neither
// allocate nor re-encode: re-encoding would change forms the sender chose (str8 versus str16,
// fixext 8 versus ext 8, float widths) and could drop what a generic decoder does not model
// (duplicate keys, non-string keys, unknown ext types). A byte scanner that measures one
// object (ObjectLen) with a counter instead of recursion, plus header readers, is all the
// decoding this needs, and it is linear in the bytes whatever the headers claim.
//
// The Append functions (AppendMapHeader, AppendString, AppendFloat64, ...) build the
// annotation straight into a reused buffer with no allocation.
// BenchmarkAnnotationEncode compares them with github.com/ugorji/go/codec encoding
// the same map: about 8 ns and no allocation against about 120 ns and one allocation, so
// ugorji is not used on the hot path. ugorji is the right tool where arbitrary values must be decoded into Go values: the
// tests use it as an independent oracle that every output decodes and keeps every original
// field, and package forward uses it for the protocol's own messages.
package chunk
