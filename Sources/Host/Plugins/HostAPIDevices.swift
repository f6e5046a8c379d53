import Glibc
import MainLoop
import PluginABI

/// The device half of the host API table (see HostAPITable.swift).
extension HostAPITable {
    static let deviceAdd: @convention(c) (OpaquePointer?, UnsafePointer<sb_device_info>?, UnsafeMutablePointer<sb_device_id>?) -> Int32 = {
        handle, info, out in
        onLoop(handle, "device_add", refused: -EPERM, (info, out)) { plugin, arguments in
            let (info, out) = arguments
            guard let info, let out else { return -EINVAL }
            return guarded(plugin, "device_add") {
                // A record from a plugin older than 1.2 ends before `adapter`: read as NULL.
                let record = try ABI.read(sb_device_info.self, at: info, magic: SB_MAGIC_DEVICE_INFO)
                guard let bearer = string(record.bearer), let name = string(record.name) else {
                    throw Registry.Refusal.invalid("bearer and name are required")
                }
                let device = try plugin.host.registry.addDevice(
                    plugin: plugin.name, bearer: bearer, name: name, interface: string(record.interface),
                    address: string(record.address), ifindex: record.ifindex, powered: record.powered != 0,
                    adapter: string(record.adapter))
                plugin.host.deviceData[device.id] = UncheckedPointer(record.plugin_data)
                out.pointee = device.id
                return 0
            }
        }
    }

    static let deviceRemove: @convention(c) (OpaquePointer?, sb_device_id) -> Int32 = { handle, id in
        onLoop(handle, "device_remove", refused: -EPERM, (id)) { plugin, arguments in
            let (id) = arguments
            return guarded(plugin, "device_remove") {
                try plugin.host.registry.removeDevice(id, by: plugin.name)
                return 0
            }
        }
    }

    static let deviceSetPowered: @convention(c) (OpaquePointer?, sb_device_id, Int32) -> Int32 = { handle, id, powered in
        setFlag(handle, "device_set_powered", id, powered) { try $0.setPowered($1, $2, by: $3) }
    }

    static let deviceSetScanning: @convention(c) (OpaquePointer?, sb_device_id, Int32) -> Int32 = { handle, id, scanning in
        setFlag(handle, "device_set_scanning", id, scanning) { try $0.setScanning($1, $2, by: $3) }
    }

    static let deviceSetTransmitFrequencies: @convention(c) (OpaquePointer?, sb_device_id, UnsafePointer<UInt32>?, Int) -> Int32 = {
        handle, id, list, count in
        onLoop(handle, "device_set_transmit_frequencies", refused: -EPERM, (id, list, count)) { plugin, arguments in
            let (id, list, count) = arguments
            guard count >= 0, count <= Registry.maxTransmitFrequencies, count == 0 || list != nil else { return -EINVAL }
            let frequencies = list.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
            return guarded(plugin, "device_set_transmit_frequencies") {
                try plugin.host.registry.setTransmitFrequencies(id, frequencies, by: plugin.name)
                return 0
            }
        }
    }

    /// A device flag the plugin reports (powered, scanning): non-zero is true.
    private static func setFlag(_ handle: OpaquePointer?, _ function: String, _ id: sb_device_id, _ value: Int32,
                                _ set: @escaping @MainActor (Registry, Device.ID, Bool, String) throws -> Void) -> Int32 {
        onLoop(handle, function, refused: -EPERM, (id, value)) { plugin, arguments in
            let (id, value) = arguments
            return guarded(plugin, function) {
                try set(plugin.host.registry, id, value != 0, plugin.name)
                return 0
            }
        }
    }

    static let deviceFrameReceived: @convention(c) (OpaquePointer?, sb_device_id, UInt32, UnsafePointer<UInt8>?, Int) -> Void = {
        handle, id, frequency, frame, length in
        onLoop(handle, "device_frame_received", refused: (), (id, frequency, frame, length)) { plugin, arguments in
            let (id, frequency, frame, length) = arguments
            guard let device = plugin.host.registry.devices[id], device.plugin == plugin.name else {
                plugin.logger.warning("device_frame_received(): device \(id) is not this plugin's")
                return
            }
            guard let frame, (ManagementFrame.minimumLength...ManagementFrame.maximumLength).contains(length) else {
                plugin.logger.warning("device_frame_received(): a frame of \(length) bytes is not a management frame")
                return
            }
            let bytes = Array(UnsafeBufferPointer(start: frame, count: length))
            // Later, not inside the bearer's call: the receiving plugin may
            // answer at once with a frame operation on the same bearer.
            let received = ManagementFrame(device: id, frequency: frequency, bytes: bytes)
            MainLoop.shared.soon { [weak host = plugin.host] in host?.deliverFrame(received) }
        }
    }
}
