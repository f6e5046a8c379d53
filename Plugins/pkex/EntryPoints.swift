import PluginKit
import ProvisioningKit

// The C entry point of the pkex plugin.

nonisolated(unsafe) private let descriptor = ProvisioningEntryPoints.descriptor(
    name: "pkex", version: "0.1.0", description: "Wi-Fi Easy Connect with shared codes (PKEX, then DPP)", methods: SB_PROVISIONING_SHARED_CODE,
    initialize: { table, context in ProvisioningEntryPoints.initialize(table, context) { try PKEXPlugin(host: $0) } })

@_cdecl("switchboard_plugin_entry")
public func switchboardPluginEntry() -> UnsafePointer<sb_plugin_descriptor> {
    descriptor
}
