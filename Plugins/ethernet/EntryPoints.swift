import Glibc
import PluginKit

// The C entry points of the ethernet plugin.

private func link(_ data: UnsafeMutableRawPointer?) -> EthernetLink? {
    data.map { Unmanaged<EthernetLink>.fromOpaque($0).takeUnretainedValue() }
}

private let pluginInit: PluginTables.Init = { table, context in
    guard let table, let context else { return -EINVAL }
    let host = HostAPI(table: table)
    let plugin: EthernetPlugin
    do {
        plugin = try EthernetPlugin(host: host)
    } catch {
        host.log(SB_LOG_ERROR, "cannot open rtnetlink: \(error)")
        return -EIO
    }
    let result = plugin.start()
    guard result == 0 else { return result }
    context.pointee = Unmanaged.passRetained(plugin).toOpaque()
    return 0
}

private let pluginExit: PluginTables.Exit = { context in
    guard let context else { return }
    Unmanaged<EthernetPlugin>.fromOpaque(context).takeRetainedValue().stop()
}

nonisolated(unsafe) private let descriptor = PluginTables.bearerDescriptor(
    name: "ethernet", version: "0.1.0", description: "Wired Ethernet over rtnetlink",
    initialize: pluginInit, exit: pluginExit,
    ops: PluginTables.bearerOps { table in
        // Links are always up while managed: powering is not a wired notion.
        table.device_enable = { _, _, _, _ in 0 }
        table.service_connect = { _, _, data, _ in link(data)?.connect() ?? -ENODEV }
        table.service_disconnect = { _, _, data, _ in link(data)?.disconnect() ?? -ENODEV }
    })

@_cdecl("switchboard_plugin_entry")
public func switchboardPluginEntry() -> UnsafePointer<sb_plugin_descriptor> {
    descriptor
}
