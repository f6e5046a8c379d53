import Glibc
import PluginKit

/// The cellular plugin: simulated modems for demos, tests, and vendors who
/// want a worked example of a bearer plugin in Swift.  See ModemConfig for
/// its main.conf keys.
final class CellularPlugin {
    let host: HostAPI
    var modems: [Modem] = []

    init(host: HostAPI) {
        self.host = host
    }

    static let maxModems = 16

    func start() -> Int32 {
        var count = 1
        if let text = host.config("Modems") {
            if let parsed = Int(text), (0...Self.maxModems).contains(parsed) {
                count = parsed
            } else {
                host.log(SB_LOG_WARNING, "Modems=\(text) is not a number in 0...\(Self.maxModems); using 1")
            }
        }
        for index in 0..<count {
            let config = ModemConfig(index: index, lookup: host.config) { [host] in host.log(SB_LOG_WARNING, $0) }
            let modem = Modem(config: config, host: host)
            guard modem.register() else {
                modems.forEach { $0.shutdown() }
                return -EIO
            }
            modems.append(modem)
        }
        return 0
    }

    func stop() {
        modems.forEach { $0.shutdown() }
        modems.removeAll()
    }
}

// MARK: the C entry points

private func modem(_ data: UnsafeMutableRawPointer?) -> Modem? {
    data.map { Unmanaged<Modem>.fromOpaque($0).takeUnretainedValue() }
}

private let pluginInit: @convention(c) (UnsafePointer<sb_host_api>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32 = {
    table, context in
    guard let table, let context else { return -EINVAL }
    let plugin = CellularPlugin(host: HostAPI(table: table))
    let result = plugin.start()
    guard result == 0 else { return result }
    context.pointee = Unmanaged.passRetained(plugin).toOpaque()
    return 0
}

private let pluginExit: @convention(c) (UnsafeMutableRawPointer?) -> Void = { context in
    guard let context else { return }
    let plugin = Unmanaged<CellularPlugin>.fromOpaque(context).takeRetainedValue()
    plugin.stop()
}

nonisolated(unsafe) private let descriptor = PluginTables.bearerDescriptor(
    name: "cellular", version: "0.1.0", description: "Simulated cellular modems",
    initialize: pluginInit, exit: pluginExit,
    ops: PluginTables.bearerOps { table in
        table.device_enable = { _, _, data, _ in modem(data)?.setPowered(true) ?? -ENODEV }
        table.device_disable = { _, _, data, _ in modem(data)?.setPowered(false) ?? -ENODEV }
        table.service_connect = { _, _, data, request in modem(data)?.connect(request) ?? -ENODEV }
        table.service_disconnect = { _, _, data, _ in modem(data)?.disconnect() ?? -ENODEV }
    })

@_cdecl("switchboard_plugin_entry")
public func switchboardPluginEntry() -> UnsafePointer<sb_plugin_descriptor> {
    descriptor
}
