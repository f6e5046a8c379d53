/*
 * switchboard/plugin-records.h — records a plugin passes to the host.
 *
 * Part of <switchboard/plugin.h>: include that header, not this one.
 */
#ifndef SWITCHBOARD_PLUGIN_RECORDS_H
#define SWITCHBOARD_PLUGIN_RECORDS_H

#ifndef SWITCHBOARD_PLUGIN_H
#error "include <switchboard/plugin.h> instead of <switchboard/plugin-records.h>"
#endif

/* ------------------------------------------------------------------------ */
/* Records a plugin passes to the host                                       */
/* ------------------------------------------------------------------------ */

/** A device: one network interface or modem.  Strings are copied by the host. */
typedef struct sb_device_info {
    /** SB_HEADER_INIT(SB_MAGIC_DEVICE_INFO, sb_device_info). */
    sb_header header;
    /** Bearer type this device provides: "ethernet", "wifi", "cellular", or a
     *  vendor name of [a-z0-9]; also the name of its technology. */
    const char *bearer;
    /** Human-readable name, e.g. the interface name "eth0" or a modem model. */
    const char *name;
    /** Kernel interface name, or NULL when the device has none yet. */
    const char *interface;
    /** Hardware address as "aa:bb:cc:dd:ee:ff", or NULL. */
    const char *address;
    /** Kernel interface index, or 0. */
    int32_t ifindex;
    /** Non-zero when the device starts powered (enabled). */
    int32_t powered;
    /** Passed back unchanged to the bearer ops for this device. */
    void *plugin_data;

    /* ---- ABI 1.2 ---- */
    /** The radio (or modem) the device belongs to, e.g. the wiphy "phy0", or
     *  NULL.  iwd's view shows one Adapter object per distinct name. */
    const char *adapter;
} sb_device_info;

/** A service: one network the user can connect to.  Strings are copied. */
typedef struct sb_service_info {
    /** SB_HEADER_INIT(SB_MAGIC_SERVICE_INFO, sb_service_info). */
    sb_header header;
    /** Device the service belongs to, or 0 for none. */
    sb_device_id device;
    /** Bearer type, as in sb_device_info.bearer. */
    const char *bearer;
    /** Name shown to users (SSID, operator name, "Wired"). */
    const char *name;
    /** Stable identifier, unique in the host, [A-Za-z0-9_] only, e.g.
     *  "ethernet_0200c0a80101_cable"; it becomes part of an object path. */
    const char *identifier;
    /** Security, e.g. "none", "psk", "ieee8021x", or NULL for none. */
    const char *security;
    /** Signal strength 0..100, or 0 when meaningless (wired). */
    uint8_t strength;
    /** Padding; must be zero. */
    uint8_t reserved[7];
    /** Passed back unchanged to the bearer ops for this service. */
    void *plugin_data;

    /* ---- ABI 1.1 ---- */
    /** SB_SERVICE_FLAG_* (zero for a 1.0 plugin). */
    uint32_t flags;
    /** Padding; must be zero. */
    uint32_t reserved_1_1;
} sb_service_info;

/** Flags of sb_service_info (ABI 1.1). */
enum sb_service_flags {
    /** The service starts with AutoConnect on: the host connects it whenever
     *  it is available and idle, unless the user disconnected it (ConnMan's
     *  behaviour for wired networks).  The user can still change it. */
    SB_SERVICE_FLAG_AUTOCONNECT = 1u << 0
};

/** Flags of service_configure_ip() (ABI 1.1). */
enum sb_ip_config_flags {
    /** Leave IPv4 alone (no DHCP, no static address). */
    SB_IP_CONFIG_NO_IPV4 = 1u << 0,
    /** Leave IPv6 alone (router advertisements stay off). */
    SB_IP_CONFIG_NO_IPV6 = 1u << 1
};

/** IPv4 settings of a service.  Strings are dotted quads, copied by the host;
 *  NULL means "not set". */
typedef struct sb_ipv4_settings {
    /** SB_HEADER_INIT(SB_MAGIC_IPV4_SETTINGS, sb_ipv4_settings). */
    sb_header header;
    /** How the address was obtained (SB_IP_OFF clears the settings). */
    sb_ip_method method;
    /** Padding; must be zero. */
    uint32_t reserved;
    /** Address, e.g. "192.0.2.10". */
    const char *address;
    /** Netmask, e.g. "255.255.255.0". */
    const char *netmask;
    /** Default gateway, or NULL. */
    const char *gateway;
    /** NULL-terminated array of nameserver addresses, or NULL. */
    const char *const *nameservers;
} sb_ipv4_settings;

/** IPv6 settings of a service.  Strings copied by the host; NULL = not set. */
typedef struct sb_ipv6_settings {
    /** SB_HEADER_INIT(SB_MAGIC_IPV6_SETTINGS, sb_ipv6_settings). */
    sb_header header;
    /** How the address was obtained (SB_IP_OFF clears the settings). */
    sb_ip_method method;
    /** Prefix length, 0..128. */
    uint8_t prefix_length;
    /** Padding; must be zero. */
    uint8_t reserved[3];
    /** Address, e.g. "2001:db8::10". */
    const char *address;
    /** Default gateway, or NULL. */
    const char *gateway;
    /** NULL-terminated array of nameserver addresses, or NULL. */
    const char *const *nameservers;
} sb_ipv6_settings;


/** A network secret (ABI 1.2).  Strings are copied by the receiver. */
typedef struct sb_secret {
    /** SB_HEADER_INIT(SB_MAGIC_SECRET, sb_secret). */
    sb_header header;
    /** The passphrase the user typed (WPA-Personal: 8..63 characters), or NULL. */
    const char *passphrase;
    /** The pre-shared key as 64 hex digits (derived from the passphrase
     *  and the SSID, or given directly), or NULL. */
    const char *pre_shared_key;
} sb_secret;

/** A Wi-Fi network as provisioning hands it over (ABI 1.3): what a
 *  configurator gives its enrollee, and what an enrollee received.  Strings
 *  are copied by the receiver. */
typedef struct sb_network_config {
    /** SB_HEADER_INIT(SB_MAGIC_NETWORK_CONFIG, sb_network_config). */
    sb_header header;
    /** The SSID as UTF-8 text, 1 to 32 bytes. */
    const char *ssid;
    /** "psk" (WPA2-Personal) is the only security 1.3 carries. */
    const char *security;
    /** The passphrase (8..63 characters), or NULL. */
    const char *passphrase;
    /** The pre-shared key as 64 hex digits, or NULL.  A configurator gets
     *  both when the host knows both; an enrollee gives at least one. */
    const char *pre_shared_key;
} sb_network_config;

#endif /* SWITCHBOARD_PLUGIN_RECORDS_H */
