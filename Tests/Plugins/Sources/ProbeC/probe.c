/*
 * sbtest-probe-c: a test-only bearer plugin in C.
 *
 * It exercises the asynchronous half of the ABI: service_connect returns
 * SB_PENDING and finishes 50 ms later from a timer through complete().
 * Its main.conf section [sbtest-probe-c] steers it:
 *   Fail=yes            plugin_init fails with -EIO
 *   ServiceName=...     the service's name (default "Probe C")
 *   ConnectResult=fail  connect ends in SB_SERVICE_FAILURE and -EIO
 * The log lines are matched by the tests: keep them stable.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <switchboard/plugin.h>

#define CONNECT_DELAY_MS 50

struct probe {
    const sb_host_api *host;
    sb_device_id device;
    sb_service_id service;
    /* The connect in flight: its request and timer, or 0 for none. */
    sb_request_id connect_request;
    sb_source_id connect_timer;
};

static void probe_log(struct probe *probe, sb_log_level level, const char *message)
{
    probe->host->log(probe->host->host, level, message);
}

static const char *probe_config(struct probe *probe, const char *key)
{
    return probe->host->config_get(probe->host->host, key);
}

/* Runs on the loop CONNECT_DELAY_MS after service_connect. */
static void probe_connect_timer(void *user_data)
{
    struct probe *probe = user_data;
    const sb_host_api *host = probe->host;
    sb_request_id request = probe->connect_request;
    const char *result = probe_config(probe, "ConnectResult");

    /* The host removes a one-shot timer once it fired. */
    probe->connect_timer = 0;
    probe->connect_request = 0;

    if (result != NULL && strcmp(result, "fail") == 0) {
        host->service_set_state(host->host, probe->service, SB_SERVICE_FAILURE);
        host->complete(host->host, request, -EIO);
        return;
    }

    static const char *const nameservers[] = { "192.0.2.53", NULL };
    const sb_ipv4_settings ipv4 = {
        .header = SB_HEADER_INIT(SB_MAGIC_IPV4_SETTINGS, sb_ipv4_settings),
        .method = SB_IP_FIXED,
        .address = "192.0.2.10",
        .netmask = "255.255.255.0",
        .gateway = "192.0.2.1",
        .nameservers = nameservers,
    };
    host->service_set_ipv4(host->host, probe->service, &ipv4);
    host->service_set_state(host->host, probe->service, SB_SERVICE_READY);
    host->complete(host->host, request, 0);
}

static int probe_service_connect(void *ctx, sb_service_id service, void *service_data,
                                 sb_request_id request)
{
    struct probe *probe = ctx;
    (void)service;
    (void)service_data;

    if (probe->connect_request != 0)
        return -EINPROGRESS;

    sb_source_id timer = probe->host->add_timer(probe->host->host, CONNECT_DELAY_MS, 0,
                                                probe_connect_timer, probe);
    if (timer == 0)
        return -ENOMEM;
    probe->connect_timer = timer;
    probe->connect_request = request;
    probe->host->service_set_state(probe->host->host, probe->service, SB_SERVICE_ASSOCIATION);
    return SB_PENDING;
}

static int probe_service_disconnect(void *ctx, sb_service_id service, void *service_data,
                                    sb_request_id request)
{
    struct probe *probe = ctx;
    (void)service;
    (void)service_data;
    (void)request;

    /* A disconnect during a connect aborts it: the pending request must
     * still be completed exactly once, and the timer must not fire later. */
    if (probe->connect_request != 0) {
        probe->host->remove_timer(probe->host->host, probe->connect_timer);
        probe->host->complete(probe->host->host, probe->connect_request, -ECANCELED);
        probe->connect_timer = 0;
        probe->connect_request = 0;
    }
    probe->host->service_set_state(probe->host->host, probe->service, SB_SERVICE_IDLE);
    probe->host->service_set_ipv4(probe->host->host, probe->service, NULL);
    return 0;
}

static int probe_device_enable(void *ctx, sb_device_id device, void *device_data,
                               sb_request_id request)
{
    struct probe *probe = ctx;
    (void)device_data;
    (void)request;
    return probe->host->device_set_powered(probe->host->host, device, 1);
}

static int probe_device_disable(void *ctx, sb_device_id device, void *device_data,
                                sb_request_id request)
{
    struct probe *probe = ctx;
    (void)device_data;
    (void)request;
    return probe->host->device_set_powered(probe->host->host, device, 0);
}

static int probe_register(struct probe *probe)
{
    const sb_host_api *host = probe->host;
    const sb_device_info device = {
        .header = SB_HEADER_INIT(SB_MAGIC_DEVICE_INFO, sb_device_info),
        .bearer = "probe",
        .name = "probe-c0",
        .interface = NULL,
        .address = "02:00:00:00:00:01",
        .powered = 1,
        .plugin_data = probe,
    };
    int err = host->device_add(host->host, &device, &probe->device);
    if (err < 0)
        return err;

    const char *name = probe_config(probe, "ServiceName");
    const sb_service_info service = {
        .header = SB_HEADER_INIT(SB_MAGIC_SERVICE_INFO, sb_service_info),
        .device = probe->device,
        .bearer = "probe",
        .name = name != NULL ? name : "Probe C",
        .identifier = "probe_c_service",
        .security = "none",
        .strength = 0,
        .plugin_data = probe,
    };
    err = host->service_add(host->host, &service, &probe->service);
    if (err < 0) {
        /* Leave nothing behind when init fails: plugin_exit will not run. */
        host->device_remove(host->host, probe->device);
        return err;
    }
    return 0;
}

static int probe_init(const sb_host_api *host, void **ctx)
{
    char line[128];
    snprintf(line, sizeof line, "probe-c init: host ABI %u.%u",
             (unsigned)host->header.abi_major, (unsigned)host->header.abi_minor);
    host->log(host->host, SB_LOG_INFO, line);

    const char *fail = host->config_get(host->host, "Fail");
    if (fail != NULL && strcmp(fail, "yes") == 0) {
        host->log(host->host, SB_LOG_INFO, "probe-c init failing as configured");
        return -EIO;
    }

    struct probe *probe = calloc(1, sizeof *probe);
    if (probe == NULL)
        return -ENOMEM;
    probe->host = host;

    int err = probe_register(probe);
    if (err < 0) {
        free(probe);
        return err;
    }
    snprintf(line, sizeof line, "probe-c registered device %" PRIu64 " and service %" PRIu64,
             probe->device, probe->service);
    probe_log(probe, SB_LOG_INFO, line);
    *ctx = probe;
    return 0;
}

static void probe_exit(void *ctx)
{
    struct probe *probe = ctx;
    /* A connect still in flight is dropped: its timer goes with us (the host
     * would remove it anyway, but we never leave a callback to freed memory). */
    if (probe->connect_timer != 0)
        probe->host->remove_timer(probe->host->host, probe->connect_timer);
    probe_log(probe, SB_LOG_INFO, "probe-c exit");
    free(probe);
}

static const sb_bearer_ops probe_ops = {
    .header = SB_HEADER_INIT(SB_MAGIC_BEARER_OPS, sb_bearer_ops),
    .device_enable = probe_device_enable,
    .device_disable = probe_device_disable,
    .scan = NULL,
    .service_connect = probe_service_connect,
    .service_disconnect = probe_service_disconnect,
};

static const sb_plugin_descriptor probe_descriptor = {
    .header = SB_HEADER_INIT(SB_MAGIC_PLUGIN_DESCRIPTOR, sb_plugin_descriptor),
    .name = "sbtest-probe-c",
    .version = "1.0.0",
    .description = "Test bearer plugin in C with asynchronous connect",
    .kind = SB_PLUGIN_KIND_BEARER,
    .priority = 0,
    .plugin_init = probe_init,
    .plugin_exit = probe_exit,
    .bearer_ops = &probe_ops,
    .provisioning_ops = NULL,
};

SB_PLUGIN_DEFINE_ENTRY(probe_descriptor)
