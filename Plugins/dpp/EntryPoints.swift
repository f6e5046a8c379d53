import Glibc
import PluginKit

// The C entry points of the DPP plugin.

private func plugin(_ context: UnsafeMutableRawPointer?) -> DPPPlugin? {
    context.map { Unmanaged<DPPPlugin>.fromOpaque($0).takeUnretainedValue() }
}

private let pluginInit: PluginTables.Init = { table, context in
    guard let table, let context else { return -EINVAL }
    let host = HostAPI(table: table)
    guard let instance = try? DPPPlugin(host: host) else { return -EINVAL }
    context.pointee = Unmanaged.passRetained(instance).toOpaque()
    return 0
}

private let pluginExit: PluginTables.Exit = { context in
    guard let context else { return }
    Unmanaged<DPPPlugin>.fromOpaque(context).takeRetainedValue().stopAll()
}

nonisolated(unsafe) private let descriptor = PluginTables.provisioningDescriptor(
    name: "dpp", version: "0.1.0", description: "Wi-Fi Easy Connect (DPP) with bootstrapping URIs",
    initialize: pluginInit, exit: pluginExit,
    ops: PluginTables.provisioningOps(methods: UInt32(SB_PROVISIONING_DPP.rawValue)) { table in
        table.start = { context, device, args, uri, size in
            guard let plugin = plugin(context), let args, let uri, size > 0 else { return -EINVAL }
            switch plugin.start(device: device, args.pointee) {
            case .success(let text):
                let bytes = Array(text.utf8.prefix(size - 1))
                bytes.withUnsafeBufferPointer { buffer in
                    uri.withMemoryRebound(to: UInt8.self, capacity: size) { target in
                        target.update(from: buffer.baseAddress!, count: buffer.count)
                        target[buffer.count] = 0
                    }
                }
                return 0
            case .failure(let error):
                if let reason = error.reason { plugin.host.log(SB_LOG_WARNING, "start refused: \(reason)") }
                return error.code
            }
        }
        table.stop = { context, device, reason in
            plugin(context)?.stop(device: device, reason: reason)
        }
        table.frame_received = { context, device, _, frame, length in
            guard let plugin = plugin(context), let frame, length > 0 else { return }
            plugin.frameReceived(device: device, Array(UnsafeBufferPointer(start: frame, count: length)))
        }
    })

@_cdecl("switchboard_plugin_entry")
public func switchboardPluginEntry() -> UnsafePointer<sb_plugin_descriptor> {
    descriptor
}
