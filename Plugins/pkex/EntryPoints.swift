import Glibc
import PluginKit
import ProvisioningKit

// The C entry points of the shared-code (PKEX) plugin.

private let pluginInit: PluginTables.Init = { table, context in
    guard let table, let context, let instance = try? PKEXPlugin(host: HostAPI(table: table)) else { return -EINVAL }
    ProvisioningEntryPoints.install(instance, into: context)
    return 0
}

nonisolated(unsafe) private let descriptor = PluginTables.provisioningDescriptor(
    name: "pkex", version: "0.1.0", description: "Wi-Fi Easy Connect with shared codes (PKEX, then DPP)",
    initialize: pluginInit, exit: ProvisioningEntryPoints.exit,
    ops: ProvisioningEntryPoints.ops(methods: UInt32(SB_PROVISIONING_SHARED_CODE.rawValue)))

@_cdecl("switchboard_plugin_entry")
public func switchboardPluginEntry() -> UnsafePointer<sb_plugin_descriptor> {
    descriptor
}
