/*
 * switchboard/plugin-provisioning.h — the operations of a provisioning
 * plugin (ABI 1.3): Wi-Fi Easy Connect (DPP) and its shared-code
 * bootstrapping (PKEX).
 *
 * Part of <switchboard/plugin.h>: include that header, not this one.
 *
 * How a provisioning plugin works with the host
 *   The host exports iwd's provisioning interfaces on every Wi-Fi station
 *   device (net.connman.iwd.DeviceProvisioning for a plugin serving
 *   SB_PROVISIONING_DPP, net.connman.iwd.SharedCodeDeviceProvisioning for
 *   SB_PROVISIONING_SHARED_CODE).  It checks the caller's arguments and the
 *   device's state first (one session per device across both interfaces; a
 *   configurator must be connected to a network whose credentials it
 *   knows), then calls start(); once an enrollee started, it disconnects
 *   the device and keeps it from auto-connecting until the session ends.
 *   The plugin runs the exchange with the device's frame transport (the
 *   device_frame_* calls of the host API) or over TCP with fds it watches,
 *   and ends it with provisioning_finished().  The host owns the D-Bus
 *   properties (Started, Role, URI), the SharedCodeAgent and the stored
 *   networks.
 */
#ifndef SWITCHBOARD_PLUGIN_PROVISIONING_H
#define SWITCHBOARD_PLUGIN_PROVISIONING_H

#ifndef SWITCHBOARD_PLUGIN_H
#error "include <switchboard/plugin.h> instead of <switchboard/plugin-provisioning.h>"
#endif

/** The provisioning methods (D-Bus interfaces) a plugin serves; bits. */
enum sb_provisioning_method {
    /** DPP with bootstrapping URIs: net.connman.iwd.DeviceProvisioning. */
    SB_PROVISIONING_DPP = 1u << 0,
    /** PKEX then DPP: net.connman.iwd.SharedCodeDeviceProvisioning. */
    SB_PROVISIONING_SHARED_CODE = 1u << 1
};

/** What a session is asked to do. */
typedef enum sb_provisioning_action {
    /** Become an enrollee and wait for (DPP: listen for) a configurator.
     *  StartEnrollee() of either interface. */
    SB_PROVISION_START_ENROLLEE = 1,
    /** Become a configurator and wait for an enrollee to initiate.
     *  DeviceProvisioning.StartConfigurator(), and the shared-code
     *  StartConfigurator(agent) (with SB_PROVISION_FLAG_AGENT). */
    SB_PROVISION_START_CONFIGURATOR = 2,
    /** Become a configurator for one given enrollee: DPP initiates toward
     *  peer_uri (ConfigureEnrollee(uri)); shared code waits for the
     *  enrollee that knows `code` (ConfigureEnrollee(a{sv})). */
    SB_PROVISION_CONFIGURE_ENROLLEE = 3
} sb_provisioning_action;

/** Flags of sb_provisioning_args. */
enum sb_provisioning_flags {
    /** Shared code: no code given; ask the user's agent for each enrollee
     *  with request_shared_code(). */
    SB_PROVISION_FLAG_AGENT = 1u << 0
};

/** Why the host stops a session.  Later minors may add reasons: a plugin
 *  treats one it does not know as a plain stop. */
typedef enum sb_provisioning_stop_reason {
    SB_PROVISIONING_STOP_USER = 1,      /**< Stop() on D-Bus */
    SB_PROVISIONING_STOP_DEVICE = 2,    /**< the device went down or away */
    SB_PROVISIONING_STOP_SHUTDOWN = 3,  /**< the daemon is stopping */
    SB_PROVISIONING_STOP_AGENT = 4,     /**< the shared-code agent left the bus */
    /** (1.5) a configurator's device left the network it hands out */
    SB_PROVISIONING_STOP_DISCONNECTED = 5
} sb_provisioning_stop_reason;

/** A session to start (the strings live for the start() call only). */
typedef struct sb_provisioning_args {
    /** SB_HEADER_INIT(SB_MAGIC_PROVISIONING_ARGS, sb_provisioning_args). */
    sb_header header;
    /** The one SB_PROVISIONING_* interface the caller used. */
    uint32_t method;
    /** An sb_provisioning_action. */
    uint32_t action;
    /** SB_PROVISION_FLAG_*. */
    uint32_t flags;
    /** The frequency in MHz of the network the device is connected to
     *  (what a configurator listens on), or 0. */
    uint32_t frequency;
    /** The device's kernel interface name and MAC address ("aa:bb:..."). */
    const char *interface;
    const char *address;
    /** ConfigureEnrollee(uri): the enrollee's bootstrapping URI, unchecked
     *  (the plugin parses it and refuses a bad one with -EINVAL); else NULL. */
    const char *peer_uri;
    /** Shared code: the Code and the optional Identifier (NULL when not
     *  given or with SB_PROVISION_FLAG_AGENT). */
    const char *code;
    const char *identifier;
    /** Configurators: the network to hand out (the device's connected one,
     *  with its stored credentials); NULL for an enrollee. */
    const sb_network_config *network;

    /* ---- ABI 1.4 (check SB_HAS_FIELD(args, seen_frequency_count)) ---- */
    /** Enrollees: the frequencies in MHz of the networks the device has
     *  seen, each once, the strongest network's first: a configurator
     *  connected to one of them listens there (a shared-code enrollee looks
     *  for it on these channels).  NULL when none (count 0). */
    const uint32_t *seen_frequencies;
    size_t seen_frequency_count;

    /* ---- ABI 1.6 (check SB_HAS_FIELD(args, transmit_frequency_count)) ---- */
    /** The channels in MHz where the device may start a transmission (what
     *  its bearer last reported with device_set_transmit_frequencies),
     *  ascending; NULL when its bearer reported none (count 0). */
    const uint32_t *transmit_frequencies;
    size_t transmit_frequency_count;
} sb_provisioning_args;

/** Operations of a provisioning plugin.  ABI 1.0 to 1.2 define only the
 *  header (such a plugin loads but serves nothing). */
typedef struct sb_provisioning_ops {
    /** SB_HEADER_INIT(SB_MAGIC_PROVISIONING_OPS, sb_provisioning_ops). */
    sb_header header;

    /* ---- ABI 1.3 ---- */
    /** SB_PROVISIONING_* bits: the interfaces this plugin serves. */
    uint32_t methods;
    /** Padding; must be zero. */
    uint32_t reserved;
    /** Starts a session on `device` (the host guarantees none runs there).
     *  On success writes this device's bootstrapping URI, NUL-terminated,
     *  into uri (an empty string when the method has none) and returns 0;
     *  the session then runs until provisioning_finished() or stop().
     *  Errors, each becoming iwd's D-Bus error: -EINVAL (InvalidArguments:
     *  a bad URI or code), -EOPNOTSUPP (NotSupported), -ENETDOWN
     *  (NotAvailable: no way to reach the peer), -EBUSY (Busy). */
    int (*start)(void *ctx, sb_device_id device, const sb_provisioning_args *args,
                 char *uri, size_t uri_size);
    /** Stops the session on `device` at once, for `reason`; the plugin does
     *  not call provisioning_finished() for it. */
    void (*stop)(void *ctx, sb_device_id device, sb_provisioning_stop_reason reason);
    /** A management frame matching a device_frame_register() of this
     *  plugin, received on `frequency` MHz (802.11 header included). */
    void (*frame_received)(void *ctx, sb_device_id device, uint32_t frequency,
                           const uint8_t *frame, size_t length);
} sb_provisioning_ops;

#endif /* SWITCHBOARD_PLUGIN_PROVISIONING_H */
