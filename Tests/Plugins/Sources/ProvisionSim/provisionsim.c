/*
 * sbtest-provision: a test-only provisioning plugin in C (ABI 1.6), without
 * any protocol.  It lets the tests drive the host's side of provisioning end
 * to end through the real ABI: iwd's DeviceProvisioning and
 * SharedCodeDeviceProvisioning interfaces, the SharedCodeAgent, and what an
 * enrollee's success does (a stored network, connected).  A session just
 * logs what start() got and ends from a timer the way the config says.
 *
 * It serves both methods; build it with -DSBTEST_PROVISION_METHODS=1 (DPP
 * only) or =2 (shared code only) for a host where one has no plugin: the
 * host reads the ops before plugin_init(), so the config cannot say.
 *
 * [sbtest-provision] keys:
 *   URI=DPP:...               the URI start() returns for DPP (default below)
 *   StartError=EBUSY          start() fails with this errno (a name below or a number)
 *   FinishAfterMs=N           each session ends by itself N ms after start (default: never)
 *   FinishError=ETIMEDOUT     ... with this errno (default: success)
 *   NetworkSSID=, NetworkPassphrase=
 *                             what a successful enrollee received ("Switchboard Lab",
 *                             "correct horse battery"); an empty NetworkSSID passes none
 *   AgentIdentifiers=a,b      an agent session asks for the code of each in turn,
 *                             10 ms after start and after each answer
 *   ProbeBusy=yes             asks twice at once; the second must fail with EBUSY
 * ConfigureEnrollee(uri) with a URI not starting with "DPP:" fails with EINVAL.
 * The log lines are matched by the tests: keep them stable.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <switchboard/plugin.h>

#define MAX_SESSIONS 4
#define DEFAULT_URI "DPP:C:81/1;M:020000000a01;V:2;K:MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADsbtest;;"

struct provision;

struct session {
    struct provision *plugin;
    sb_device_id device;
    int active;
    /* Tells a late answer to an earlier session apart from this one's. */
    unsigned generation;
    uint32_t method;
    uint32_t action;
    uint32_t flags;
    char interface[32];
    sb_source_id finish_timer;
    sb_source_id agent_timer;
    int asked;
};

/* What request_shared_code() gets as user_data: freed by its callback. */
struct code_request {
    struct session *session;
    unsigned generation;
    char identifier[96];
};

struct provision {
    const sb_host_api *host;
    struct session sessions[MAX_SESSIONS];
    unsigned generations;
};

static const struct {
    const char *name;
    int value;
} errno_names[] = {
    { "EINVAL", EINVAL }, { "EOPNOTSUPP", EOPNOTSUPP }, { "ENETDOWN", ENETDOWN }, { "EBUSY", EBUSY },
    { "ETIMEDOUT", ETIMEDOUT }, { "EPROTO", EPROTO }, { "EIO", EIO }, { "EACCES", EACCES },
    { "ECANCELED", ECANCELED }, { "ENOENT", ENOENT }, { "EPERM", EPERM },
};

/* "success", "EBUSY" or the number, for a 0 or -errno value. */
static const char *error_text(int error, char buffer[16])
{
    if (error == 0)
        return "success";
    for (size_t i = 0; i < sizeof errno_names / sizeof errno_names[0]; i++)
        if (errno_names[i].value == -error)
            return errno_names[i].name;
    snprintf(buffer, 16, "%d", error);
    return buffer;
}

/* A configured errno (a name or a positive number) as -errno; 0 when unset. */
static int parse_error(const char *text)
{
    if (text == NULL || *text == '\0')
        return 0;
    for (size_t i = 0; i < sizeof errno_names / sizeof errno_names[0]; i++)
        if (strcmp(errno_names[i].name, text) == 0)
            return -errno_names[i].value;
    return -abs(atoi(text));
}

static void plugin_log(struct provision *plugin, const char *message)
{
    plugin->host->log(plugin->host->host, SB_LOG_INFO, message);
}

static const char *plugin_config(struct provision *plugin, const char *key, const char *fallback)
{
    const char *value = plugin->host->config_get(plugin->host->host, key);
    return value != NULL ? value : fallback;
}

static struct session *session_of(struct provision *plugin, sb_device_id device)
{
    for (int i = 0; i < MAX_SESSIONS; i++)
        if (plugin->sessions[i].active && plugin->sessions[i].device == device)
            return &plugin->sessions[i];
    return NULL;
}

static void end_session(struct session *session)
{
    const sb_host_api *host = session->plugin->host;
    if (session->finish_timer != 0)
        host->remove_timer(host->host, session->finish_timer);
    if (session->agent_timer != 0)
        host->remove_timer(host->host, session->agent_timer);
    session->finish_timer = 0;
    session->agent_timer = 0;
    session->active = 0;
}

static void finish(void *user_data)
{
    struct session *session = user_data;
    struct provision *plugin = session->plugin;
    const sb_host_api *host = plugin->host;
    session->finish_timer = 0;
    int error = parse_error(plugin_config(plugin, "FinishError", NULL));
    const char *ssid = plugin_config(plugin, "NetworkSSID", "Switchboard Lab");
    const sb_network_config network = {
        .header = SB_HEADER_INIT(SB_MAGIC_NETWORK_CONFIG, sb_network_config),
        .ssid = ssid,
        .security = "psk",
        .passphrase = plugin_config(plugin, "NetworkPassphrase", "correct horse battery"),
    };
    int enrollee_success = error == 0 && session->action == SB_PROVISION_START_ENROLLEE && *ssid != '\0';
    char interface[32];
    snprintf(interface, sizeof interface, "%s", session->interface);
    end_session(session);
    /* Only an enrollee passes a network; configurators never have one to give. */
    int result = host->provisioning_finished(host->host, session->device, error, enrollee_success ? &network : NULL);
    char line[160], a[16], b[16];
    snprintf(line, sizeof line, "sbtest-provision: finished on %s with %s: host said %s", interface,
             error_text(error, a), error_text(result, b));
    plugin_log(plugin, line);
}

static void ask_next(void *user_data);

static void code_answered(void *user_data, int error, const char *code)
{
    struct code_request *request = user_data;
    struct session *session = request->session;
    struct provision *plugin = session->plugin;
    char line[200], text[16];
    if (error == 0)
        snprintf(line, sizeof line, "sbtest-provision: code for '%s': '%s'", request->identifier, code);
    else
        snprintf(line, sizeof line, "sbtest-provision: no code for '%s': %s", request->identifier, error_text(error, text));
    plugin_log(plugin, line);
    /* An answer drops that enrollee; the configurator waits for the next one. */
    if (session->active && session->generation == request->generation && session->agent_timer == 0)
        session->agent_timer = plugin->host->add_timer(plugin->host->host, 10, 0, ask_next, session);
    free(request);
}

/* The identifier at `index` of AgentIdentifiers, or 0 when there is none
 * (plain C11: no strtok_r). */
static int identifier_at(struct provision *plugin, int index, char out[96])
{
    const char *item = plugin_config(plugin, "AgentIdentifiers", "");
    for (int i = 0; *item != '\0'; i++) {
        size_t length = strcspn(item, ",");
        if (i == index) {
            snprintf(out, 96, "%.*s", (int)length, item);
            return 1;
        }
        item += length + (item[length] == ',');
    }
    return 0;
}

static int ask(struct session *session, const char *identifier)
{
    struct provision *plugin = session->plugin;
    const sb_host_api *host = plugin->host;
    struct code_request *request = calloc(1, sizeof *request);
    if (request == NULL)
        return -ENOMEM;
    request->session = session;
    request->generation = session->generation;
    snprintf(request->identifier, sizeof request->identifier, "%s", identifier);
    int err = host->request_shared_code(host->host, session->device, identifier, code_answered, request);
    char line[200], text[16];
    if (err < 0) {
        free(request);
        snprintf(line, sizeof line, "sbtest-provision: request_shared_code('%s') failed: %s", identifier,
                 error_text(err, text));
    } else {
        snprintf(line, sizeof line, "sbtest-provision: asked for the code of '%s'", identifier);
    }
    plugin_log(plugin, line);
    return err;
}

static void ask_next(void *user_data)
{
    struct session *session = user_data;
    char identifier[96];
    session->agent_timer = 0;
    if (!identifier_at(session->plugin, session->asked++, identifier))
        return;
    if (ask(session, identifier) == 0 && strcmp(plugin_config(session->plugin, "ProbeBusy", "no"), "yes") == 0)
        ask(session, identifier);
}

static const char *method_name(uint32_t method)
{
    return method == SB_PROVISIONING_DPP ? "dpp" : method == SB_PROVISIONING_SHARED_CODE ? "shared-code" : "?";
}

static const char *action_name(uint32_t action)
{
    switch (action) {
    case SB_PROVISION_START_ENROLLEE: return "enrollee";
    case SB_PROVISION_START_CONFIGURATOR: return "configurator";
    case SB_PROVISION_CONFIGURE_ENROLLEE: return "configure-enrollee";
    default: return "?";
    }
}

static const char *or_dash(const char *text)
{
    return text != NULL ? text : "-";
}

static int provision_start(void *ctx, sb_device_id device, const sb_provisioning_args *args, char *uri, size_t uri_size)
{
    struct provision *plugin = ctx;
    const sb_host_api *host = plugin->host;
    const sb_network_config *network = args->network;
    char line[700], text[16], seen[80] = "-";
    if (SB_HAS_FIELD(args, seen_frequency_count) && args->seen_frequency_count > 0) {
        size_t used = 0;
        for (size_t i = 0; i < args->seen_frequency_count && used < sizeof seen - 8; i++)
            used += (size_t)snprintf(seen + used, sizeof seen - used, "%s%u", i > 0 ? "," : "",
                                     args->seen_frequencies[i]);
    }
    snprintf(line, sizeof line,
             "sbtest-provision: start %s %s on %s (%s) flags=%u frequency=%u peer=%s code=%s identifier=%s "
             "network=%s passphrase=%s psk=%s seen=%s",
             method_name(args->method), action_name(args->action), or_dash(args->interface), or_dash(args->address),
             args->flags, args->frequency, or_dash(args->peer_uri), or_dash(args->code), or_dash(args->identifier),
             network != NULL ? or_dash(network->ssid) : "-",
             network != NULL && network->passphrase != NULL ? network->passphrase : "-",
             network != NULL && network->pre_shared_key != NULL ? "yes" : "no", seen);
    plugin_log(plugin, line);
    if (SB_HAS_FIELD(args, transmit_frequency_count)) {
        char transmit[120] = "-";
        size_t used = 0;
        for (size_t i = 0; i < args->transmit_frequency_count && used < sizeof transmit - 8; i++)
            used += (size_t)snprintf(transmit + used, sizeof transmit - used, "%s%u", i > 0 ? "," : "",
                                     args->transmit_frequencies[i]);
        snprintf(line, sizeof line, "sbtest-provision: may transmit on %s", transmit);
        plugin_log(plugin, line);
    }

    int error = parse_error(plugin_config(plugin, "StartError", NULL));
    if (error == 0 && args->peer_uri != NULL && strncmp(args->peer_uri, "DPP:", 4) != 0)
        error = -EINVAL;
    struct session *session = NULL;
    for (int i = 0; error == 0 && i < MAX_SESSIONS && session == NULL; i++)
        if (!plugin->sessions[i].active)
            session = &plugin->sessions[i];
    if (error == 0 && (session == NULL || session_of(plugin, device) != NULL))
        error = -EBUSY;  /* the host promised one session per device */
    if (error < 0) {
        snprintf(line, sizeof line, "sbtest-provision: start refused: %s", error_text(error, text));
        plugin_log(plugin, line);
        return error;
    }

    memset(session, 0, sizeof *session);
    session->plugin = plugin;
    session->device = device;
    session->active = 1;
    session->generation = ++plugin->generations;
    session->method = args->method;
    session->action = args->action;
    session->flags = args->flags;
    snprintf(session->interface, sizeof session->interface, "%s", or_dash(args->interface));
    snprintf(uri, uri_size, "%s", args->method == SB_PROVISIONING_DPP ? plugin_config(plugin, "URI", DEFAULT_URI) : "");
    long after = strtol(plugin_config(plugin, "FinishAfterMs", "0"), NULL, 10);
    if (after > 0)
        session->finish_timer = host->add_timer(host->host, (uint64_t)after, 0, finish, session);
    if (args->flags & SB_PROVISION_FLAG_AGENT)
        session->agent_timer = host->add_timer(host->host, 10, 0, ask_next, session);
    return 0;
}

static void provision_stop(void *ctx, sb_device_id device, sb_provisioning_stop_reason reason)
{
    struct provision *plugin = ctx;
    struct session *session = session_of(plugin, device);
    static const char *const reasons[] = { "?", "user", "device", "shutdown", "agent", "disconnected" };
    char line[120];
    snprintf(line, sizeof line, "sbtest-provision: stop on %s: %s", session != NULL ? session->interface : "unknown device",
             reason >= 1 && reason <= 5 ? reasons[reason] : "?");
    plugin_log(plugin, line);
    if (session != NULL)
        end_session(session);
}

static int provision_init(const sb_host_api *host, void **ctx)
{
    if (!SB_HAS_FIELD(host, provisioning_finished)) {
        host->log(host->host, SB_LOG_ERROR, "sbtest-provision needs a host with plugin ABI 1.3");
        return -ENOTSUP;
    }
    struct provision *plugin = calloc(1, sizeof *plugin);
    if (plugin == NULL)
        return -ENOMEM;
    plugin->host = host;
    *ctx = plugin;
    return 0;
}

static void provision_exit(void *ctx)
{
    struct provision *plugin = ctx;
    plugin_log(plugin, "sbtest-provision exit");
    free(plugin);
}

#ifndef SBTEST_PROVISION_METHODS
#define SBTEST_PROVISION_METHODS (SB_PROVISIONING_DPP | SB_PROVISIONING_SHARED_CODE)
#endif

static const sb_provisioning_ops provision_ops = {
    .header = SB_HEADER_INIT(SB_MAGIC_PROVISIONING_OPS, sb_provisioning_ops),
    .methods = SBTEST_PROVISION_METHODS,
    .start = provision_start,
    .stop = provision_stop,
};

static const sb_plugin_descriptor provision_descriptor = {
    .header = SB_HEADER_INIT(SB_MAGIC_PLUGIN_DESCRIPTOR, sb_plugin_descriptor),
    .name = "sbtest-provision",
    .version = "1.0.0",
    .description = "Test provisioning plugin without a protocol: sessions end as configured (ABI 1.3)",
    .kind = SB_PLUGIN_KIND_PROVISIONING,
    .plugin_init = provision_init,
    .plugin_exit = provision_exit,
    .provisioning_ops = &provision_ops,
};

SB_PLUGIN_DEFINE_ENTRY(provision_descriptor)
