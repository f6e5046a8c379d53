/*
 * sbtest-wifi: a test-only Wi-Fi bearer plugin in C, without any radio.
 *
 * It drives the host's ABI 1.2 side end to end: a "wifi" device on adapter
 * "phy0" with networks (services) that a psk connect unlocks only with the
 * configured passphrase, asked for through service_request_secret() (the
 * known-network store or the user's agent) and reported through
 * service_secret_result(); a wrong one fails the connect with
 * -EKEYREJECTED, Error "invalid-key" and state failure.  Scans toggle
 * device_set_scanning() and may find more networks.
 *
 * [sbtest-wifi] keys:
 *   Passphrase=...        the passphrase the psk networks accept ("correct horse battery")
 *   Networks=N:SEC:STR,.. networks at start (default below); SEC is psk or none
 *   ScanFinds=N:SEC:STR,. networks the first scan adds
 *   Interface=wlan0  Adapter=phy0  Address=02:00:00:00:0a:01  Ifindex=0
 *   ConnectDelayMs=30     association to ready
 *   Frequency=MHz         reported for a connected network (ABI 1.3); unset: none
 *   SeenFrequencies=MHz,. where network N (in the order added) was seen (ABI 1.4); unset: none
 *   TransmitFrequencies=MHz,.  reported with device_set_transmit_frequencies (ABI 1.6); unset: not called
 *   InjectFrame=yes       hands the host one management frame after start-up
 * The log lines are matched by the tests: keep them stable.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include <switchboard/plugin.h>

#define MAX_NETWORKS 8
#define DEFAULT_NETWORKS "Switchboard Lab:psk:80, Open Lounge:none:45, Guest/5G:psk:30"

struct wifi;

struct network {
    struct wifi *wifi;
    char ssid[33];
    char security[8];
    sb_service_id service;
    /* The connect in flight: its request, and its timer once the key is accepted. */
    sb_request_id request;
    sb_source_id timer;
};

struct wifi {
    const sb_host_api *host;
    sb_device_id device;
    char address[18];
    struct network networks[MAX_NETWORKS];
    int count;
    int scanned;
    sb_request_id scan_request;
};

static void wifi_log(struct wifi *wifi, sb_log_level level, const char *message)
{
    wifi->host->log(wifi->host->host, level, message);
}

static const char *wifi_config(struct wifi *wifi, const char *key, const char *fallback)
{
    const char *value = wifi->host->config_get(wifi->host->host, key);
    return value != NULL ? value : fallback;
}

/* The WPA PSK: PBKDF2-HMAC-SHA1(passphrase, SSID, 4096 rounds, 32 bytes), as hex. */
static int derive_psk(const char *passphrase, const char *ssid, char out[65])
{
    unsigned char key[32];
    if (PKCS5_PBKDF2_HMAC_SHA1(passphrase, (int)strlen(passphrase), (const unsigned char *)ssid,
                               (int)strlen(ssid), 4096, sizeof key, key) != 1)
        return -EIO;
    for (size_t i = 0; i < sizeof key; i++)
        snprintf(out + 2 * i, 3, "%02x", key[i]);
    return 0;
}

static void finish_connect(struct network *net, sb_service_state state, int error)
{
    const sb_host_api *host = net->wifi->host;
    sb_request_id request = net->request;
    net->request = 0;
    net->timer = 0;
    host->service_set_state(host->host, net->service, state);
    host->complete(host->host, request, error);
}

static void associated(void *user_data)
{
    struct network *net = user_data;
    const sb_host_api *host = net->wifi->host;
    long frequency = strtol(wifi_config(net->wifi, "Frequency", "0"), NULL, 10);
    if (frequency > 0 && SB_HAS_FIELD(host, service_set_frequency))
        host->service_set_frequency(host->host, net->service, (uint32_t)frequency);
    finish_connect(net, SB_SERVICE_READY, 0);
}

static int start_association(struct network *net)
{
    const sb_host_api *host = net->wifi->host;
    long delay = strtol(wifi_config(net->wifi, "ConnectDelayMs", "30"), NULL, 10);
    net->timer = host->add_timer(host->host, (uint64_t)(delay > 0 ? delay : 1), 0, associated, net);
    return net->timer != 0 ? 0 : -ENOMEM;
}

/* The host's answer to service_request_secret(): never inside that call. */
static void secret_answered(void *user_data, int error, const sb_secret *secret)
{
    struct network *net = user_data;
    struct wifi *wifi = net->wifi;
    const sb_host_api *host = wifi->host;
    char line[160];

    if (net->request == 0)
        return; /* disconnected meanwhile */
    if (error < 0) {
        snprintf(line, sizeof line, "sbtest-wifi: no secret for '%s': %d", net->ssid, error);
        wifi_log(wifi, SB_LOG_INFO, line);
        finish_connect(net, SB_SERVICE_FAILURE, error);
        return;
    }
    char expected[65], given[65];
    const char *accepted = wifi_config(wifi, "Passphrase", "correct horse battery");
    int ok = derive_psk(accepted, net->ssid, expected) == 0;
    if (ok && secret->passphrase != NULL)
        ok = strcmp(secret->passphrase, accepted) == 0;
    if (ok && secret->pre_shared_key != NULL)
        ok = strcmp(secret->pre_shared_key, expected) == 0;
    if (!ok) {
        snprintf(line, sizeof line, "sbtest-wifi: '%s' refused the key", net->ssid);
        wifi_log(wifi, SB_LOG_INFO, line);
        host->service_secret_result(host->host, net->service, secret, -EKEYREJECTED);
        host->service_set_error(host->host, net->service, "invalid-key");
        finish_connect(net, SB_SERVICE_FAILURE, -EKEYREJECTED);
        return;
    }
    /* What worked, with the key derived from the passphrase when only that came. */
    if (secret->passphrase != NULL && derive_psk(secret->passphrase, net->ssid, given) == 0) {
        const sb_secret worked = {
            .header = SB_HEADER_INIT(SB_MAGIC_SECRET, sb_secret),
            .passphrase = secret->passphrase,
            .pre_shared_key = given,
        };
        host->service_secret_result(host->host, net->service, &worked, 0);
    } else {
        host->service_secret_result(host->host, net->service, secret, 0);
    }
    snprintf(line, sizeof line, "sbtest-wifi: '%s' accepted the key", net->ssid);
    wifi_log(wifi, SB_LOG_INFO, line);
    if (start_association(net) < 0)
        finish_connect(net, SB_SERVICE_FAILURE, -ENOMEM);
}

static int wifi_connect(void *ctx, sb_service_id service, void *service_data, sb_request_id request)
{
    struct network *net = service_data;
    const sb_host_api *host = net->wifi->host;
    (void)ctx;
    (void)service;

    if (net->request != 0)
        return -EINPROGRESS;
    net->request = request;
    host->service_set_state(host->host, net->service, SB_SERVICE_ASSOCIATION);
    int err = strcmp(net->security, "psk") == 0
        ? host->service_request_secret(host->host, net->service, 0, secret_answered, net)
        : start_association(net);
    if (err < 0) {
        net->request = 0;
        host->service_set_state(host->host, net->service, SB_SERVICE_FAILURE);
        return err;
    }
    return SB_PENDING;
}

static int wifi_disconnect(void *ctx, sb_service_id service, void *service_data, sb_request_id request)
{
    struct network *net = service_data;
    const sb_host_api *host = net->wifi->host;
    (void)ctx;
    (void)service;
    (void)request;

    if (net->request != 0) {
        if (net->timer != 0)
            host->remove_timer(host->host, net->timer);
        finish_connect(net, SB_SERVICE_IDLE, -ECANCELED);
    }
    host->service_set_state(host->host, net->service, SB_SERVICE_IDLE);
    return 0;
}

/* The index-th entry of SeenFrequencies (0 when there is none). */
static long seen_frequency(struct wifi *wifi, int index)
{
    const char *list = wifi_config(wifi, "SeenFrequencies", "");
    for (int i = 0; i < index && list != NULL; i++) {
        list = strchr(list, ',');
        if (list != NULL)
            list++;
    }
    return list != NULL ? strtol(list, NULL, 10) : 0;
}

/* TransmitFrequencies, when set, reported to the host; the result is logged. */
static void report_transmit_frequencies(struct wifi *wifi)
{
    const sb_host_api *host = wifi->host;
    const char *list = wifi_config(wifi, "TransmitFrequencies", NULL);
    if (list == NULL || !SB_HAS_FIELD(host, device_set_transmit_frequencies))
        return;
    uint32_t frequencies[16];
    size_t count = 0;
    for (const char *item = list; *item != '\0' && count < 16;) {
        char *end;
        frequencies[count++] = (uint32_t)strtoul(item, &end, 10);
        item = *end == ',' ? end + 1 : end + strlen(end);
    }
    int err = host->device_set_transmit_frequencies(host->host, wifi->device, frequencies, count);
    char line[96];
    snprintf(line, sizeof line, "sbtest-wifi: %zu transmit frequencies reported: %d", count, err);
    wifi_log(wifi, SB_LOG_INFO, line);
}

static int add_network(struct wifi *wifi, const char *spec)
{
    const sb_host_api *host = wifi->host;
    char copy[96];
    snprintf(copy, sizeof copy, "%s", spec);
    char *strength = strrchr(copy, ':');
    if (strength == NULL || wifi->count == MAX_NETWORKS)
        return -EINVAL;
    *strength++ = '\0';
    char *security = strrchr(copy, ':');
    if (security == NULL)
        return -EINVAL;
    *security++ = '\0';
    char *name = copy;
    while (*name == ' ')
        name++;

    struct network *net = &wifi->networks[wifi->count];
    net->wifi = wifi;
    snprintf(net->ssid, sizeof net->ssid, "%s", name);
    snprintf(net->security, sizeof net->security, "%s", security);

    /* ConnMan's identifier: wifi_<address>_<hex SSID>_managed_<security>. */
    char identifier[128];
    int used = snprintf(identifier, sizeof identifier, "wifi_");
    for (const char *c = wifi->address; *c != '\0'; c++)
        if (*c != ':')
            identifier[used++] = *c;
    identifier[used++] = '_';
    for (const unsigned char *c = (const unsigned char *)net->ssid; *c != '\0'; c++)
        used += snprintf(identifier + used, sizeof identifier - (size_t)used, "%02x", *c);
    snprintf(identifier + used, sizeof identifier - (size_t)used, "_managed_%s", net->security);

    const sb_service_info info = {
        .header = SB_HEADER_INIT(SB_MAGIC_SERVICE_INFO, sb_service_info),
        .device = wifi->device,
        .bearer = "wifi",
        .name = net->ssid,
        .identifier = identifier,
        .security = net->security,
        .strength = (uint8_t)strtol(strength, NULL, 10),
        .plugin_data = net,
    };
    int err = host->service_add(host->host, &info, &net->service);
    if (err != 0)
        return err;
    long seen = seen_frequency(wifi, wifi->count);
    if (seen > 0 && SB_HAS_FIELD(host, service_set_frequency))
        host->service_set_frequency(host->host, net->service, (uint32_t)seen);
    wifi->count++;
    return 0;
}

static int add_networks(struct wifi *wifi, const char *list)
{
    char copy[512];
    snprintf(copy, sizeof copy, "%s", list);
    char *saved = NULL;
    for (char *item = strtok_r(copy, ",", &saved); item != NULL; item = strtok_r(NULL, ",", &saved)) {
        int err = add_network(wifi, item);
        if (err < 0)
            return err;
    }
    return 0;
}

static void scan_done(void *user_data)
{
    struct wifi *wifi = user_data;
    const sb_host_api *host = wifi->host;
    sb_request_id request = wifi->scan_request;
    wifi->scan_request = 0;
    if (!wifi->scanned)
        add_networks(wifi, wifi_config(wifi, "ScanFinds", ""));
    wifi->scanned = 1;
    host->device_set_scanning(host->host, wifi->device, 0);
    wifi_log(wifi, SB_LOG_INFO, "sbtest-wifi: scan done");
    host->complete(host->host, request, 0);
}

static int wifi_scan(void *ctx, sb_device_id device, void *device_data, sb_request_id request)
{
    struct wifi *wifi = ctx;
    (void)device_data;
    if (wifi->scan_request != 0)
        return -EBUSY;
    if (wifi->host->add_timer(wifi->host->host, 40, 0, scan_done, wifi) == 0)
        return -ENOMEM;
    wifi->scan_request = request;
    wifi->host->device_set_scanning(wifi->host->host, device, 1);
    return SB_PENDING;
}

static int wifi_power(void *ctx, sb_device_id device, int powered)
{
    struct wifi *wifi = ctx;
    int err = wifi->host->device_set_powered(wifi->host->host, device, powered);
    /* After the call: a test sees what the host did inside it. */
    wifi_log(wifi, SB_LOG_INFO, powered ? "sbtest-wifi: powered on" : "sbtest-wifi: powered off");
    return err;
}

static int wifi_enable(void *ctx, sb_device_id device, void *device_data, sb_request_id request)
{
    (void)device_data;
    (void)request;
    return wifi_power(ctx, device, 1);
}

static int wifi_disable(void *ctx, sb_device_id device, void *device_data, sb_request_id request)
{
    (void)device_data;
    (void)request;
    return wifi_power(ctx, device, 0);
}

/* An Action frame (public action, DPP) as a driver would hand it over. */
static void inject_frame(void *user_data)
{
    struct wifi *wifi = user_data;
    uint8_t frame[32] = { 0xd0, 0x00 };
    frame[24] = 0x04; /* category: public action */
    frame[25] = 0x09; /* vendor specific */
    wifi->host->device_frame_received(wifi->host->host, wifi->device, 2437, frame, sizeof frame);
    wifi_log(wifi, SB_LOG_INFO, "sbtest-wifi: frame handed over");
}

static int wifi_init(const sb_host_api *host, void **ctx)
{
    if (!SB_HAS_FIELD(host, device_frame_received)) {
        host->log(host->host, SB_LOG_ERROR, "sbtest-wifi needs a host with plugin ABI 1.2");
        return -ENOTSUP;
    }
    struct wifi *wifi = calloc(1, sizeof *wifi);
    if (wifi == NULL)
        return -ENOMEM;
    wifi->host = host;
    snprintf(wifi->address, sizeof wifi->address, "%s", wifi_config(wifi, "Address", "02:00:00:00:0a:01"));
    const sb_device_info device = {
        .header = SB_HEADER_INIT(SB_MAGIC_DEVICE_INFO, sb_device_info),
        .bearer = "wifi",
        .name = wifi_config(wifi, "Interface", "wlan0"),
        .interface = wifi_config(wifi, "Interface", "wlan0"),
        .address = wifi->address,
        .ifindex = (int32_t)strtol(wifi_config(wifi, "Ifindex", "0"), NULL, 10),
        .powered = 1,
        .plugin_data = wifi,
        .adapter = wifi_config(wifi, "Adapter", "phy0"),
    };
    int err = host->device_add(host->host, &device, &wifi->device);
    if (err == 0)
        err = add_networks(wifi, wifi_config(wifi, "Networks", DEFAULT_NETWORKS));
    if (err < 0) {
        /* Removing the device removes the services it has so far. */
        if (wifi->device != 0)
            host->device_remove(host->host, wifi->device);
        free(wifi);
        return err;
    }
    report_transmit_frequencies(wifi);
    if (strcmp(wifi_config(wifi, "InjectFrame", "no"), "yes") == 0)
        host->add_timer(host->host, 10, 0, inject_frame, wifi);
    char line[96];
    snprintf(line, sizeof line, "sbtest-wifi: %d network(s) on %s", wifi->count, device.name);
    wifi_log(wifi, SB_LOG_INFO, line);
    *ctx = wifi;
    return 0;
}

static void wifi_exit(void *ctx)
{
    struct wifi *wifi = ctx;
    wifi_log(wifi, SB_LOG_INFO, "sbtest-wifi exit");
    free(wifi);
}

static const sb_bearer_ops wifi_ops = {
    .header = SB_HEADER_INIT(SB_MAGIC_BEARER_OPS, sb_bearer_ops),
    .device_enable = wifi_enable,
    .device_disable = wifi_disable,
    .scan = wifi_scan,
    .service_connect = wifi_connect,
    .service_disconnect = wifi_disconnect,
};

static const sb_plugin_descriptor wifi_descriptor = {
    .header = SB_HEADER_INIT(SB_MAGIC_PLUGIN_DESCRIPTOR, sb_plugin_descriptor),
    .name = "sbtest-wifi",
    .version = "1.0.0",
    .description = "Test Wi-Fi bearer without a radio: secrets, errors, scanning (ABI 1.2)",
    .kind = SB_PLUGIN_KIND_BEARER,
    .plugin_init = wifi_init,
    .plugin_exit = wifi_exit,
    .bearer_ops = &wifi_ops,
};

SB_PLUGIN_DEFINE_ENTRY(wifi_descriptor)
