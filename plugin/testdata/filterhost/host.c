/*
 * filterhost loads the plugin as Fluent Bit 5.1 loads a dynamic C filter plugin
 * (src/flb_plugin.c: flb_plugin_load) and calls it as src/flb_filter.c and
 * src/flb_processor.c do, with Fluent Bit's own structure layouts. Like the fluent-bit
 * executable, it exports flb_filter_get_property, flb_filter_set_context and flb_log_print
 * (it is linked with -rdynamic), and it frees what the filter returns with free(), which
 * is flb_free.
 *
 * Usage: filterhost flb-filter_anomaly.so SCRIPT
 *
 * The script has one command per line, fields separated by single spaces:
 *
 *   instance NAME                  a new filter instance (log_level info), named anomaly.N
 *   set NAME KEY VALUE...          a property; the value is the rest of the line
 *   alias NAME ALIAS               the instance's alias
 *   log_level NAME N               the instance's log_level (1 error .. 5 trace)
 *   init NAME                      cb_init
 *   filter NAME TAG IN OUT         one cb_filter with the chunk in IN; OUT gets the chunk
 *                                  Fluent Bit would go on with (the original on NOTOUCH)
 *   filter_small_stack NAME TAG IN OUT   the same on a 32 KiB coroutine stack, as inputs
 *                                  that run as coroutines call processors
 *   filter_parallel NAME TAG ROUNDS IN...   one thread per IN at once, each calling
 *                                  cb_filter ROUNDS times; round r writes IN.out.r
 *   exit NAME                      cb_exit
 *   same_mapping PATH              dlopen PATH too and report whether it is the same
 *                                  mapping (one Go runtime for both names)
 *
 * Output, one line each:
 *
 *   LOADED event_type name description
 *   RESULT command NAME ret elapsed_ms
 *   LOG level message              from flb_log_print
 *   SAME 0|1
 *
 * Misuse of the API aborts with a message on stderr, which fails the test.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <libgen.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <ucontext.h>

#define FLB_FILTER_MODIFIED 1
#define FLB_FILTER_NOTOUCH 2

struct mk_list {
    struct mk_list *prev, *next;
};

/* include/fluent-bit/flb_kv.h */
struct flb_kv {
    char *key;
    char *val;
    struct mk_list _head;
};

struct flb_filter_instance;

/* include/fluent-bit/flb_filter.h */
struct flb_filter_plugin {
    int event_type;
    int flags;
    char *name;
    char *description;
    void *config_map;
    int (*cb_pre_run)(struct flb_filter_instance *, void *, void *);
    int (*cb_init)(struct flb_filter_instance *, void *, void *);
    int (*cb_filter)(const void *, size_t, const char *, int, void **, size_t *,
                     struct flb_filter_instance *, void *, void *, void *);
    int (*cb_exit)(void *, void *);
    int (*cb_notification)(struct flb_filter_instance *, void *, void *);
    struct mk_list _head;
};

/* include/fluent-bit/flb_filter.h, built with FLB_HAVE_REGEX and FLB_HAVE_METRICS */
struct flb_filter_instance {
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
    struct flb_filter_plugin *p;
    struct mk_list properties;
    struct mk_list *config_map;
    struct mk_list _head;
    void *cmt;
    void *cmt_records, *cmt_bytes, *cmt_add_records, *cmt_drop_records, *cmt_drop_bytes;
    void *metrics;
    int notification_channel;
    void *config;
};

#define MAX_INSTANCES 16
static struct flb_filter_instance *instances[MAX_INSTANCES];
static int ninstances;
static struct flb_filter_plugin *plugin;
static void *handle;
static int fake_config; /* stands in for struct flb_config, which the filter must not read */
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "filterhost: ");
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

static struct flb_filter_instance *checked(struct flb_filter_instance *ins)
{
    int i;
    for (i = 0; i < ninstances; i++) {
        if (instances[i] == ins) {
            return ins;
        }
    }
    die("the plugin passed %p, which is no filter instance", (void *) ins);
    return NULL;
}

/* src/flb_filter.c: flb_filter_get_property, via flb_kv_get_key_value. */
const char *flb_filter_get_property(const char *key, struct flb_filter_instance *ins)
{
    struct mk_list *it;
    checked(ins);
    for (it = ins->properties.next; it != &ins->properties; it = it->next) {
        struct flb_kv *kv = (struct flb_kv *) ((char *) it - offsetof(struct flb_kv, _head));
        if (strcasecmp(kv->key, key) == 0) {
            return kv->val;
        }
    }
    return NULL;
}

void flb_filter_set_context(struct flb_filter_instance *ins, void *context)
{
    checked(ins)->context = context;
}

/* src/flb_log.c: Fluent Bit prints "[time] [level] message"; we keep level and message. */
void flb_log_print(int level, const char *file, int line, const char *fmt, ...)
{
    char msg[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (strchr(msg, '\n') != NULL) {
        die("log message spans lines: %s", msg);
    }
    emit("LOG %d %s\n", level, msg);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static struct flb_filter_instance *find(const char *name)
{
    int i;
    for (i = 0; i < ninstances; i++) {
        if (strcmp((char *) instances[i]->data, name) == 0) {
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
    buf = malloc(n > 0 ? n : 1);
    if (buf == NULL || (n > 0 && fread(buf, 1, n, f) != (size_t) n)) {
        die("cannot read %s", path);
    }
    fclose(f);
    *size = n;
    return buf;
}

static void write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || (size > 0 && fwrite(data, 1, size, f) != size)) {
        die("cannot write %s", path);
    }
    fclose(f);
}

/*
 * One call as flb_filter_do makes it: the tag in a NUL-terminated copy, the chunk in a
 * buffer of the host's; a MODIFIED buffer replaces the chunk and is freed by the host. The
 * input is scribbled over afterwards, so a filter that kept a reference is caught.
 */
static int run_filter(struct flb_filter_instance *ins, const char *tag, const char *in,
                      const char *out, double *ms)
{
    size_t size, out_size = 0;
    void *data = read_file(in, &size);
    void *out_buf = NULL;
    size_t tag_len = strlen(tag);
    char *ntag = malloc(tag_len + 1);
    double start;
    int ret;

    memcpy(ntag, tag, tag_len + 1);
    start = now_ms();
    ret = ins->p->cb_filter(data, size, ntag, (int) tag_len, &out_buf, &out_size, ins,
                            NULL, ins->context, &fake_config);
    *ms = now_ms() - start;
    if (ret == FLB_FILTER_MODIFIED) {
        if (out_buf == NULL || out_size == 0) {
            die("MODIFIED with an empty buffer drops every record");
        }
        write_file(out, out_buf, out_size);
        memset(out_buf, 0xc1, out_size);
        free(out_buf); /* flb_free */
    }
    else if (ret == FLB_FILTER_NOTOUCH) {
        if (out_buf != NULL) {
            die("NOTOUCH with a buffer: it would leak");
        }
        write_file(out, data, size);
    }
    else {
        die("cb_filter returned %d", ret);
    }
    memset(data, 0xc1, size);
    memset(ntag, 'X', tag_len);
    free(data);
    free(ntag);
    return ret;
}

/* A coroutine as Fluent Bit's libco runs inputs: the call on a small heap stack. */
#define SMALL_STACK (32 * 1024)
static ucontext_t main_ctx, co_ctx;
static struct {
    struct flb_filter_instance *ins;
    const char *tag, *in, *out;
    int ret;
    double ms;
} co_call;

static void co_main(void)
{
    co_call.ret = run_filter(co_call.ins, co_call.tag, co_call.in, co_call.out, &co_call.ms);
    swapcontext(&co_ctx, &main_ctx);
}

struct parallel_call {
    pthread_t thread;
    struct flb_filter_instance *ins;
    const char *tag, *in;
    int rounds, ret;
    double ms;
};

static void *parallel_main(void *arg)
{
    struct parallel_call *pc = arg;
    char out[4096];
    double ms;
    int r;
    pc->ret = FLB_FILTER_MODIFIED;
    pc->ms = 0;
    for (r = 0; r < pc->rounds; r++) {
        int ret;
        snprintf(out, sizeof(out), "%s.out.%d", pc->in, r);
        ret = run_filter(pc->ins, pc->tag, pc->in, out, &ms);
        if (ret != FLB_FILTER_MODIFIED) {
            pc->ret = ret;
        }
        if (ms > pc->ms) {
            pc->ms = ms;
        }
    }
    return NULL;
}

/* src/flb_plugin.c: flb_plugin_load and path_to_plugin_name. */
static void load(char *path)
{
    char *copy = strdup(path);
    char *base = basename(copy);
    char symbol[256];
    void *sym;
    size_t len = strlen(base);

    if (strncmp(base, "flb-", 4) != 0 || len < 8 || strcmp(base + len - 3, ".so") != 0) {
        die("%s is not named flb-<type>_<name>.so", base);
    }
    snprintf(symbol, sizeof(symbol), "%.*s_plugin", (int) (len - 7), base + 4);
    handle = dlopen(path, RTLD_LAZY);
    if (handle == NULL) {
        die("dlopen %s: %s", path, dlerror());
    }
    sym = dlsym(handle, symbol);
    if (sym == NULL) {
        die("registration structure is missing '%s'", symbol);
    }
    plugin = malloc(sizeof(struct flb_filter_plugin));
    memcpy(plugin, sym, sizeof(struct flb_filter_plugin));
    emit("LOADED %d %s %s\n", plugin->event_type, plugin->name, plugin->description);
    if (plugin->cb_init == NULL || plugin->cb_filter == NULL || plugin->cb_exit == NULL) {
        die("a callback is missing");
    }
    free(copy);
}

static void command(char *line)
{
    struct flb_filter_instance *ins;
    char *cmd, *rest, *tag, *in, *out;
    double start, ms;
    int ret;

    cmd = strtok_r(line, " ", &rest);
    if (cmd == NULL || cmd[0] == '#') {
        return;
    }
    if (strcmp(cmd, "instance") == 0) {
        if (ninstances == MAX_INSTANCES) {
            die("too many instances");
        }
        ins = calloc(1, sizeof(*ins));
        ins->event_type = 1;
        ins->id = ninstances;
        ins->log_level = 3;
        snprintf(ins->name, sizeof(ins->name), "anomaly.%d", ninstances);
        ins->p = plugin;
        ins->properties.prev = ins->properties.next = &ins->properties;
        ins->data = strdup(strtok_r(NULL, " ", &rest)); /* the script's name for it */
        ins->config = &fake_config;
        instances[ninstances++] = ins;
    }
    else if (strcmp(cmd, "set") == 0) {
        struct flb_kv *kv = calloc(1, sizeof(*kv));
        ins = find(strtok_r(NULL, " ", &rest));
        kv->key = strdup(strtok_r(NULL, " ", &rest));
        kv->val = strdup(rest ? rest : "");
        /* mk_list_add: append at the tail */
        kv->_head.next = &ins->properties;
        kv->_head.prev = ins->properties.prev;
        ins->properties.prev->next = &kv->_head;
        ins->properties.prev = &kv->_head;
    }
    else if (strcmp(cmd, "alias") == 0) {
        ins = find(strtok_r(NULL, " ", &rest));
        ins->alias = strdup(rest);
    }
    else if (strcmp(cmd, "log_level") == 0) {
        ins = find(strtok_r(NULL, " ", &rest));
        ins->log_level = atoi(rest);
    }
    else if (strcmp(cmd, "init") == 0) {
        ins = find(strtok_r(NULL, " ", &rest));
        start = now_ms();
        ret = ins->p->cb_init(ins, &fake_config, NULL);
        emit("RESULT init %s %d %.1f\n", (char *) ins->data, ret, now_ms() - start);
    }
    else if (strcmp(cmd, "filter") == 0 || strcmp(cmd, "filter_small_stack") == 0) {
        ins = find(strtok_r(NULL, " ", &rest));
        tag = strtok_r(NULL, " ", &rest);
        in = strtok_r(NULL, " ", &rest);
        out = strtok_r(NULL, " ", &rest);
        if (strcmp(cmd, "filter") == 0) {
            ret = run_filter(ins, tag, in, out, &ms);
        }
        else {
            void *stack = malloc(SMALL_STACK);
            co_call.ins = ins;
            co_call.tag = tag;
            co_call.in = in;
            co_call.out = out;
            getcontext(&co_ctx);
            co_ctx.uc_stack.ss_sp = stack;
            co_ctx.uc_stack.ss_size = SMALL_STACK;
            co_ctx.uc_link = &main_ctx;
            makecontext(&co_ctx, co_main, 0);
            swapcontext(&main_ctx, &co_ctx);
            ret = co_call.ret;
            ms = co_call.ms;
            free(stack);
        }
        emit("RESULT %s %s %d %.3f\n", cmd, (char *) ins->data, ret, ms);
    }
    else if (strcmp(cmd, "filter_parallel") == 0) {
        struct parallel_call pc[8];
        int n = 0, i, rounds;
        ins = find(strtok_r(NULL, " ", &rest));
        tag = strtok_r(NULL, " ", &rest);
        rounds = atoi(strtok_r(NULL, " ", &rest));
        while ((in = strtok_r(NULL, " ", &rest)) != NULL && n < 8) {
            pc[n].ins = ins;
            pc[n].tag = tag;
            pc[n].in = in;
            pc[n].rounds = rounds;
            n++;
        }
        for (i = 0; i < n; i++) {
            if (pthread_create(&pc[i].thread, NULL, parallel_main, &pc[i]) != 0) {
                die("pthread_create");
            }
        }
        for (i = 0; i < n; i++) {
            pthread_join(pc[i].thread, NULL);
            emit("RESULT filter_parallel %s %d %.3f\n", (char *) ins->data, pc[i].ret, pc[i].ms);
        }
    }
    else if (strcmp(cmd, "exit") == 0) {
        ins = find(strtok_r(NULL, " ", &rest));
        start = now_ms();
        ret = ins->p->cb_exit(ins->context, &fake_config);
        emit("RESULT exit %s %d %.1f\n", (char *) ins->data, ret, now_ms() - start);
    }
    else if (strcmp(cmd, "reinit") == 0) {
        /* A hot reload (SIGHUP): Fluent Bit stops the instance and starts one of the same
         * name and properties in the same process, the library still loaded. */
        ins = find(strtok_r(NULL, " ", &rest));
        ins->context = NULL;
        start = now_ms();
        ret = ins->p->cb_init(ins, &fake_config, NULL);
        emit("RESULT reinit %s %d %.1f\n", (char *) ins->data, ret, now_ms() - start);
    }
    else if (strcmp(cmd, "same_mapping") == 0) {
        void *other = dlopen(rest, RTLD_LAZY);
        emit("SAME %d\n", other != NULL && other == handle);
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
        fprintf(stderr, "usage: filterhost flb-filter_anomaly.so SCRIPT\n");
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
    emit("DONE\n");
    return 0;
}
