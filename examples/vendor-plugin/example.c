/*
 * example.c — a Switchboard bearer plugin, written as a template for vendors.
 *
 * It drives one imaginary link device, "example0", that offers one network.
 * Connecting simulates the link coming up:
 *
 *   service_connect ──> ASSOCIATION ──(timer: ConnectDelayMs)──> CONFIGURATION
 *                       └─ worker thread measures link quality    ──> READY
 *                          and post()s it back to the loop           + IPv4
 *
 * Things worth copying:
 *   - the descriptor and ops tables are static, with SB_HEADER_INIT headers;
 *   - every struct handed to the host carries its SB_HEADER_INIT header;
 *   - asynchronous operations return SB_PENDING and call complete() exactly
 *     once: on success, on failure, or when a disconnect aborts them;
 *   - a worker thread never calls the host API except log() and post();
 *   - plugin_exit leaves no thread running and no memory behind.
 *
 * Configuration, in main.conf (all optional):
 *   [example]
 *   NetworkName=Example Network   # name shown to users
 *   ConnectDelayMs=100            # how long the simulated link takes, 0..60000
 *
 * Build: see Makefile and README.md next to this file.
 */
#define _POSIX_C_SOURCE 200809L /* nanosleep() and strerror() under -std=c11 too */

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <switchboard/plugin.h>

#define DEFAULT_NETWORK_NAME "Example Network"
#define DEFAULT_CONNECT_DELAY_MS 100
/* Well below the host's 120 s deadline for a pending request. */
#define MAX_CONNECT_DELAY_MS 60000

/* ------------------------------------------------------------------------ */
/* State                                                                     */
/* ------------------------------------------------------------------------ */

/* The plugin's context: what plugin_init stores in *ctx and every op gets
 * back.  Touched only on the host loop, so it needs no lock. */
struct example {
    const sb_host_api *host;
    sb_device_id device;
    sb_service_id service;
    uint64_t connect_delay_ms;

    /* The connect in flight (0 when none): its request and its timer. */
    sb_request_id connect_request;
    sb_source_id connect_timer;
    /* Ticket of the quality probe whose result this connection still wants,
     * or 0.  A disconnect sets it to 0, so a late result is ignored. */
    uintptr_t wanted_probe;
};

/* One run of the worker thread.  The worker writes `quality` and then calls
 * post(); the loop reads it only after pthread_join(), which orders the two. */
struct probe {
    struct probe *next;      /* in `probes`; loop only */
    struct example *owner;   /* loop only; valid while the probe is listed */
    uintptr_t ticket;        /* names this probe in its post() callback */
    const sb_host_api *host; /* for the worker: log() and post() only */
    pthread_t thread;
    uint8_t quality;         /* the worker's result, 0..100 */
};

/*
 * Probes whose thread has not been joined yet, and the next ticket number.
 * Loop only.  Why a list of tickets and not a pointer in post()?  A post()
 * callback may still be queued when plugin_exit runs, and it may run after
 * plugin_exit returned, when the context is gone.  So the callback gets a
 * number, never a pointer: plugin_exit joins and frees its probes and drops
 * them from this list, and a late callback finds nothing and does nothing.
 * This static data outlives every context: the host never unloads a plugin.
 */
static struct probe *probes;
static uintptr_t next_ticket = 1;

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */
/* ------------------------------------------------------------------------ */

/* log() copies the message, so a stack buffer is fine.  Thread-safe, like
 * log() itself. */
__attribute__((format(printf, 3, 4)))
static void example_log(const sb_host_api *host, sb_log_level level, const char *format, ...)
{
    char line[256];
    va_list args;
    va_start(args, format);
    vsnprintf(line, sizeof line, format, args);
    va_end(args);
    host->log(host->host, level, line);
}

static void set_state(struct example *ex, sb_service_state state)
{
    ex->host->service_set_state(ex->host->host, ex->service, state);
}

/* Reads ConnectDelayMs: a decimal number of milliseconds.  Anything else is
 * reported and replaced by the default rather than failing the plugin. */
static uint64_t read_connect_delay(const sb_host_api *host)
{
    const char *value = host->config_get(host->host, "ConnectDelayMs");
    if (value == NULL)
        return DEFAULT_CONNECT_DELAY_MS;

    char *end = NULL;
    errno = 0;
    unsigned long long delay = strtoull(value, &end, 10);
    if (value[0] < '0' || value[0] > '9' || *end != '\0' || errno != 0 ||
        delay > MAX_CONNECT_DELAY_MS) {
        example_log(host, SB_LOG_WARNING,
                    "ConnectDelayMs=%s is not a delay of 0-%d ms; using %d",
                    value, MAX_CONNECT_DELAY_MS, DEFAULT_CONNECT_DELAY_MS);
        return DEFAULT_CONNECT_DELAY_MS;
    }
    return delay;
}

/* ------------------------------------------------------------------------ */
/* The worker thread: a blocking vendor call, kept off the loop              */
/* ------------------------------------------------------------------------ */

/* Stands in for a vendor SDK call that blocks, e.g. asking a modem for its
 * signal quality over a slow serial line.  It must never run on the loop. */
static uint8_t vendor_read_link_quality(void)
{
    const struct timespec wait = { .tv_sec = 0, .tv_nsec = 20 * 1000 * 1000 };
    nanosleep(&wait, NULL);
    return 73;
}

static void probe_done(void *user_data);

static void *probe_thread(void *arg)
{
    struct probe *probe = arg;
    probe->quality = vendor_read_link_quality();

    /* The one way back to the loop.  Nothing here touches the host's state:
     * service_set_strength() happens in probe_done(), on the loop. */
    int err = probe->host->post(probe->host->host, probe_done, (void *)probe->ticket);
    if (err < 0)
        example_log(probe->host, SB_LOG_WARNING,
                    "cannot hand the link quality to the loop (%d); ignored", err);
    /* Either way the probe stays listed until plugin_exit or probe_done
     * joins this thread, so nothing leaks. */
    return NULL;
}

/* Removes the probe with `ticket` from the list and returns it, or NULL. */
static struct probe *take_probe(uintptr_t ticket)
{
    for (struct probe **link = &probes; *link != NULL; link = &(*link)->next) {
        struct probe *probe = *link;
        if (probe->ticket == ticket) {
            *link = probe->next;
            return probe;
        }
    }
    return NULL;
}

/* On the loop: the worker's result arrives. */
static void probe_done(void *user_data)
{
    uintptr_t ticket = (uintptr_t)user_data;
    struct probe *probe = take_probe(ticket);
    if (probe == NULL)
        return; /* its plugin instance already exited and joined it */

    /* The worker has posted and is returning: this join is immediate. */
    pthread_join(probe->thread, NULL);

    struct example *ex = probe->owner;
    if (ex->wanted_probe == ticket) {
        ex->wanted_probe = 0;
        ex->host->service_set_strength(ex->host->host, ex->service, probe->quality);
        example_log(ex->host, SB_LOG_DEBUG, "link quality %u", (unsigned)probe->quality);
    }
    free(probe);
}

/* Starts a probe for `ex`.  The strength it measures is a nicety, so a
 * failure here is logged and the connect goes on without it. */
static void start_probe(struct example *ex)
{
    struct probe *probe = calloc(1, sizeof *probe);
    if (probe == NULL) {
        example_log(ex->host, SB_LOG_WARNING, "no memory for the link quality probe");
        return;
    }
    probe->owner = ex;
    probe->ticket = next_ticket++;
    probe->host = ex->host;

    int err = pthread_create(&probe->thread, NULL, probe_thread, probe);
    if (err != 0) {
        example_log(ex->host, SB_LOG_WARNING, "cannot start the link quality probe: %s",
                    strerror(err));
        free(probe);
        return;
    }
    probe->next = probes;
    probes = probe;
    ex->wanted_probe = probe->ticket;
}

/* At exit: joins and frees every probe of `ex`.  This may block the loop
 * for the rest of one vendor call; a real plugin would first ask its vendor
 * library to abort the call. */
static void reap_probes(struct example *ex)
{
    struct probe **link = &probes;
    while (*link != NULL) {
        struct probe *probe = *link;
        if (probe->owner != ex) {
            link = &probe->next;
            continue;
        }
        *link = probe->next;
        pthread_join(probe->thread, NULL);
        free(probe);
    }
}

/* ------------------------------------------------------------------------ */
/* Bearer operations                                                         */
/* ------------------------------------------------------------------------ */

/* On the loop, ConnectDelayMs after service_connect: the link is up. */
static void connect_timer_fired(void *user_data)
{
    struct example *ex = user_data;
    sb_request_id request = ex->connect_request;

    /* A one-shot timer is gone once it fired: forget its id. */
    ex->connect_timer = 0;
    ex->connect_request = 0;

    set_state(ex, SB_SERVICE_CONFIGURATION);

    /* Strings are copied by the host: locals are fine. */
    static const char *const nameservers[] = { "198.51.100.1", NULL };
    const sb_ipv4_settings ipv4 = {
        .header = SB_HEADER_INIT(SB_MAGIC_IPV4_SETTINGS, sb_ipv4_settings),
        .method = SB_IP_FIXED, /* the network hands it out; users cannot change it */
        .address = "198.51.100.7",
        .netmask = "255.255.255.0",
        .gateway = "198.51.100.1",
        .nameservers = nameservers,
    };
    int err = ex->host->service_set_ipv4(ex->host->host, ex->service, &ipv4);
    if (err < 0) {
        set_state(ex, SB_SERVICE_FAILURE);
        ex->host->complete(ex->host->host, request, err);
        return;
    }
    set_state(ex, SB_SERVICE_READY);
    ex->host->complete(ex->host->host, request, 0);
    example_log(ex->host, SB_LOG_INFO, "link up");
}

/* Takes the service down: aborts a connect in flight (its request is
 * completed with -ECANCELED: every pending request is completed once). */
static void link_down(struct example *ex)
{
    if (ex->connect_request != 0) {
        ex->host->remove_timer(ex->host->host, ex->connect_timer);
        ex->host->complete(ex->host->host, ex->connect_request, -ECANCELED);
        ex->connect_timer = 0;
        ex->connect_request = 0;
    }
    ex->wanted_probe = 0; /* its thread is joined when its result arrives */
    ex->host->service_set_ipv4(ex->host->host, ex->service, NULL);
    set_state(ex, SB_SERVICE_IDLE);
}

static int example_connect(void *ctx, sb_service_id service, void *service_data,
                           sb_request_id request)
{
    struct example *ex = ctx;
    (void)service;      /* one service only: it is ex->service */
    (void)service_data; /* == ex, as given to service_add() */

    if (ex->connect_request != 0)
        return -EINPROGRESS;

    sb_source_id timer = ex->host->add_timer(ex->host->host, ex->connect_delay_ms, 0,
                                             connect_timer_fired, ex);
    if (timer == 0)
        return -ENOMEM;
    ex->connect_timer = timer;
    ex->connect_request = request;

    set_state(ex, SB_SERVICE_ASSOCIATION);
    start_probe(ex);
    return SB_PENDING; /* connect_timer_fired() calls complete() */
}

static int example_disconnect(void *ctx, sb_service_id service, void *service_data,
                              sb_request_id request)
{
    (void)service;
    (void)service_data;
    (void)request; /* we finish at once: no complete() for this request */
    link_down(ctx);
    return 0;
}

static int example_enable(void *ctx, sb_device_id device, void *device_data,
                          sb_request_id request)
{
    struct example *ex = ctx;
    (void)device_data;
    (void)request;
    return ex->host->device_set_powered(ex->host->host, device, 1);
}

static int example_disable(void *ctx, sb_device_id device, void *device_data,
                           sb_request_id request)
{
    struct example *ex = ctx;
    (void)device_data;
    (void)request;
    link_down(ex); /* powering down disconnects the device's services */
    return ex->host->device_set_powered(ex->host->host, device, 0);
}

/* ------------------------------------------------------------------------ */
/* Lifecycle                                                                 */
/* ------------------------------------------------------------------------ */

static int example_init(const sb_host_api *host, void **ctx)
{
    struct example *ex = calloc(1, sizeof *ex);
    if (ex == NULL)
        return -ENOMEM;
    ex->host = host;
    ex->connect_delay_ms = read_connect_delay(host);

    const sb_device_info device = {
        .header = SB_HEADER_INIT(SB_MAGIC_DEVICE_INFO, sb_device_info),
        .bearer = "example",   /* also the technology's name */
        .name = "example0",
        .interface = NULL,     /* no kernel interface in this simulation */
        .address = NULL,
        .powered = 1,
        .plugin_data = ex,
    };
    int err = host->device_add(host->host, &device, &ex->device);
    if (err < 0)
        goto fail;

    /* config_get() strings stay valid until plugin_exit() returns. */
    const char *network = host->config_get(host->host, "NetworkName");
    const sb_service_info service = {
        .header = SB_HEADER_INIT(SB_MAGIC_SERVICE_INFO, sb_service_info),
        .device = ex->device,
        .bearer = "example",
        .name = network != NULL ? network : DEFAULT_NETWORK_NAME,
        /* Stable across restarts, [A-Za-z0-9_]: bearer_device_network. */
        .identifier = "example_example0_link",
        .security = "none",
        .strength = 0,
        .plugin_data = ex,
    };
    err = host->service_add(host->host, &service, &ex->service);
    if (err < 0) {
        /* plugin_exit() will not run after a failed init: undo by hand. */
        host->device_remove(host->host, ex->device);
        goto fail;
    }

    example_log(host, SB_LOG_INFO, "example0 ready (connect delay %llu ms)",
                (unsigned long long)ex->connect_delay_ms);
    *ctx = ex;
    return 0;

fail:
    example_log(host, SB_LOG_ERROR, "cannot register example0: %s", strerror(-err));
    free(ex);
    return err;
}

static void example_exit(void *ctx)
{
    struct example *ex = ctx;
    /* The host would drop a leftover timer, but removing it ourselves keeps
     * the rule simple: nothing of ours outlives this function. */
    if (ex->connect_timer != 0)
        ex->host->remove_timer(ex->host->host, ex->connect_timer);
    reap_probes(ex); /* no thread of ours may call post() after we return */
    free(ex);
}

/* ------------------------------------------------------------------------ */
/* Tables and the entry point                                                */
/* ------------------------------------------------------------------------ */

static const sb_bearer_ops example_ops = {
    .header = SB_HEADER_INIT(SB_MAGIC_BEARER_OPS, sb_bearer_ops),
    .device_enable = example_enable,
    .device_disable = example_disable,
    .scan = NULL, /* the one network is always there: nothing to scan */
    .service_connect = example_connect,
    .service_disconnect = example_disconnect,
};

static const sb_plugin_descriptor example_descriptor = {
    .header = SB_HEADER_INIT(SB_MAGIC_PLUGIN_DESCRIPTOR, sb_plugin_descriptor),
    .name = "example", /* must match the file name: example.so */
    .version = "1.0.0",
    .description = "Example vendor link (template plugin)",
    .kind = SB_PLUGIN_KIND_BEARER,
    .priority = 0,
    .plugin_init = example_init,
    .plugin_exit = example_exit,
    .bearer_ops = &example_ops,
    .provisioning_ops = NULL,
};

/* Exports switchboard_plugin_entry(); with -fvisibility=hidden it is the
 * library's only exported symbol. */
SB_PLUGIN_DEFINE_ENTRY(example_descriptor)
