import PluginKit
import ProvisioningKit

// The C entry point of the dpp plugin.

nonisolated(unsafe) private let descriptor = ProvisioningEntryPoints.descriptor(
    name: "dpp", version: "0.1.0", description: "Wi-Fi Easy Connect (DPP) with bootstrapping URIs", methods: SB_PROVISIONING_DPP,
    initialize: { table, context in ProvisioningEntryPoints.initialize(table, context) { try DPPPlugin(host: $0) } })

@_cdecl("switchboard_plugin_entry")
public func switchboardPluginEntry() -> UnsafePointer<sb_plugin_descriptor> {
    descriptor
}
