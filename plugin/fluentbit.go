package main

// The Fluent Bit exports: the only cgo Go file of the plugin. Each export converts C values
// and calls the registry (registry.go); nothing here decides anything about records.
//
// The filter: Fluent Bit loads flb-filter_anomaly.so as a dynamic C filter plugin and calls
// the C callbacks of filter.c, which call anomalyFilterInit once per [FILTER] section or
// processor entry (on the engine thread), anomalyFilterChunk per chunk (on the engine
// thread for a [FILTER]; on input threads, input coroutines and output workers at once
// for processors) and anomalyFilterExit per instance at shutdown or hot reload.
//
// The output: the same file, loaded through a name without the flb- prefix
// (build/anomaly.so), goes through Fluent Bit's Go proxy, which resolves the FLBPlugin*
// symbols by name (src/proxy/go/go.c):
// FLBPluginRegister once per .so, FLBPluginInit once per [OUTPUT] section on the engine
// thread, FLBPluginFlushCtx per chunk from the output's workers (concurrently when
// `workers` > 1), FLBPluginExitCtx per section at shutdown. FLBPluginFlush and
// FLBPluginExit are the context-free forms Fluent Bit falls back to only when the ...Ctx
// symbols are missing; they are exported so any Fluent Bit finds an answer.

/*
#cgo LDFLAGS: -ldl
#include <stdio.h>
#include <stdlib.h>
#include "flb.h"

// struct flb_api from Fluent Bit's include/fluent-bit/flb_api.h, every pointer in order
// (fluent-bit-go declares only the first). New pointers are only ever appended there, so
// this prefix holds for 4.x and 5.x.
struct anomaly_flb_api {
	const char *(*output_get_property)(const char *, void *);
	const char *(*input_get_property)(const char *, void *);
	void *(*output_get_cmt_instance)(void *);
	void *(*input_get_cmt_instance)(void *);
	void (*log_print)(int, const char *, int, const char *, ...);
	int (*input_log_check)(void *, int);
	int (*output_log_check)(void *, int);
	const char *(*custom_get_property)(const char *, void *);
	int (*custom_log_check)(void *, int);
};

// The head of struct flbgo_output_plugin from Fluent Bit's src/proxy/go/go.h, the
// argument of FLBPluginInit. Fluent Bit rewrites o_ins and context before each Init, so
// they are read there and kept per instance.
struct anomaly_go_output_plugin {
	char *name;
	struct anomaly_flb_api *api;
	void *o_ins;
	void *context;
};

static inline struct anomaly_flb_api *anomaly_plugin_api(void *plugin) {
	return ((struct anomaly_go_output_plugin *) plugin)->api;
}

static inline void *anomaly_plugin_instance(void *plugin) {
	return ((struct anomaly_go_output_plugin *) plugin)->o_ins;
}

// anomaly_output_log_check asks whether the instance's log_level lets level through.
static inline int anomaly_output_log_check(struct anomaly_flb_api *api, void *o_ins, int level) {
	if (api == NULL || api->output_log_check == NULL || o_ins == NULL) {
		return level <= 3;
	}
	return api->output_log_check(o_ins, level);
}

// anomaly_log_print writes one line to Fluent Bit's log, in its format. log_print is
// variadic, which cgo cannot call, hence this wrapper; "%s" keeps a '%' in msg literal.
static inline void anomaly_log_print(struct anomaly_flb_api *api, int level, const char *msg) {
	if (api == NULL || api->log_print == NULL) {
		fprintf(stderr, "%s\n", msg);
		return;
	}
	api->log_print(level, NULL, 0, "%s", msg);
}
*/
import "C"

import (
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/fluent/fluent-bit-go/output"

	"github.com/fluent-anomaly/fluent-bit-anomaly/config"
	"github.com/fluent-anomaly/fluent-bit-anomaly/plugin/engine"
)

// plugins is the one registry of the .so; its instances are keyed by the id stored with
// output.FLBPluginSetContext.
var plugins = newRegistry(newEngine, pluginSink{})

// lastAPI is Fluent Bit's API table from the latest Init, for messages that belong to no
// instance. It is per process, replaced on a hot reload.
var lastAPI atomic.Pointer[C.struct_anomaly_flb_api]

// instanceSink logs through Fluent Bit for one output instance, honouring its log_level.
type instanceSink struct {
	api   *C.struct_anomaly_flb_api
	o_ins unsafe.Pointer
}

func (s instanceSink) enabled(level engine.Level) bool {
	return C.anomaly_output_log_check(s.api, s.o_ins, C.int(level)) != 0
}

func (s instanceSink) print(level engine.Level, msg string) {
	cmsg := C.CString(msg)
	C.anomaly_log_print(s.api, C.int(level), cmsg)
	C.free(unsafe.Pointer(cmsg))
}

// pluginSink logs what belongs to no live instance; with no instance to ask for a
// log_level, only errors and warnings get through.
type pluginSink struct{}

func (pluginSink) enabled(level engine.Level) bool { return level <= engine.LevelWarn }

func (pluginSink) print(level engine.Level, msg string) {
	instanceSink{api: lastAPI.Load()}.print(level, msg)
}

//export FLBPluginRegister
func FLBPluginRegister(def unsafe.Pointer) C.int {
	// Fluent Bit frees def on -1 but goes on using it, so even a failure answers 0.
	return C.int(plugins.orphan.guard("register", 0, func() int {
		return output.FLBPluginRegister(def, pluginName, pluginDescription)
	}))
}

//export FLBPluginInit
func FLBPluginInit(plugin unsafe.Pointer) C.int {
	return C.int(plugins.orphan.guard("init", output.FLB_ERROR, func() int {
		api := C.anomaly_plugin_api(plugin)
		lastAPI.Store(api)
		sink := instanceSink{api: api, o_ins: C.anomaly_plugin_instance(plugin)}
		lookup := func(key string) string { return output.FLBPluginConfigKey(plugin, key) }
		id, code := plugins.open(lookup, sink, pluginSink{})
		if code == output.FLB_OK {
			output.FLBPluginSetContext(plugin, id)
		}
		return code
	}))
}

//export FLBPluginFlushCtx
func FLBPluginFlushCtx(ctx, data unsafe.Pointer, length C.size_t, tag *C.char) C.int {
	return C.int(plugins.orphan.guard("flush", output.FLB_RETRY, func() int {
		// Copy: Fluent Bit frees the chunk and the tag once this returns.
		chunk := append([]byte(nil), unsafe.Slice((*byte)(data), int(length))...)
		return plugins.flush(output.FLBPluginGetContext(ctx), C.GoString(tag), chunk)
	}))
}

//export FLBPluginFlush
func FLBPluginFlush(data unsafe.Pointer, length C.size_t, tag *C.char) C.int {
	return C.int(plugins.orphan.guard("flush", output.FLB_ERROR, func() int {
		plugins.orphan.Printf(engine.LevelError, "this Fluent Bit flushes without an instance context (FLBPluginFlushCtx), which the plugin needs: chunk of %d bytes with tag %q dropped", int(length), C.GoString(tag))
		return output.FLB_ERROR
	}))
}

//export FLBPluginExitCtx
func FLBPluginExitCtx(ctx unsafe.Pointer) C.int {
	return C.int(plugins.orphan.guard("exit", output.FLB_ERROR, func() int {
		return plugins.close(output.FLBPluginGetContext(ctx))
	}))
}

//export FLBPluginExit
func FLBPluginExit() C.int {
	return C.int(plugins.orphan.guard("exit", output.FLB_ERROR, plugins.closeAll))
}

//export FLBPluginUnregister
func FLBPluginUnregister(def unsafe.Pointer) {
	plugins.orphan.guard("unregister", 0, func() int {
		output.FLBPluginUnregister(def)
		return 0
	})
}

// filterSink logs through Fluent Bit for one filter instance, honouring its log_level.
type filterSink struct{ ins unsafe.Pointer }

func (s filterSink) enabled(level engine.Level) bool {
	return C.anomaly_filter_log_enabled(s.ins, C.int(level)) != 0
}

func (s filterSink) print(level engine.Level, msg string) {
	cmsg := C.CString(msg)
	C.anomaly_filter_log(C.int(level), cmsg)
	C.free(unsafe.Pointer(cmsg))
}

// maxFilterKeys bounds the property names read from a filter instance; a section with
// more keys than the plugin has is misconfigured whatever they are.
const maxFilterKeys = 256

// filterChunks holds each filter call's private copy of the chunk: Fluent Bit's buffer is
// read only during the call, and nothing of it may outlive the call.
var filterChunks sync.Pool

//export anomalyFilterInit
func anomalyFilterInit(ins unsafe.Pointer) C.longlong {
	var id int
	code := plugins.orphan.guard("filter init", output.FLB_ERROR, func() int {
		lookup := func(key string) string {
			ckey := C.CString(key)
			defer C.free(unsafe.Pointer(ckey))
			if v := C.anomaly_filter_property(ins, ckey); v != nil {
				return C.GoString(v)
			}
			return ""
		}
		var names []string
		var props []config.Property
		ckeys, cvals := make([]*C.char, maxFilterKeys), make([]*C.char, maxFilterKeys)
		n := int(C.anomaly_filter_properties(ins, &ckeys[0], &cvals[0], maxFilterKeys))
		for i := 0; i < min(n, maxFilterKeys); i++ {
			p := config.Property{Key: C.GoString(ckeys[i]), Value: C.GoString(cvals[i])}
			names, props = append(names, p.Key), append(props, p)
		}
		if n < 0 {
			plugins.orphan.Printf(engine.LevelWarn, "cannot list the keys of this Fluent Bit's filter sections (a build without regular expressions?): misspelt keys go unreported, and of a key set twice the first value is read")
		} else {
			// Every value of a key set twice or as a YAML list, not only its first.
			lookup = config.PropertiesLookup(props)
			if names == nil {
				names = []string{}
			}
		}
		var code int
		sec := section{mode: config.Filter, lookup: lookup, names: names, label: C.GoString(C.anomaly_filter_name(ins))}
		id, code = plugins.openSection(sec, filterSink{ins}, pluginSink{})
		return code
	})
	if code != output.FLB_OK {
		return 0
	}
	return C.longlong(id + 1) // a context of 0 would read as none
}

//export anomalyFilterChunk
func anomalyFilterChunk(ctx C.uintptr_t, data unsafe.Pointer, size C.size_t, tag *C.char, tagLen C.int, out *unsafe.Pointer, outSize *C.size_t) C.int {
	return C.int(plugins.orphan.guard("filter", filterNotouch, func() int {
		buf, _ := filterChunks.Get().(*[]byte)
		if buf == nil {
			buf = new([]byte)
		}
		defer filterChunks.Put(buf)
		*buf = append((*buf)[:0], unsafe.Slice((*byte)(data), int(size))...)
		deliver := func(annotated []byte) bool {
			p := C.anomaly_filter_output(unsafe.Pointer(unsafe.SliceData(annotated)), C.size_t(len(annotated)))
			if p == nil {
				return false
			}
			*out, *outSize = p, C.size_t(len(annotated))
			return true
		}
		return plugins.annotate(int(ctx)-1, C.GoStringN(tag, tagLen), *buf, deliver)
	}))
}

//export anomalyFilterExit
func anomalyFilterExit(ctx C.uintptr_t) C.int {
	code := plugins.orphan.guard("filter exit", output.FLB_ERROR, func() int {
		return plugins.close(int(ctx) - 1)
	})
	if code != output.FLB_OK {
		return -1
	}
	return 0
}
