import Glibc
import PluginKit
import ProvisioningKit

// The C entry points of the DPP plugin.

private let pluginInit: PluginTables.Init = { table, context in
    guard let table, let context, let instance = try? DPPPlugin(host: HostAPI(table: table)) else { return -EINVAL }
    ProvisioningEntryPoints.install(instance, into: context)
    return 0
}

nonisolated(unsafe) private let descriptor = PluginTables.provisioningDescriptor(
    name: "dpp", version: "0.1.0", description: "Wi-Fi Easy Connect (DPP) with bootstrapping URIs",
    initialize: pluginInit, exit: ProvisioningEntryPoints.exit,
    ops: ProvisioningEntryPoints.ops(methods: UInt32(SB_PROVISIONING_DPP.rawValue)))

@_cdecl("switchboard_plugin_entry")
public func switchboardPluginEntry() -> UnsafePointer<sb_plugin_descriptor> {
    descriptor
}
