/*
 * switchboard/plugin.h — the Switchboard plugin ABI, version 1.6
 *
 * This header is the whole contract between switchboardd (the host) and a
 * plugin (a shared library the host loads at run time).  It is meant to be
 * read on its own; docs/plugin-sdk.md walks through it with an example.
 *
 * The shape in one paragraph
 *   A plugin exports one C function, SB_PLUGIN_ENTRY_NAME, that returns a
 *   pointer to a static sb_plugin_descriptor.  The host checks the
 *   descriptor's header (magic, ABI major/minor, struct_size), then calls
 *   plugin_init() with a host API table of its own (sb_host_api) and keeps
 *   the context pointer the plugin hands back.  A bearer plugin also points
 *   its descriptor at an sb_bearer_ops table: the host calls those
 *   operations to enable devices, scan and connect services.  The plugin
 *   reports what it finds (devices, services, states, IP settings) through
 *   the host API.  Plugins never talk to D-Bus: the host exports everything.
 *
 * Threading rule
 *   The host runs one event loop on one thread.  Every plugin entry point
 *   (plugin_init, plugin_exit, every op, every fd/timer/post callback) is
 *   called on that loop.  A plugin may call the host API only from the loop,
 *   with two exceptions that are safe from any thread: log() and post().
 *   A plugin that needs a worker thread hands its results back with post().
 *   Plugins should not block the loop: do I/O through watch_fd().
 *
 * Evolution rule (append-only)
 *   Every struct starts with an sb_header.  New fields are only ever added
 *   at the end of a struct and bump SB_ABI_MINOR, as do new values of an
 *   enum the host passes to plugins (which treat a value they do not know
 *   as documented at that enum); existing fields and values never move,
 *   change type or change meaning.  A removal or change bumps SB_ABI_MAJOR,
 *   and the host refuses plugins of another major.
 *   - The host refuses a plugin built against a *newer* minor than it knows
 *     (the plugin could rely on host API fields the host does not have).
 *   - A plugin built against an older minor keeps loading: the host reads
 *     only the fields inside the plugin's struct_size.
 *   - Before using a host API field added after 1.0, a plugin checks
 *     SB_HAS_FIELD(host_api, field).
 *   History: 1.0 the first ABI; 1.1 appends sb_service_info.flags
 *   (AutoConnect) and the host's IP configuration service
 *   (service_configure_ip, service_release_ip); 1.2 appends
 *   sb_device_info.adapter, secrets from the user and the known-network
 *   store (sb_secret, service_request_secret, service_secret_result),
 *   service_set_error, device_set_scanning, and management-frame transport
 *   (bearer ops frame_register, frame_send, remain_on_channel,
 *   cancel_remain_on_channel; host API device_frame_received); 1.3 appends
 *   the provisioning ops (switchboard/plugin-provisioning.h) and the host
 *   API a provisioning plugin uses (frames on a device, shared codes from
 *   the user's agent, provisioning_finished), and service_set_frequency;
 *   1.4 appends sb_provisioning_args.seen_frequencies (and widens
 *   service_set_frequency to services seen but not connected); 1.5 adds the
 *   stop reason SB_PROVISIONING_STOP_DISCONNECTED (no struct changes); 1.6
 *   appends device_set_transmit_frequencies and
 *   sb_provisioning_args.transmit_frequencies.
 *
 * Errors
 *   Functions returning int return 0 on success and a negative errno value
 *   on failure (-EINVAL, -ENOENT, -EBUSY, ...).  Operations that complete
 *   later return SB_PENDING and finish with sb_host_api.complete().
 */
#ifndef SWITCHBOARD_PLUGIN_H
#define SWITCHBOARD_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Versions, magics and the common header                                    */
/* ------------------------------------------------------------------------ */

/** ABI major version: a plugin of another major is refused. */
#define SB_ABI_MAJOR 1
/** ABI minor version: grows when fields are appended to a struct. */
#define SB_ABI_MINOR 6

/** Name of the one symbol the host looks up in a plugin. */
#define SB_PLUGIN_ENTRY_NAME "switchboard_plugin_entry"

/* One magic per struct type, so a pointer to the wrong struct is caught.
 * Each spells four ASCII letters when read as a big-endian word. */
#define SB_MAGIC_PLUGIN_DESCRIPTOR 0x53424450u /* "SBDP" */
#define SB_MAGIC_HOST_API          0x53424841u /* "SBHA" */
#define SB_MAGIC_BEARER_OPS        0x5342424Fu /* "SBBO" */
#define SB_MAGIC_PROVISIONING_OPS  0x5342504Fu /* "SBPO" */
#define SB_MAGIC_DEVICE_INFO       0x53424449u /* "SBDI" */
#define SB_MAGIC_SERVICE_INFO      0x53425349u /* "SBSI" */
#define SB_MAGIC_IPV4_SETTINGS     0x53423441u /* "SB4A" */
#define SB_MAGIC_IPV6_SETTINGS     0x53423641u /* "SB6A" */
#define SB_MAGIC_SECRET            0x53425345u /* "SBSE" */
#define SB_MAGIC_NETWORK_CONFIG    0x53424e43u /* "SBNC" */
#define SB_MAGIC_PROVISIONING_ARGS 0x53425041u /* "SBPA" */

/** Opening fields of every ABI struct. */
typedef struct sb_header {
    /** One of SB_MAGIC_*: says which struct follows. */
    uint32_t magic;
    /** SB_ABI_MAJOR of the header the producer of this struct was built with. */
    uint16_t abi_major;
    /** SB_ABI_MINOR of the header the producer of this struct was built with. */
    uint16_t abi_minor;
    /** sizeof() the whole struct as its producer compiled it. */
    uint32_t struct_size;
    /** Must be zero; reserved for flags. */
    uint32_t reserved;
} sb_header;

/** Initialiser for the header of a struct of type TYPE with magic MAGIC. */
#define SB_HEADER_INIT(MAGIC, TYPE) \
    { (MAGIC), SB_ABI_MAJOR, SB_ABI_MINOR, (uint32_t)sizeof(TYPE), 0u }

/** Size of TYPE up to and including FIELD: a struct whose struct_size is at
 *  least this large has FIELD. */
#define SB_SIZE_THROUGH(TYPE, FIELD) \
    (offsetof(TYPE, FIELD) + sizeof(((TYPE *)0)->FIELD))

/** True when the struct behind PTR (which starts with an sb_header named
 *  header) was built with FIELD. */
#define SB_HAS_FIELD(PTR, FIELD) \
    ((PTR)->header.struct_size >= \
     offsetof(__typeof__(*(PTR)), FIELD) + sizeof((PTR)->FIELD))

/** Returned by an operation that will finish later through complete(). */
#define SB_PENDING 1

/* ------------------------------------------------------------------------ */
/* Identifiers and enumerations                                              */
/* ------------------------------------------------------------------------ */

/** Host-assigned handle of a device; 0 is never a valid device. */
typedef uint64_t sb_device_id;
/** Host-assigned handle of a service; 0 is never a valid service. */
typedef uint64_t sb_service_id;
/** Host-assigned handle of a pending operation (see complete()). */
typedef uint64_t sb_request_id;
/** Handle of an fd watch or a timer; 0 means "could not be created". */
typedef uint64_t sb_source_id;

/** What a plugin provides. */
typedef enum sb_plugin_kind {
    /** Brings up network connections: devices and services (ethernet, wifi, ...). */
    SB_PLUGIN_KIND_BEARER = 1,
    /** Provisions credentials (DPP, PKEX, ...); its ops come in ABI 1.3. */
    SB_PLUGIN_KIND_PROVISIONING = 2
} sb_plugin_kind;

/** Log severities, most severe first. */
typedef enum sb_log_level {
    SB_LOG_ERROR = 0,   /**< something failed and the user should know */
    SB_LOG_WARNING = 1, /**< something odd that the plugin worked around */
    SB_LOG_INFO = 2,    /**< a state change worth a line in the journal */
    SB_LOG_DEBUG = 3    /**< detail for developers; shown with --debug */
} sb_log_level;

/** Service states, in ConnMan's vocabulary. */
typedef enum sb_service_state {
    SB_SERVICE_IDLE = 0,          /**< not connected and not trying */
    SB_SERVICE_ASSOCIATION = 1,   /**< link-layer connection in progress */
    SB_SERVICE_CONFIGURATION = 2, /**< link up, IP configuration in progress */
    SB_SERVICE_READY = 3,         /**< IP configured; internet not verified */
    SB_SERVICE_ONLINE = 4,        /**< internet reachability verified */
    SB_SERVICE_FAILURE = 5,       /**< the last connection attempt failed */
    SB_SERVICE_DISCONNECT = 6     /**< disconnection in progress */
} sb_service_state;

/** Events for watch_fd(); any combination. */
enum sb_fd_events {
    SB_FD_READABLE = 1u << 0, /**< data (or EOF) can be read */
    SB_FD_WRITABLE = 1u << 1  /**< a write would not block */
};

/** How an address family is configured. */
typedef enum sb_ip_method {
    SB_IP_OFF = 0,    /**< the family is not used */
    SB_IP_DHCP = 1,   /**< IPv4 from DHCP */
    SB_IP_MANUAL = 2, /**< set by the user */
    SB_IP_FIXED = 3,  /**< set by the network and not changeable (e.g. cellular) */
    SB_IP_AUTO = 4    /**< IPv6 from router advertisements (SLAAC) */
} sb_ip_method;

/* The records a plugin passes to the host: devices, services, IP settings, secrets. */
#include "plugin-records.h"

/* ------------------------------------------------------------------------ */
/* The host API: what the host offers each plugin                            */
/* ------------------------------------------------------------------------ */

/** Opaque handle the host passes to every host API call of one plugin. */
typedef struct sb_host sb_host;

/** Called on the loop when an fd watched with watch_fd() is ready; events is
 *  a mask of SB_FD_* that are ready. */
typedef void (*sb_fd_callback)(int fd, uint32_t events, void *user_data);
/** Called on the loop when a timer fires. */
typedef void (*sb_timer_callback)(void *user_data);
/** Called on the loop for work handed over with post(). */
typedef void (*sb_post_callback)(void *user_data);
/** Called on the loop with the answer to service_request_secret() (ABI
 *  1.2): error 0 and a secret, or -errno and NULL.  The secret's strings are
 *  valid only during the call. */
typedef void (*sb_secret_callback)(void *user_data, int error, const sb_secret *secret);
/** Called on the loop when an operation of the host API finishes (ABI 1.3):
 *  error 0 or -errno. */
typedef void (*sb_result_callback)(void *user_data, int error);
/** Called on the loop with the answer to request_shared_code() (ABI 1.3):
 *  error 0 and the code, or -errno and NULL.  The code is valid only during
 *  the call. */
typedef void (*sb_shared_code_callback)(void *user_data, int error, const char *code);

/** The host's services, one table per plugin.  Valid from plugin_init() until
 *  plugin_exit() returns.  Every function takes the table's `host` first. */
typedef struct sb_host_api {
    /** SB_HEADER_INIT(SB_MAGIC_HOST_API, sb_host_api), filled in by the host. */
    sb_header header;
    /** This plugin's handle; pass it as the first argument of every call. */
    sb_host *host;

    /** Writes a log line attributed to this plugin.  Thread-safe. */
    void (*log)(sb_host *host, sb_log_level level, const char *message);

    /** Watches fd for `events` (SB_FD_*) on the host loop until unwatch_fd().
     *  The plugin keeps owning fd and must unwatch before closing it.
     *  Returns a non-zero id, or 0 on failure. */
    sb_source_id (*watch_fd)(sb_host *host, int fd, uint32_t events,
                             sb_fd_callback callback, void *user_data);
    /** Stops a watch.  Safe to call from inside its own callback. */
    void (*unwatch_fd)(sb_host *host, sb_source_id watch);

    /** Calls `callback` after delay_ms, then every interval_ms if that is
     *  non-zero (a one-shot timer removes itself after firing).  Returns a
     *  non-zero id, or 0 on failure. */
    sb_source_id (*add_timer)(sb_host *host, uint64_t delay_ms,
                              uint64_t interval_ms, sb_timer_callback callback,
                              void *user_data);
    /** Cancels a timer.  Safe from its own callback and after it fired. */
    void (*remove_timer)(sb_host *host, sb_source_id timer);

    /** Queues `callback` to run on the loop.  Thread-safe: the one way for a
     *  plugin's own threads to reach the host.  A callback still queued when
     *  plugin_exit() is called is dropped, never run.  Returns 0 or -errno. */
    int (*post)(sb_host *host, sb_post_callback callback, void *user_data);

    /** Looks up `key` in this plugin's own section of main.conf (the section
     *  named after the plugin).  Returns the value, or NULL when unset.  The
     *  string stays valid until plugin_exit() returns. */
    const char *(*config_get)(sb_host *host, const char *key);

    /** Registers a device; on success stores its handle in *out. */
    int (*device_add)(sb_host *host, const sb_device_info *info, sb_device_id *out);
    /** Removes a device and every service that belongs to it. */
    int (*device_remove)(sb_host *host, sb_device_id device);
    /** Reports whether a device is powered (enabled). */
    int (*device_set_powered)(sb_host *host, sb_device_id device, int powered);

    /** Registers a service (initially SB_SERVICE_IDLE); stores its handle in
     *  *out.  -EEXIST if the identifier is taken, -EINVAL if it is malformed. */
    int (*service_add)(sb_host *host, const sb_service_info *info, sb_service_id *out);
    /** Removes a service. */
    int (*service_remove)(sb_host *host, sb_service_id service);
    /** Reports a service's state. */
    int (*service_set_state)(sb_host *host, sb_service_id service, sb_service_state state);
    /** Reports a service's signal strength, 0..100. */
    int (*service_set_strength)(sb_host *host, sb_service_id service, uint8_t strength);
    /** Reports a service's IPv4 settings (NULL or SB_IP_OFF clears them). */
    int (*service_set_ipv4)(sb_host *host, sb_service_id service, const sb_ipv4_settings *settings);
    /** Reports a service's IPv6 settings (NULL or SB_IP_OFF clears them). */
    int (*service_set_ipv6)(sb_host *host, sb_service_id service, const sb_ipv6_settings *settings);

    /** Finishes an operation that returned SB_PENDING: error is 0 or -errno.
     *  Call it exactly once per pending request.  The host fails a request
     *  itself with -ETIMEDOUT after 120 s, and with -ECANCELED for requests
     *  still pending when plugin_exit() is called; a later complete() for
     *  such a request is ignored with a warning. */
    void (*complete)(sb_host *host, sb_request_id request, int error);

    /* ---- ABI 1.1: IP configuration as a host service ---- */
    /** Says "the link of this service is up (carrier, association done):
     *  configure it".  The host then owns the service's IP layer on kernel
     *  interface `ifindex`: the user's static IPv4 configuration or DHCPv4,
     *  IPv6 from router advertisements, the online check; it applies
     *  addresses, routes and nameservers through rtnetlink, reports the
     *  service's IPv4/IPv6 itself and moves it through configuration, ready
     *  and online (or failure).  Do not call service_set_ipv4/ipv6 or report
     *  ready/online for such a service.  `flags`: SB_IP_CONFIG_*.  Returns 0,
     *  -ENOENT for an unknown service, -ENODEV for a bad ifindex, -EALREADY
     *  when it is already being configured.  Check
     *  SB_HAS_FIELD(host_api, service_configure_ip) first. */
    int (*service_configure_ip)(sb_host *host, sb_service_id service, int32_t ifindex, uint32_t flags);
    /** Ends what service_configure_ip() started: the DHCP lease is released,
     *  the addresses and routes the host added are removed and the service's
     *  IP settings are cleared (its state is the plugin's again).  Call it on
     *  disconnect and when the link goes down.  -ENOENT when nothing runs. */
    int (*service_release_ip)(sb_host *host, sb_service_id service);

    /* ---- ABI 1.2: secrets, errors, scanning, frames ---- */
    /** Asks for the secret of a service (a Wi-Fi passphrase): the host
     *  answers from its known-network store, or else asks the user's agent
     *  (ConnMan's RequestInput, iwd's RequestPassphrase).  `callback` always
     *  runs later on the loop, never inside this call, exactly once:
     *  -ENOKEY when no agent is registered, -ECANCELED when the user
     *  declined (or the plugin is being stopped: before plugin_exit),
     *  -ETIMEDOUT when the agent did not answer, -EINVAL when the user's
     *  answer is neither an 8..63 character passphrase nor 64 hex digits,
     *  -ENOENT when the service went away.  `flags`: SB_SECRET_*.  Returns
     *  0 or -errno (-EBUSY while the service has a request; no callback). */
    int (*service_request_secret)(sb_host *host, sb_service_id service, uint32_t flags,
                                  sb_secret_callback callback, void *user_data);
    /** Reports how a connection that used a secret ended: error 0 with the
     *  secret that worked (the host stores it as a known network, mode
     *  0600), or -EKEYREJECTED when the network refused it (the host
     *  stores nothing and forgets a stored secret that no longer works). */
    int (*service_secret_result)(sb_host *host, sb_service_id service, const sb_secret *secret, int error);
    /** Sets the service's Error property, e.g. "invalid-key",
     *  "connect-failed", "auth-failed" (ConnMan's names); NULL clears it.
     *  Report SB_SERVICE_FAILURE separately. */
    int (*service_set_error)(sb_host *host, sb_service_id service, const char *error);
    /** Reports that a device is scanning (non-zero) or has stopped. */
    int (*device_set_scanning)(sb_host *host, sb_device_id device, int scanning);
    /** Hands the host a management frame that matched a frame_register()
     *  (802.11 header included), received on `frequency` MHz. */
    void (*device_frame_received)(sb_host *host, sb_device_id device, uint32_t frequency,
                                  const uint8_t *frame, size_t length);

    /* ---- ABI 1.3: the channel of a connection (bearers) ---- */
    /** Reports the frequency in MHz a connected Wi-Fi service uses (0 when
     *  unknown).  A configurator listens there for its enrollee.  Since
     *  ABI 1.4 also for a service that is not connected: where its strongest
     *  access point was last seen (what a shared-code enrollee searches). */
    int (*service_set_frequency)(sb_host *host, sb_service_id service, uint32_t frequency);

    /* ---- ABI 1.3: provisioning plugins ----
     * A provisioning plugin never owns a radio: it reaches a device through
     * the bearer that owns it, with these calls.  Each returns 0 or -errno
     * at once (-ENOENT unknown device, -EOPNOTSUPP when its bearer has no
     * frame transport); a callback, when given, runs later on the loop,
     * exactly once, unless the call returned an error. */
    /** Asks for the management frames of `frame_type` (e.g. 0x00d0, Action)
     *  received on `device` whose body starts with `match`: from then on
     *  they reach the plugin's frame_received op.  Registrations end when
     *  the device goes away. */
    int (*device_frame_register)(sb_host *host, sb_device_id device, uint16_t frame_type,
                                 const uint8_t *match, size_t match_length);
    /** Sends a whole management frame (802.11 header included; the plugin
     *  fills in the addresses) on `frequency` MHz, staying there up to
     *  wait_ms for an answer.  `callback`: 0 when the peer acknowledged it,
     *  -EIO when not. */
    int (*device_frame_send)(sb_host *host, sb_device_id device, uint32_t frequency, uint32_t wait_ms,
                             const uint8_t *frame, size_t length, sb_result_callback callback,
                             void *user_data);
    /** Listens on `frequency` MHz for duration_ms; `callback` runs once the
     *  radio is there (0) or could not go (-errno). */
    int (*device_remain_on_channel)(sb_host *host, sb_device_id device, uint32_t frequency,
                                    uint32_t duration_ms, sb_result_callback callback, void *user_data);
    /** Ends a device_remain_on_channel() early. */
    int (*device_cancel_remain_on_channel)(sb_host *host, sb_device_id device);
    /** For a session started with SB_PROVISION_FLAG_AGENT: asks the user's
     *  SharedCodeAgent for the code of the enrollee named `identifier`
     *  (NULL or "" when it named none).  `callback` gets the code, or
     *  -EACCES when the agent refused, -ETIMEDOUT, -ECANCELED when the
     *  session ended first.  Returns -EBUSY while a request is out,
     *  -ENOENT when no session of this plugin runs on the device, -EINVAL
     *  for a session without an agent. */
    int (*request_shared_code)(sb_host *host, sb_device_id device, const char *identifier,
                               sb_shared_code_callback callback, void *user_data);
    /** Ends the provisioning session running on `device` on the plugin's
     *  own account: error 0 for success, or -errno (-ETIMEDOUT for a
     *  session that ran out of time, -EPROTO for a failed exchange).  An
     *  enrollee that succeeded passes the `network` it received: the host
     *  stores it as a known network and connects to it (an enrollee's
     *  success without a valid network is refused with -EINVAL and the
     *  session keeps running).  Returns -ENOENT when no session of this
     *  plugin runs there.  Not called after the host stopped the session
     *  with the stop op. */
    int (*provisioning_finished)(sb_host *host, sb_device_id device, int error,
                                 const sb_network_config *network);

    /* ---- ABI 1.6: where a radio may transmit (bearers) ---- */
    /** Reports the channels (centre frequencies in MHz) on which `device`
     *  may start a transmission of its own under the regulatory domain in
     *  force: enabled, neither passive-only (no initiating radiation) nor
     *  subject to radar detection.  A shared-code enrollee looks for a
     *  configurator on the default ones of these.  Call it when the device
     *  is added and again whenever the regulatory domain changes; the host
     *  copies the list (`count` 0 clears it).  -EINVAL for more than 1024
     *  entries or an entry of 0. */
    int (*device_set_transmit_frequencies)(sb_host *host, sb_device_id device, const uint32_t *mhz,
                                           size_t count);
} sb_host_api;

/** Flags of service_request_secret() (ABI 1.2). */
enum sb_secret_flags {
    /** Skip the stored secret and ask the user: the stored one was refused. */
    SB_SECRET_ASK_USER = 1u << 0
};

/* ------------------------------------------------------------------------ */
/* Operations a plugin offers the host                                       */
/* ------------------------------------------------------------------------ */

/** Operations of a bearer plugin.  Each returns 0 when done, SB_PENDING when
 *  it will call complete(request, error) later, or -errno when it failed at
 *  once.  An operation a plugin does not support is NULL (-EOPNOTSUPP for the
 *  caller).  ctx is the pointer the plugin stored in plugin_init(); the
 *  *_data pointers are the plugin_data given at device_add()/service_add(). */
typedef struct sb_bearer_ops {
    /** SB_HEADER_INIT(SB_MAGIC_BEARER_OPS, sb_bearer_ops). */
    sb_header header;
    /** Powers a device up; report the result with device_set_powered(). */
    int (*device_enable)(void *ctx, sb_device_id device, void *device_data,
                         sb_request_id request);
    /** Powers a device down, disconnecting its services. */
    int (*device_disable)(void *ctx, sb_device_id device, void *device_data,
                          sb_request_id request);
    /** Looks for services (networks) on a device; may be NULL. */
    int (*scan)(void *ctx, sb_device_id device, void *device_data,
                sb_request_id request);
    /** Connects a service; report progress with service_set_state(). */
    int (*service_connect)(void *ctx, sb_service_id service, void *service_data,
                           sb_request_id request);
    /** Disconnects a service; report SB_SERVICE_IDLE when done. */
    int (*service_disconnect)(void *ctx, sb_service_id service, void *service_data,
                              sb_request_id request);

    /* ---- ABI 1.2: management-frame transport (Wi-Fi), for provisioning ---- */
    /** Passes received management frames of `frame_type` (the 802.11 frame
     *  control field, e.g. 0x00d0 for Action frames) whose body starts with
     *  `match` to device_frame_received() from now on.  0 or -errno. */
    int (*frame_register)(void *ctx, sb_device_id device, void *device_data, uint16_t frame_type,
                          const uint8_t *match, size_t match_length);
    /** Transmits a whole management frame (802.11 header included) on
     *  `frequency` MHz and stays there up to wait_ms for the answer.
     *  Completes with 0 when the peer acknowledged it, -EIO when not. */
    int (*frame_send)(void *ctx, sb_device_id device, void *device_data, uint32_t frequency,
                      uint32_t wait_ms, const uint8_t *frame, size_t length, sb_request_id request);
    /** Listens on `frequency` MHz for duration_ms; completes when the radio
     *  is on the channel. */
    int (*remain_on_channel)(void *ctx, sb_device_id device, void *device_data, uint32_t frequency,
                             uint32_t duration_ms, sb_request_id request);
    /** Ends remain_on_channel() early.  0 or -errno. */
    int (*cancel_remain_on_channel)(void *ctx, sb_device_id device, void *device_data);
} sb_bearer_ops;

/* The operations of a provisioning plugin (DPP, PKEX). */
#include "plugin-provisioning.h"

/* ------------------------------------------------------------------------ */
/* The descriptor and the entry function                                     */
/* ------------------------------------------------------------------------ */

/** What SB_PLUGIN_ENTRY_NAME returns: static data that lives as long as the
 *  library (the host never unloads a plugin). */
typedef struct sb_plugin_descriptor {
    /** SB_HEADER_INIT(SB_MAGIC_PLUGIN_DESCRIPTOR, sb_plugin_descriptor). */
    sb_header header;
    /** Plugin name, [a-z0-9_-], 1 to 64 bytes, not starting with "lib"; must
     *  match the file name (NAME.so or libNAME.so) and names the plugin's
     *  main.conf section. */
    const char *name;
    /** The plugin's own version, e.g. "1.2.0". */
    const char *version;
    /** One line for logs and listings. */
    const char *description;
    /** An sb_plugin_kind. */
    uint32_t kind;
    /** Init order among plugins: lower runs first; 0 is the default. */
    int32_t priority;
    /** Called once after loading.  `host` stays valid until plugin_exit().
     *  Store the plugin's context in *ctx.  Return 0, or -errno to be
     *  skipped: the host then removes whatever the plugin registered (devices,
     *  services, fd watches, timers, queued posts) and never calls
     *  plugin_exit(), so free your own memory before returning. */
    int (*plugin_init)(const sb_host_api *host, void **ctx);
    /** Called once at shutdown, in reverse init order; may be NULL.  Free
     *  everything: fd watches, timers and devices still registered are
     *  removed by the host, and no plugin callback runs after this returns. */
    void (*plugin_exit)(void *ctx);
    /** Bearer operations when kind is SB_PLUGIN_KIND_BEARER, else NULL. */
    const sb_bearer_ops *bearer_ops;
    /** Provisioning operations when kind is SB_PLUGIN_KIND_PROVISIONING,
     *  else NULL. */
    const sb_provisioning_ops *provisioning_ops;
} sb_plugin_descriptor;

/** Type of the entry function every plugin exports as SB_PLUGIN_ENTRY_NAME. */
typedef const sb_plugin_descriptor *(*sb_plugin_entry_fn)(void);

/** Export marker for the entry function when building with
 *  -fvisibility=hidden (recommended). */
#if defined(__GNUC__) || defined(__clang__)
#define SB_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define SB_PLUGIN_EXPORT
#endif

/** Declares the entry function in a C plugin:
 *      SB_PLUGIN_DEFINE_ENTRY(my_descriptor)
 *  (no semicolon after it) expands to an exported switchboard_plugin_entry()
 *  returning &my_descriptor. */
#define SB_PLUGIN_DEFINE_ENTRY(DESCRIPTOR) \
    SB_PLUGIN_EXPORT const sb_plugin_descriptor *switchboard_plugin_entry(void); \
    SB_PLUGIN_EXPORT const sb_plugin_descriptor *switchboard_plugin_entry(void) \
    { return &(DESCRIPTOR); }

/* Static layout checks: append-only evolution, enforced by the compiler. */
#include "plugin-layout.h"


#ifdef __cplusplus
}
#endif

#endif /* SWITCHBOARD_PLUGIN_H */
