/*
 * switchboard/plugin-layout.h — compile-time checks of the ABI's layout.
 *
 * Part of <switchboard/plugin.h>: include that header, not this one.
 */
#ifndef SWITCHBOARD_PLUGIN_LAYOUT_H
#define SWITCHBOARD_PLUGIN_LAYOUT_H

#ifndef SWITCHBOARD_PLUGIN_H
#error "include <switchboard/plugin.h> instead of <switchboard/plugin-layout.h>"
#endif

/* ------------------------------------------------------------------------ */
/* Layout checks: ABI 1.0 sizes on LP64 (x86_64, aarch64, riscv64, ...).     */
/* A failure here means a field was inserted, moved or resized: append only. */
/* ------------------------------------------------------------------------ */

#if defined(__cplusplus)
#define SB_STATIC_ASSERT(EXPR, MSG) static_assert(EXPR, MSG)
#else
#define SB_STATIC_ASSERT(EXPR, MSG) _Static_assert(EXPR, MSG)
#endif

SB_STATIC_ASSERT(sizeof(sb_header) == 16, "sb_header is 16 bytes");
SB_STATIC_ASSERT(offsetof(sb_header, struct_size) == 8, "sb_header layout");

#if UINTPTR_MAX == 0xffffffffffffffffu
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_plugin_descriptor, provisioning_ops) == 80,
                 "sb_plugin_descriptor 1.0 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_host_api, complete) == 160,
                 "sb_host_api 1.0 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_host_api, service_release_ip) == 176,
                 "sb_host_api 1.1 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_bearer_ops, service_disconnect) == 56,
                 "sb_bearer_ops 1.0 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_host_api, device_frame_received) == 216,
                 "sb_host_api 1.2 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_bearer_ops, cancel_remain_on_channel) == 88,
                 "sb_bearer_ops 1.2 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_provisioning_ops, header) == 16, "sb_provisioning_ops 1.0 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_provisioning_ops, frame_received) == 48,
                 "sb_provisioning_ops 1.3 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_host_api, provisioning_finished) == 272,
                 "sb_host_api 1.3 layout");
SB_STATIC_ASSERT(sizeof(sb_network_config) == 48, "sb_network_config 1.3 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_provisioning_args, network) == 80, "sb_provisioning_args 1.3 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_provisioning_args, seen_frequency_count) == 96,
                 "sb_provisioning_args 1.4 layout");
SB_STATIC_ASSERT(sizeof(sb_provisioning_args) == 112, "sb_provisioning_args 1.6 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_host_api, device_set_transmit_frequencies) == 280,
                 "sb_host_api 1.6 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_device_info, adapter) == 72, "sb_device_info 1.2 layout");
SB_STATIC_ASSERT(sizeof(sb_secret) == 32, "sb_secret 1.2 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_device_info, plugin_data) == 64,
                 "sb_device_info 1.0 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_service_info, plugin_data) == 72,
                 "sb_service_info 1.0 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_service_info, reserved_1_1) == 80,
                 "sb_service_info 1.1 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_ipv4_settings, nameservers) == 56,
                 "sb_ipv4_settings 1.0 layout");
SB_STATIC_ASSERT(SB_SIZE_THROUGH(sb_ipv6_settings, nameservers) == 48,
                 "sb_ipv6_settings 1.0 layout");
#endif

#endif /* SWITCHBOARD_PLUGIN_LAYOUT_H */
