import Glibc
import PluginABI

/// The provisioning part of the host API table (ABI 1.3): a bearer's
/// channel report, and what a provisioning plugin asks of the host.
extension HostAPITable {
    static let serviceSetFrequency: @convention(c) (OpaquePointer?, sb_service_id, UInt32) -> Int32 = { handle, id, frequency in
        onLoop(handle, "service_set_frequency", refused: -EPERM, (id, frequency)) { plugin, arguments in
            let (id, frequency) = arguments
            return update(plugin, id, "service_set_frequency") { $0.frequency = frequency }
        }
    }

    static let deviceFrameRegister: @convention(c) (OpaquePointer?, sb_device_id, UInt16, UnsafePointer<UInt8>?, Int) -> Int32 = {
        handle, device, type, match, length in
        provisioningCall(handle, "device_frame_register", (device, type, match, length)) { plugin, arguments in
            let (device, type, match, length) = arguments
            guard length >= 0, length <= 64, match != nil || length == 0 else { return -EINVAL }
            let bytes = match.map { Array(UnsafeBufferPointer(start: $0, count: length)) } ?? []
            return plugin.host.frameRegister(for: plugin.name, device: device, type: type, match: bytes)
        }
    }

    static let deviceFrameSend: @convention(c) (OpaquePointer?, sb_device_id, UInt32, UInt32, UnsafePointer<UInt8>?, Int,
                                                 sb_result_callback?, UnsafeMutableRawPointer?) -> Int32 = {
        handle, device, frequency, wait, frame, length, callback, userData in
        provisioningCall(handle, "device_frame_send", (device, frequency, wait, frame, length, callback, userData)) { plugin, arguments in
            let (device, frequency, wait, frame, length, callback, userData) = arguments
            guard let frame, (ManagementFrame.minimumLength...ManagementFrame.maximumLength).contains(length) else { return -EINVAL }
            let bytes = Array(UnsafeBufferPointer(start: frame, count: length))
            return plugin.host.runFrameOperation("frame_send", device: device,
                                                 completion: resultCallback(plugin, callback, userData)) { ops, context, data, request in
                bytes.withUnsafeBufferPointer {
                    ops.frame_send?(context, device, data, frequency, wait, $0.baseAddress, $0.count, request)
                }
            }
        }
    }

    static let deviceRemainOnChannel: @convention(c) (OpaquePointer?, sb_device_id, UInt32, UInt32, sb_result_callback?,
                                                      UnsafeMutableRawPointer?) -> Int32 = {
        handle, device, frequency, duration, callback, userData in
        provisioningCall(handle, "device_remain_on_channel", (device, frequency, duration, callback, userData)) { plugin, arguments in
            let (device, frequency, duration, callback, userData) = arguments
            return plugin.host.runFrameOperation("remain_on_channel", device: device,
                                                 completion: resultCallback(plugin, callback, userData)) { ops, context, data, request in
                ops.remain_on_channel?(context, device, data, frequency, duration, request)
            }
        }
    }

    static let deviceCancelRemainOnChannel: @convention(c) (OpaquePointer?, sb_device_id) -> Int32 = { handle, device in
        provisioningCall(handle, "device_cancel_remain_on_channel", (device)) { plugin, arguments in
            let (device) = arguments
            guard let (bearer, ops, data) = plugin.host.bearer(of: device) else { return -ENOENT }
            return ops.cancel_remain_on_channel?(bearer.context, device, data) ?? -EOPNOTSUPP
        }
    }

    static let requestSharedCode: @convention(c) (OpaquePointer?, sb_device_id, UnsafePointer<CChar>?, sb_shared_code_callback?,
                                                  UnsafeMutableRawPointer?) -> Int32 = {
        handle, device, identifier, callback, userData in
        provisioningCall(handle, "request_shared_code", (device, identifier, callback, userData)) { plugin, arguments in
            let (device, identifier, callback, userData) = arguments
            guard let callback, let coordinator = plugin.host.provisioning else { return -EINVAL }
            let data = UncheckedPointer(userData)
            return coordinator.requestSharedCode(device, plugin: plugin.name, identifier: string(identifier) ?? "") {
                [weak plugin] result in
                guard let plugin, plugin.initialized else { return }
                switch result {
                case .success(let code):
                    code.withCString { callback(data.pointer, 0, $0) }
                case .failure(let error):
                    callback(data.pointer, error.value, nil)
                }
            }
        }
    }

    static let provisioningFinished: @convention(c) (OpaquePointer?, sb_device_id, Int32, UnsafePointer<sb_network_config>?) -> Int32 = {
        handle, device, error, network in
        provisioningCall(handle, "provisioning_finished", (device, error, network)) { plugin, arguments in
            let (device, error, network) = arguments
            guard let coordinator = plugin.host.provisioning else { return -ENOSYS }
            return guarded(plugin, "provisioning_finished") {
                guard error <= 0 else { throw Registry.Refusal.invalid("error must be 0 or -errno, not \(error)") }
                let received = try network.map { try ProvisionedNetwork(abi: ABI.read(sb_network_config.self, at: $0, magic: SB_MAGIC_NETWORK_CONFIG)) }
                return coordinator.finished(device, plugin: plugin.name, error: error, network: received)
            }
        }
    }

    /// A loop-only call that only a provisioning plugin may make.
    private static func provisioningCall<A>(_ handle: OpaquePointer?, _ function: String, _ arguments: A,
                                            _ body: @MainActor (PluginInstance, A) -> Int32) -> Int32 {
        onLoop(handle, function, refused: -EPERM, arguments) { plugin, arguments in
            guard plugin.kind == .provisioning else {
                plugin.logger.warning("\(function)(): only provisioning plugins may call it")
                return -EPERM
            }
            return body(plugin, arguments)
        }
    }

    /// The plugin's C callback as a completion, never run once it exited.
    private static func resultCallback(_ plugin: PluginInstance, _ callback: sb_result_callback?,
                                       _ userData: UnsafeMutableRawPointer?) -> @MainActor (Int32) -> Void {
        let data = UncheckedPointer(userData)
        return { [weak plugin] error in
            guard let plugin, plugin.initialized else { return }
            callback?(data.pointer, error)
        }
    }
}

extension ProvisionedNetwork {
    /// What an enrollee received, checked: a 1..32 byte SSID, WPA2-Personal
    /// with a valid passphrase and/or key.
    init(abi record: sb_network_config) throws(Registry.Refusal) {
        guard let ssid = string(record.ssid), (1...32).contains(ssid.utf8.count) else {
            throw .invalid("the network needs an SSID of 1 to 32 bytes")
        }
        guard (string(record.security) ?? "psk") == "psk" else { throw .invalid("only \"psk\" networks can be stored") }
        guard let secret = NetworkSecret(passphrase: string(record.passphrase), preSharedKey: string(record.pre_shared_key)) else {
            throw .invalid("the network needs a passphrase of 8 to 63 printable ASCII characters and/or a 64 hex digit key")
        }
        self.init(ssid: ssid, secret: secret)
    }
}
