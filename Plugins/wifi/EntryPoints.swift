import Glibc
import PluginKit

// The C entry points of the wifi plugin.

private func station(_ data: UnsafeMutableRawPointer?) -> WifiStation? {
    data.map { Unmanaged<WifiStation>.fromOpaque($0).takeUnretainedValue() }
}

/// A service's plugin_data is its WifiNetwork; the station is found through the device.
private func network(_ data: UnsafeMutableRawPointer?) -> WifiNetwork? {
    data.map { Unmanaged<WifiNetwork>.fromOpaque($0).takeUnretainedValue() }
}

nonisolated(unsafe) private var plugin: WifiPlugin?

private let pluginInit: PluginTables.Init = { table, context in
    guard let table, let context else { return -EINVAL }
    let host = HostAPI(table: table)
    let instance: WifiPlugin
    do {
        instance = try WifiPlugin(host: host)
    } catch {
        host.log(SB_LOG_ERROR, "cannot open nl80211: \(error)")
        return -ENODEV
    }
    let result = instance.start()
    guard result == 0 else { return result }
    plugin = instance
    context.pointee = Unmanaged.passRetained(instance).toOpaque()
    return 0
}

private let pluginExit: PluginTables.Exit = { context in
    guard let context else { return }
    Unmanaged<WifiPlugin>.fromOpaque(context).takeRetainedValue().stop()
    plugin = nil
}

/// The station owning a network (networks do not point back, to keep ownership one way).
private func owner(of data: UnsafeMutableRawPointer?) -> (WifiStation, WifiNetwork)? {
    guard let network = network(data), let plugin else { return nil }
    return plugin.station(owning: network).map { ($0, network) }
}

nonisolated(unsafe) private let descriptor = PluginTables.bearerDescriptor(
    name: "wifi", version: "0.1.0", description: "Wi-Fi stations over nl80211 (open and WPA2-Personal)",
    initialize: pluginInit, exit: pluginExit,
    ops: PluginTables.bearerOps { table in
        table.device_enable = { _, _, data, _ in station(data)?.enable() ?? -ENODEV }
        table.device_disable = { _, _, data, _ in station(data)?.disable() ?? -ENODEV }
        table.scan = { _, _, data, request in station(data)?.scan(request: request) ?? -ENODEV }
        table.service_connect = { _, _, data, request in
            guard let (station, network) = owner(of: data) else { return -ENOENT }
            return station.connect(network, request: request)
        }
        table.service_disconnect = { _, _, data, _ in
            guard let (station, network) = owner(of: data) else { return -ENOENT }
            return station.disconnect(network)
        }
        table.frame_register = { _, _, data, type, match, length in
            guard let station = station(data), let plugin else { return -ENODEV }
            let bytes = match.map { Array(UnsafeBufferPointer(start: $0, count: length)) } ?? []
            return plugin.frames.register(station, type: type, match: bytes)
        }
        table.frame_send = { _, _, data, frequency, wait, frame, length, request in
            guard let station = station(data), let plugin, let frame, length > 0 else { return -EINVAL }
            return plugin.frames.send(station, frequency: frequency, wait: wait,
                                      frame: Array(UnsafeBufferPointer(start: frame, count: length)), request: request)
        }
        table.remain_on_channel = { _, _, data, frequency, duration, request in
            guard let station = station(data), let plugin else { return -ENODEV }
            return plugin.frames.remainOnChannel(station, frequency: frequency, duration: duration, request: request)
        }
        table.cancel_remain_on_channel = { _, _, data in
            guard let station = station(data), let plugin else { return -ENODEV }
            return plugin.frames.cancelRemainOnChannel(station)
        }
    })

@_cdecl("switchboard_plugin_entry")
public func switchboardPluginEntry() -> UnsafePointer<sb_plugin_descriptor> {
    descriptor
}
