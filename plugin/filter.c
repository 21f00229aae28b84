// The anomaly filter as Fluent Bit loads it: a dynamic C filter plugin. Fluent Bit dlopens
// flb-filter_anomaly.so, finds the symbol filter_anomaly_plugin by its name and copies the
// struct flb_filter_plugin it holds (src/flb_plugin.c). The callbacks below only adapt
// Fluent Bit's calls to the Go exports in fluentbit.go; every decision is made in Go.
//
// Fluent Bit's own functions (flb_filter_get_property, flb_log_print) are found at run
// time with dlsym in the executable that loaded us, not linked: the same package also
// builds the anomaly command and the output plugin, which have no Fluent Bit around them.

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "flb.h"
#include "_cgo_export.h"

// The host's functions, resolved once by anomaly_resolve_host.
static const char *(*host_get_property)(const char *key, void *ins);
static void (*host_set_context)(void *ins, void *context);
static void (*host_log_print)(int type, const char *file, int line, const char *fmt, ...);

static void anomaly_resolve_host(void) {
	// Plain stores of the same values from any thread: racing initialisations agree.
	host_get_property = (const char *(*)(const char *, void *)) dlsym(RTLD_DEFAULT, "flb_filter_get_property");
	host_set_context = (void (*)(void *, void *)) dlsym(RTLD_DEFAULT, "flb_filter_set_context");
	host_log_print = (void (*)(int, const char *, int, const char *, ...)) dlsym(RTLD_DEFAULT, "flb_log_print");
}

static int anomaly_cb_init(void *ins, void *config, void *data);
static int anomaly_cb_filter(const void *data, size_t bytes, const char *tag, int tag_len,
                             void **out_buf, size_t *out_size, void *f_ins, void *i_ins,
                             void *context, void *config);
static int anomaly_cb_exit(void *context, void *config);

// filter_anomaly_plugin is the registration symbol. The reserve after the struct keeps
// fields a later Fluent Bit appends to struct flb_filter_plugin NULL when it copies its
// own, larger sizeof.
__attribute__((visibility("default"))) struct {
	struct anomaly_filter_plugin plugin;
	char reserve[256];
} filter_anomaly_plugin = {
	.plugin = {
		.event_type = 1, // FLB_FILTER_LOGS
		.flags = 0,
		.name = "anomaly",
		.description = "Isolation Forest anomaly scoring: adds a score and a flag to every record",
		.config_map = NULL, // its layout changed in 5.1; the plugin checks its own keys
		.cb_pre_run = NULL,
		.cb_init = anomaly_cb_init,
		.cb_filter = anomaly_cb_filter,
		.cb_exit = anomaly_cb_exit,
		.cb_notification = NULL,
	},
};

// anomaly_layout_ok reports whether the instance's fields from match_regex on are where
// flb.h says: the plugin pointer there must be Fluent Bit's copy of our registration.
static int anomaly_layout_ok(struct anomaly_filter_instance *ins) {
	return ins != NULL && ins->p != NULL && ins->p->cb_filter == anomaly_cb_filter;
}

const char *anomaly_filter_property(void *ins, const char *key) {
	struct anomaly_filter_instance *fi = ins;
	struct anomaly_mk_list *head, *it;
	if (host_get_property != NULL) {
		return host_get_property(key, ins);
	}
	if (!anomaly_layout_ok(fi)) {
		return NULL;
	}
	head = &fi->properties;
	for (it = head->next; it != head; it = it->next) {
		struct anomaly_kv *kv = (struct anomaly_kv *) ((char *) it - offsetof(struct anomaly_kv, _head));
		if (kv->key != NULL && strcasecmp(kv->key, key) == 0) {
			return kv->val;
		}
	}
	return NULL;
}

int anomaly_filter_properties(void *ins, const char **keys, const char **vals, int max) {
	struct anomaly_filter_instance *fi = ins;
	struct anomaly_mk_list *head, *it;
	int n = 0;
	if (!anomaly_layout_ok(fi)) {
		return -1;
	}
	head = &fi->properties;
	for (it = head->next; it != head; it = it->next) {
		struct anomaly_kv *kv = (struct anomaly_kv *) ((char *) it - offsetof(struct anomaly_kv, _head));
		if (kv->key == NULL) {
			continue;
		}
		if (n < max) {
			keys[n] = kv->key;
			vals[n] = kv->val;
		}
		n++;
	}
	return n;
}

const char *anomaly_filter_name(void *ins) {
	struct anomaly_filter_instance *fi = ins;
	return fi->alias != NULL ? fi->alias : fi->name;
}

int anomaly_filter_log_enabled(void *ins, int level) {
	struct anomaly_filter_instance *fi = ins;
	if (fi == NULL) {
		return level <= 2; // no instance: errors and warnings
	}
	return level <= fi->log_level;
}

void anomaly_filter_log(int level, const char *msg) {
	if (host_log_print == NULL) {
		fprintf(stderr, "%s\n", msg);
		return;
	}
	// "%s" keeps a '%' in msg literal.
	host_log_print(level, NULL, 0, "%s", msg);
}

void *anomaly_filter_output(const void *src, size_t n) {
	// Fluent Bit releases the buffer with flb_free, which is free(): the executable's
	// own allocator (jemalloc in official packages), which this malloc resolves to as
	// well because the executable exports it.
	void *out = malloc(n > 0 ? n : 1);
	if (out != NULL && n > 0) {
		memcpy(out, src, n);
	}
	return out;
}

static int anomaly_cb_init(void *ins, void *config, void *data) {
	long long id;
	anomaly_resolve_host();
	id = anomalyFilterInit(ins);
	if (id <= 0) {
		return -1;
	}
	// The context is the instance's id in the Go registry, never a Go pointer.
	if (host_set_context != NULL) {
		host_set_context(ins, (void *) (uintptr_t) id);
	}
	else {
		((struct anomaly_filter_instance *) ins)->context = (void *) (uintptr_t) id;
	}
	return 0;
}

static int anomaly_cb_filter(const void *data, size_t bytes, const char *tag, int tag_len,
                             void **out_buf, size_t *out_size, void *f_ins, void *i_ins,
                             void *context, void *config) {
	*out_buf = NULL;
	*out_size = 0;
	return anomalyFilterChunk((uintptr_t) context, (void *) data, bytes, (char *) tag, tag_len, out_buf, out_size);
}

static int anomaly_cb_exit(void *context, void *config) {
	return anomalyFilterExit((uintptr_t) context);
}
