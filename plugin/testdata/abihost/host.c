/*
 * abihost loads the plugin's c-shared library with dlopen and drives it the way Fluent
 * Bit's Go proxy does (src/flb_plugin_proxy.c and src/proxy/go/go.c in Fluent Bit 5.1),
 * with the same structure layouts, so the test proves the exports against the real ABI
 * rather than against Go's view of it.
 *
 * Usage: abihost PLUGIN.so SCRIPT
 *
 * The script has one command per line, fields separated by single spaces:
 *
 *   instance NAME                  a new [OUTPUT] instance (log_level info)
 *   set NAME KEY VALUE...          a property; the value is the rest of the line
 *   log_level NAME N               the instance's log_level (1 error .. 5 trace)
 *   init NAME                      FLBPluginInit for the instance
 *   flush NAME TAG FILE            one FLBPluginFlushCtx with the chunk read from FILE
 *   flush_parallel NAME TAG FILE...  one flush per FILE, each on its own thread, at once
 *   flush_stale TAG FILE           a flush with a context no Init ever set
 *   flush_context_free TAG FILE    FLBPluginFlush, which a Fluent Bit without ...Ctx calls
 *   exit NAME                      FLBPluginExitCtx for the instance
 *
 * Output, one line each, flushed at once so it interleaves correctly with the plugin's
 * own stdout:
 *
 *   REGISTER ret type proxy flags event_type name
 *   RESULT command NAME ret elapsed_ms
 *   LOG level message              from log_print, when output_log_check let it through
 *
 * Any misuse of the API (an input or custom callback, an unknown instance) aborts with a
 * message on stderr, which fails the test.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* include/fluent-bit/flb_plugin_proxy.h */
#define FLB_PROXY_OUTPUT_PLUGIN 2
#define FLB_PROXY_GOLANG 11

struct flb_plugin_proxy_def {
    int type;
    int proxy;
    int flags;
    char *name;
    char *description;
    int event_type;
    void *config_map;
};

/* include/fluent-bit/flb_api.h */
struct flb_api {
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

struct mk_list {
    struct mk_list *prev, *next;
};

struct flb_plugin_proxy {
    struct flb_plugin_proxy_def *def;
    struct flb_api *api;
    void *instance;
    void *dso_handler;
    void *data;
    struct mk_list _head;
};

struct flb_plugin_proxy_context {
    void *remote_context;
    struct flb_plugin_proxy *proxy;
};

/* src/proxy/go/go.h */
struct flbgo_output_plugin {
    char *name;
    void *api;
    void *o_ins;
    struct flb_plugin_proxy_context *context;

    int (*cb_init)(struct flbgo_output_plugin *);
    int (*cb_flush)(const void *, size_t, const char *);
    int (*cb_flush_ctx)(void *, const void *, size_t, char *);
    int (*cb_exit)(void);
    int (*cb_exit_ctx)(void *);
};

/*
 * Stand-in for struct flb_output_instance. The plugin must only ever hand it back to the
 * API, so its layout is ours; the canary catches a plugin that reads it as something else.
 */
#define MAX_PROPS 64
#define INSTANCE_CANARY 0x616e6f6dU

struct host_instance {
    unsigned canary;
    char name[32];
    int log_level;
    int nprops;
    char *keys[MAX_PROPS];
    char *vals[MAX_PROPS];
    struct flb_plugin_proxy_context *context;
};

#define MAX_INSTANCES 16
static struct host_instance *instances[MAX_INSTANCES];
static int ninstances;

static struct flb_plugin_proxy proxy;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "abihost: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    abort();
}

static void emit(const char *fmt, ...)
{
    va_list ap;
    pthread_mutex_lock(&out_lock);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
    pthread_mutex_unlock(&out_lock);
}

static struct host_instance *checked(void *o_ins)
{
    struct host_instance *ins = o_ins;
    int i;

    for (i = 0; i < ninstances; i++) {
        if (instances[i] == ins && ins->canary == INSTANCE_CANARY) {
            return ins;
        }
    }
    die("the plugin passed %p, which is no output instance", o_ins);
    return NULL;
}

/* flb_output_get_property: case-insensitive, NULL when unset. */
static const char *api_output_get_property(const char *key, void *o_ins)
{
    struct host_instance *ins = checked(o_ins);
    int i;

    for (i = 0; i < ins->nprops; i++) {
        if (strcasecmp(ins->keys[i], key) == 0) {
            return ins->vals[i];
        }
    }
    return NULL;
}

/* flb_output_log_check */
static int api_output_log_check(void *o_ins, int level)
{
    return checked(o_ins)->log_level >= level;
}

/* flb_log_print: Fluent Bit prints "[time] [level] message"; we keep level and message. */
static void api_log_print(int level, const char *file, int line, const char *fmt, ...)
{
    char msg[4096];
    va_list ap;
    char *nl;

    (void) file;
    (void) line;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    nl = strchr(msg, '\n');
    if (nl != NULL) {
        die("log message spans lines: %s", msg);
    }
    emit("LOG %d %s\n", level, msg);
}

static const char *api_input_get_property(const char *key, void *i_ins)
{
    die("input_get_property(%s) called by an output plugin", key);
    return NULL;
}

static void *api_output_get_cmt_instance(void *o_ins)
{
    die("output_get_cmt_instance called");
    return NULL;
}

static void *api_input_get_cmt_instance(void *i_ins)
{
    die("input_get_cmt_instance called");
    return NULL;
}

static int api_input_log_check(void *i_ins, int level)
{
    die("input_log_check called by an output plugin");
    return 0;
}

static const char *api_custom_get_property(const char *key, void *c_ins)
{
    die("custom_get_property(%s) called by an output plugin", key);
    return NULL;
}

static int api_custom_log_check(void *c_ins, int level)
{
    die("custom_log_check called by an output plugin");
    return 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static struct host_instance *find(const char *name)
{
    int i;

    for (i = 0; i < ninstances; i++) {
        if (strcmp(instances[i]->name, name) == 0) {
            return instances[i];
        }
    }
    die("no instance %s", name);
    return NULL;
}

static void *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (f == NULL) {
        die("cannot open %s", path);
    }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    /* Fluent Bit's chunk lives in its own heap buffer, freed after the flush. */
    buf = malloc(n > 0 ? n : 1);
    if (buf == NULL || (n > 0 && fread(buf, 1, n, f) != (size_t) n)) {
        die("cannot read %s", path);
    }
    fclose(f);
    *size = n;
    return buf;
}

/*
 * proxy_go_output_flush: the tag is copied into a temporary buffer freed after the call.
 * context_free takes the callback Fluent Bit uses when a plugin has no FLBPluginFlushCtx.
 */
static int go_flush(int context_free, void *remote_context, const char *tag,
                    const char *path, double *ms)
{
    struct flbgo_output_plugin *plugin = proxy.data;
    size_t size;
    void *data = read_file(path, &size);
    size_t tag_len = strlen(tag);
    char *buf = malloc(tag_len + 1);
    double start;
    int ret;

    memcpy(buf, tag, tag_len + 1);
    start = now_ms();
    if (plugin->cb_flush_ctx && !context_free) {
        ret = plugin->cb_flush_ctx(remote_context, data, size, buf);
    }
    else {
        if (plugin->cb_flush == NULL) {
            die("no FLBPluginFlush to fall back to");
        }
        ret = plugin->cb_flush(data, size, buf);
    }
    *ms = now_ms() - start;

    /* Scribble before freeing: a plugin that kept a reference sends garbage. */
    memset(data, 0xc1, size);
    memset(buf, 'X', tag_len);
    free(data);
    free(buf);
    return ret;
}

struct parallel_flush {
    pthread_t thread;
    struct host_instance *ins;
    const char *tag;
    const char *path;
    int ret;
    double ms;
};

static void *parallel_flush_main(void *arg)
{
    struct parallel_flush *pf = arg;

    pf->ret = go_flush(0, pf->ins->context->remote_context, pf->tag, pf->path, &pf->ms);
    return NULL;
}

static void load(const char *path)
{
    int (*cb_register)(struct flb_plugin_proxy_def *);
    struct flbgo_output_plugin *plugin;
    struct flb_plugin_proxy_def *def;
    int ret;

    /* flb_plugin_proxy_create */
    proxy.dso_handler = dlopen(path, RTLD_LAZY);
    if (proxy.dso_handler == NULL) {
        die("dlopen %s: %s", path, dlerror());
    }
    proxy.api = malloc(sizeof(struct flb_api));
    proxy.api->output_get_property = api_output_get_property;
    proxy.api->input_get_property = api_input_get_property;
    proxy.api->output_get_cmt_instance = api_output_get_cmt_instance;
    proxy.api->input_get_cmt_instance = api_input_get_cmt_instance;
    proxy.api->log_print = api_log_print;
    proxy.api->input_log_check = api_input_log_check;
    proxy.api->output_log_check = api_output_log_check;
    proxy.api->custom_get_property = api_custom_get_property;
    proxy.api->custom_log_check = api_custom_log_check;
    def = calloc(1, sizeof(struct flb_plugin_proxy_def));
    proxy.def = def;

    /* flb_plugin_proxy_register */
    cb_register = dlsym(proxy.dso_handler, "FLBPluginRegister");
    if (cb_register == NULL) {
        die("no FLBPluginRegister");
    }
    ret = cb_register(def);
    emit("REGISTER %d %d %d %d %d %s\n", ret, def->type, def->proxy, def->flags,
         def->event_type, def->name ? def->name : "(null)");
    if (ret == -1 || def->type != FLB_PROXY_OUTPUT_PLUGIN || def->proxy != FLB_PROXY_GOLANG) {
        die("registration refused or not a Go output plugin");
    }

    /* proxy_go_output_register */
    plugin = malloc(sizeof(struct flbgo_output_plugin));
    plugin->cb_init = dlsym(proxy.dso_handler, "FLBPluginInit");
    if (plugin->cb_init == NULL) {
        die("no FLBPluginInit");
    }
    plugin->cb_flush = dlsym(proxy.dso_handler, "FLBPluginFlush");
    plugin->cb_flush_ctx = dlsym(proxy.dso_handler, "FLBPluginFlushCtx");
    plugin->cb_exit = dlsym(proxy.dso_handler, "FLBPluginExit");
    plugin->cb_exit_ctx = dlsym(proxy.dso_handler, "FLBPluginExitCtx");
    plugin->name = strdup(def->name);
    plugin->api = NULL;
    plugin->o_ins = NULL;
    plugin->context = NULL;
    proxy.data = plugin;
}

static void unload(void)
{
    void (*cb_unregister)(struct flb_plugin_proxy_def *);
    struct flbgo_output_plugin *plugin = proxy.data;

    /* flb_proxy_output_cb_destroy; the .so itself stays mapped, as Go requires. */
    cb_unregister = dlsym(proxy.dso_handler, "FLBPluginUnregister");
    if (cb_unregister != NULL) {
        cb_unregister(proxy.def);
    }
    free(plugin->name);
    free(plugin);
    free(proxy.def);
    free(proxy.api);
}

static void command(char *line)
{
    struct flbgo_output_plugin *plugin = proxy.data;
    struct host_instance *ins;
    char *cmd, *name, *rest;
    double start, ms;
    int ret;

    cmd = strtok_r(line, " ", &rest);
    if (cmd == NULL || cmd[0] == '#') {
        return;
    }

    if (strcmp(cmd, "instance") == 0) {
        name = strtok_r(NULL, " ", &rest);
        if (ninstances == MAX_INSTANCES) {
            die("too many instances");
        }
        ins = calloc(1, sizeof(*ins));
        ins->canary = INSTANCE_CANARY;
        snprintf(ins->name, sizeof(ins->name), "%s", name);
        ins->log_level = 3;
        /* flb_output_new: one proxy context per instance, sharing the proxy. */
        ins->context = calloc(1, sizeof(struct flb_plugin_proxy_context));
        ins->context->proxy = &proxy;
        instances[ninstances++] = ins;
    }
    else if (strcmp(cmd, "set") == 0) {
        ins = find(strtok_r(NULL, " ", &rest));
        name = strtok_r(NULL, " ", &rest);
        if (ins->nprops == MAX_PROPS) {
            die("too many properties");
        }
        ins->keys[ins->nprops] = strdup(name);
        ins->vals[ins->nprops] = strdup(rest ? rest : "");
        ins->nprops++;
    }
    else if (strcmp(cmd, "log_level") == 0) {
        ins = find(strtok_r(NULL, " ", &rest));
        ins->log_level = atoi(rest);
    }
    else if (strcmp(cmd, "init") == 0) {
        ins = find(strtok_r(NULL, " ", &rest));
        /* flb_proxy_output_cb_init and proxy_go_output_init */
        proxy.instance = ins;
        plugin->api = proxy.api;
        plugin->o_ins = ins;
        plugin->context = ins->context;
        start = now_ms();
        ret = plugin->cb_init(plugin);
        emit("RESULT init %s %d %.1f\n", ins->name, ret, now_ms() - start);
    }
    else if (strcmp(cmd, "flush") == 0) {
        ins = find(strtok_r(NULL, " ", &rest));
        name = strtok_r(NULL, " ", &rest); /* the tag */
        ret = go_flush(0, ins->context->remote_context, name, rest, &ms);
        emit("RESULT flush %s %d %.1f\n", ins->name, ret, ms);
    }
    else if (strcmp(cmd, "flush_parallel") == 0) {
        struct parallel_flush pf[8];
        char *tag, *path;
        int n = 0, i;

        ins = find(strtok_r(NULL, " ", &rest));
        tag = strtok_r(NULL, " ", &rest);
        while ((path = strtok_r(NULL, " ", &rest)) != NULL && n < 8) {
            pf[n].ins = ins;
            pf[n].tag = tag;
            pf[n].path = path;
            n++;
        }
        for (i = 0; i < n; i++) {
            if (pthread_create(&pf[i].thread, NULL, parallel_flush_main, &pf[i]) != 0) {
                die("pthread_create");
            }
        }
        for (i = 0; i < n; i++) {
            pthread_join(pf[i].thread, NULL);
            emit("RESULT flush_parallel %s %d %.1f\n", ins->name, pf[i].ret, pf[i].ms);
        }
    }
    else if (strcmp(cmd, "flush_stale") == 0) {
        /* A context pointer the plugin never handed out. */
        void *stale = malloc(1);

        name = strtok_r(NULL, " ", &rest);
        ret = go_flush(0, stale, name, rest, &ms);
        free(stale);
        emit("RESULT flush_stale - %d %.1f\n", ret, ms);
    }
    else if (strcmp(cmd, "flush_context_free") == 0) {
        name = strtok_r(NULL, " ", &rest);
        ret = go_flush(1, NULL, name, rest, &ms);
        emit("RESULT flush_context_free - %d %.1f\n", ret, ms);
    }
    else if (strcmp(cmd, "exit") == 0) {
        ins = find(strtok_r(NULL, " ", &rest));
        /* flb_proxy_output_cb_exit and proxy_go_output_destroy */
        start = now_ms();
        if (plugin->cb_exit_ctx) {
            ret = plugin->cb_exit_ctx(ins->context->remote_context);
        }
        else {
            ret = plugin->cb_exit();
        }
        emit("RESULT exit %s %d %.1f\n", ins->name, ret, now_ms() - start);
        free(ins->context);
        ins->context = NULL;
    }
    else {
        die("unknown command %s", cmd);
    }
}

int main(int argc, char **argv)
{
    char line[8192];
    FILE *script;
    size_t n;

    if (argc != 3) {
        fprintf(stderr, "usage: abihost PLUGIN.so SCRIPT\n");
        return 2;
    }
    script = fopen(argv[2], "r");
    if (script == NULL) {
        die("cannot open %s", argv[2]);
    }
    load(argv[1]);
    while (fgets(line, sizeof(line), script) != NULL) {
        n = strlen(line);
        if (n > 0 && line[n - 1] == '\n') {
            line[n - 1] = '\0';
        }
        command(line);
    }
    fclose(script);
    unload();
    emit("DONE\n");
    return 0;
}
