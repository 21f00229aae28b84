package engine

import (
	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/chunk"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/detect"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/record"
)

// BatchEngine scores a whole input the way the original proof of concept did: Flush
// only reads records and computes their features; Close fits one forest per stream on all
// of its records, then annotates and delivers every chunk in the order it came. It backs
// `anomaly scan` in batch mode; the plugin itself always streams.
type BatchEngine struct {
	cfg      config.Config
	sink     Sender
	reader   record.Reader
	annotate annotator
	opts     detect.Options

	streams map[string]*batchStream
	chunks  []batchChunk
	scratch []byte
}

type batchStream struct {
	batch   *detect.Batch
	results []detect.Result
}

// batchChunk is a flushed chunk kept until Close, with the stream of each of its
// records in order.
type batchChunk struct {
	tag     string
	data    []byte
	streams []*batchStream
	index   []int // position of each record in its stream's batch
}

// NewBatch returns an engine that scores everything at Close.
func NewBatch(cfg config.Config, sink Sender) (*BatchEngine, error) {
	opts := DetectOptions(cfg)
	if _, err := detect.NewBatch(opts); err != nil {
		return nil, err
	}
	return &BatchEngine{
		cfg:      cfg,
		sink:     sink,
		reader:   recordReader(cfg),
		annotate: newAnnotator(cfg.AnnotationKey, cfg.Flatten),
		opts:     opts,
		streams:  make(map[string]*batchStream),
	}, nil
}

// Flush reads the records of a chunk and keeps it for Close.
func (b *BatchEngine) Flush(tag string, data []byte) error {
	c := batchChunk{tag: tag, data: append([]byte(nil), data...)}
	var ev chunk.Event
	dec := chunk.NewDecoder(c.data)
	for dec.Next(&ev) {
		if ev.Kind != chunk.Record || ev.Body.Raw() == nil {
			continue
		}
		var rec record.Record
		b.scratch = b.reader.ReadEvent(&ev, tag, &rec, b.scratch)
		rec.Time = ev.Time
		key := rec.Stream
		s := b.streams[key]
		if s == nil {
			batch, err := detect.NewBatch(b.opts)
			if err != nil {
				return err
			}
			s = &batchStream{batch: batch}
			b.streams[key] = s
		}
		c.streams = append(c.streams, s)
		c.index = append(c.index, s.batch.Len())
		s.batch.Add(&rec)
	}
	b.chunks = append(b.chunks, c)
	return nil
}

// Close scores every stream and delivers every chunk, annotated, in flush order.
func (b *BatchEngine) Close() error {
	for _, s := range b.streams {
		results, err := s.batch.Score()
		if err != nil {
			return err
		}
		s.results = results
	}
	var (
		ev     chunk.Event
		pairs  []byte
		out    []byte
		events [][]byte
	)
	for _, c := range b.chunks {
		out, events = out[:0], events[:0]
		var ends []int
		record := 0
		dec := chunk.NewDecoder(c.data)
		for dec.Next(&ev) {
			if ev.Kind != chunk.Record || ev.Body.Raw() == nil {
				out = append(out, ev.Raw...)
			} else {
				res := &c.streams[record].results[c.index[record]]
				record++
				var n int
				pairs, n = b.annotate.appendPairs(pairs[:0], res)
				out, _ = chunk.AppendAnnotated(out, &ev, pairs, n)
			}
			ends = append(ends, len(out))
		}
		start := 0
		for _, end := range ends {
			events = append(events, out[start:end])
			start = end
		}
		if len(events) > 0 {
			if err := b.sink.Send(c.tag, events); err != nil {
				return err
			}
		}
	}
	b.chunks = nil
	return b.sink.Close()
}
