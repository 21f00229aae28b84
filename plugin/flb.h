// Fluent Bit's structures as the plugin sees them, and the C half of the filter glue
// (filter.c). Only declarations live here: cgo forbids definitions in the preamble of a
// file with //export, and fluentbit.go includes this header.
//
// Layouts are Fluent Bit's own, copied field by field from its headers. They are the same
// from Fluent Bit 3.2.0 through 5.1.1; filter.c checks the one assumption it cannot see
// (FLB_HAVE_REGEX, on in every official build) before it relies on it.
#ifndef ANOMALY_FLB_H
#define ANOMALY_FLB_H

#include <stddef.h>
#include <stdint.h>

// include/fluent-bit/flb_filter.h: the return codes of cb_filter.
#define ANOMALY_FILTER_MODIFIED 1
#define ANOMALY_FILTER_NOTOUCH 2

// lib/monkey/include/monkey/mk_core/mk_list.h
struct anomaly_mk_list {
	struct anomaly_mk_list *prev, *next;
};

// include/fluent-bit/flb_kv.h: one property of an instance.
struct anomaly_kv {
	char *key;
	char *val;
	struct anomaly_mk_list _head;
};

// include/fluent-bit/flb_filter.h: struct flb_filter_plugin, what the registration symbol
// filter_anomaly_plugin holds. Fluent Bit copies sizeof its own struct from the symbol.
struct anomaly_filter_plugin {
	int event_type;
	int flags;
	char *name;
	char *description;
	void *config_map;
	int (*cb_pre_run)(void *ins, void *config, void *data);
	int (*cb_init)(void *ins, void *config, void *data);
	int (*cb_filter)(const void *data, size_t bytes, const char *tag, int tag_len,
	                 void **out_buf, size_t *out_size, void *f_ins, void *i_ins,
	                 void *context, void *config);
	int (*cb_exit)(void *context, void *config);
	int (*cb_notification)(void *ins, void *config, void *data);
	struct anomaly_mk_list _head;
};

// The filter instance handed to cb_init (struct flb_filter_instance's head). The fields
// up to alias never move; those from match_regex on exist as written when Fluent Bit is
// built with FLB_HAVE_REGEX.
struct anomaly_filter_instance {
	int event_type;
	int id;
	int log_level;
	int log_suppress_interval;
	char name[32];
	char *alias;
	char *match;
	void *match_regex;
	void *parent_processor;
	void *context;
	void *data;
	struct anomaly_filter_plugin *p;
	struct anomaly_mk_list properties;
};

// anomaly_filter_property returns the value of key in the instance's properties, or NULL.
const char *anomaly_filter_property(void *ins, const char *key);

// anomaly_filter_properties writes up to max property keys of the instance to keys and
// their values to vals, in the order Fluent Bit keeps them (a key set twice, or once for
// each item of a YAML list, comes once for each value), and returns how many the
// instance has, or -1 when its layout cannot be trusted.
int anomaly_filter_properties(void *ins, const char **keys, const char **vals, int max);

// anomaly_filter_name returns the instance's name as Fluent Bit prints it (its alias, or
// "anomaly.N").
const char *anomaly_filter_name(void *ins);

// anomaly_filter_log_enabled reports whether the instance's log_level lets level through.
int anomaly_filter_log_enabled(void *ins, int level);

// anomaly_filter_log writes one line to Fluent Bit's log.
void anomaly_filter_log(int level, const char *msg);

// anomaly_filter_output copies n bytes into a buffer Fluent Bit frees with flb_free, or
// returns NULL when memory is short.
void *anomaly_filter_output(const void *src, size_t n);

#endif
