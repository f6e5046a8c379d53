import Glibc
import MainLoop
import PluginABI

/// Routing for provisioning plugins (ABI 1.3): their start and stop ops, the
/// frames their devices receive, and their frame operations, which go to
/// the bearer plugin that owns the device.
extension PluginHost {
    /// The first loaded plugin (in init order) serving `method`.
    func provisioningPlugin(serving method: ProvisioningMethod) -> String? {
        instances.first { $0.provisioningOps.map { $0.methods & method.bit != 0 && $0.start != nil } ?? false }?.name
    }

    private func provisioningInstance(_ name: String) -> (PluginInstance, sb_provisioning_ops)? {
        guard let instance = instances.first(where: { $0.name == name }), let ops = instance.provisioningOps else { return nil }
        return (instance, ops)
    }

    /// Calls the plugin's start(); the device's URI or -errno.
    func startProvisioning(plugin name: String, device: Device, request: ProvisioningRequest,
                           network: ProvisionedNetwork?, frequency: UInt32,
                           seenFrequencies: [UInt32]) -> Result<String, PluginErrno> {
        guard let (instance, ops) = provisioningInstance(name), let start = ops.start else { return .failure(PluginErrno(-EOPNOTSUPP)) }
        let strings = CStringPool()
        defer { strings.free() }
        var config = sb_network_config()
        config.header = ABI.header(SB_MAGIC_NETWORK_CONFIG, sb_network_config.self)
        if let network {
            config.ssid = strings.add(network.ssid)
            config.security = strings.add("psk")
            config.passphrase = strings.add(network.secret.passphrase)
            config.pre_shared_key = strings.add(network.secret.preSharedKey)
        }
        var args = sb_provisioning_args()
        args.header = ABI.header(SB_MAGIC_PROVISIONING_ARGS, sb_provisioning_args.self)
        args.method = request.method.bit
        args.action = request.action.rawValue
        args.flags = request.agent != nil ? UInt32(SB_PROVISION_FLAG_AGENT.rawValue) : 0
        args.frequency = frequency
        args.interface = strings.add(device.interface ?? device.name)
        args.address = strings.add(device.address)
        args.peer_uri = strings.add(request.peerURI)
        args.code = strings.add(request.code)
        args.identifier = strings.add(request.identifier)
        var uri = [CChar](repeating: 0, count: 1024)
        let result = withUnsafePointer(to: &config) { configPointer in
            args.network = network != nil ? configPointer : nil
            return seenFrequencies.withUnsafeBufferPointer { seen in
                args.seen_frequencies = seen.isEmpty ? nil : seen.baseAddress
                args.seen_frequency_count = seen.count
                return device.transmitFrequencies.withUnsafeBufferPointer { transmit in
                    args.transmit_frequencies = transmit.isEmpty ? nil : transmit.baseAddress
                    args.transmit_frequency_count = transmit.count
                    return start(instance.context, device.id, &args, &uri, uri.count)
                }
            }
        }
        guard result == 0 else { return .failure(PluginErrno(result < 0 ? result : -EPROTO)) }
        // Up to the first NUL, or the whole buffer when the plugin wrote none.
        let text = uri.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return .success(String(decoding: text, as: UTF8.self))
    }

    func stopProvisioning(plugin name: String, device: Device.ID, reason: sb_provisioning_stop_reason) {
        guard let (instance, ops) = provisioningInstance(name), instance.initialized else { return }
        ops.stop?(instance.context, device, reason)
    }

    /// A frame the device's bearer received: to every plugin that asked for it.
    func deliverFrame(_ frame: ManagementFrame) {
        for name in frames.consumers(of: frame) {
            guard let (instance, ops) = provisioningInstance(name), instance.initialized,
                  let receive = ops.frame_received else { continue }
            frame.bytes.withUnsafeBufferPointer { receive(instance.context, frame.device, frame.frequency, $0.baseAddress, $0.count) }
        }
    }

    // MARK: frame operations, on the device's bearer

    /// The bearer plugin of a device, its ops and the device's plugin_data.
    func bearer(of device: Device.ID) -> (PluginInstance, sb_bearer_ops, UnsafeMutableRawPointer?)? {
        guard let owner = registry.devices[device]?.plugin,
              let instance = instances.first(where: { $0.name == owner }), let ops = instance.bearerOps else { return nil }
        return (instance, ops, deviceData[device]?.pointer)
    }

    func frameRegister(for plugin: String, device: Device.ID, type: UInt16, match: [UInt8]) -> Int32 {
        guard let (bearer, ops, data) = bearer(of: device) else { return -ENOENT }
        guard let register = ops.frame_register else { return -EOPNOTSUPP }
        let registration = ManagementFrameRouter.Registration(plugin: plugin, type: type, match: match)
        guard frames.register(registration, on: device) else { return 0 }
        let result = match.withUnsafeBufferPointer { register(bearer.context, device, data, type, $0.baseAddress, $0.count) }
        if result != 0 { frames.forget(plugin: plugin) }
        return result
    }

    /// Runs a bearer frame operation that completes later; `completion`
    /// never runs inside this call (the ABI promises "later").  Returns 0
    /// or the -errno it failed with at once (then `completion` never runs).
    func runFrameOperation(_ operation: String, device: Device.ID, completion: @escaping @MainActor (Int32) -> Void,
                           start: (sb_bearer_ops, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, sb_request_id) -> Int32?) -> Int32 {
        guard let (bearer, ops, data) = bearer(of: device) else { return -ENOENT }
        let call = CallInProgress()
        requests.run(plugin: bearer.name, operation: operation, completion: { error in
            if call.inside { call.immediate = error } else { completion(error) }
        }, start: { request in
            start(ops, bearer.context, data, request) ?? -EOPNOTSUPP
        })
        call.inside = false
        guard let immediate = call.immediate else { return 0 }
        guard immediate == 0 else { return immediate }
        MainLoop.shared.soon { completion(0) }
        return 0
    }
}

/// Whether a plugin operation is still inside its start call, and what it
/// finished with there.
@MainActor
private final class CallInProgress {
    var inside = true
    var immediate: Int32?
}

/// A plugin's -errno as a Swift error.
struct PluginErrno: Error, Equatable {
    let value: Int32
    init(_ value: Int32) { self.value = value }
}

/// C strings that live until `free()`: the records handed to a plugin.
final class CStringPool {
    private var pointers: [UnsafeMutablePointer<CChar>] = []

    func add(_ text: String?) -> UnsafePointer<CChar>? {
        guard let text, let copy = strdup(text) else { return nil }
        pointers.append(copy)
        return UnsafePointer(copy)
    }

    /// Frees every string, zeroed first: some are secrets.
    func free() {
        for pointer in pointers {
            explicit_bzero(pointer, strlen(pointer))
            Glibc.free(pointer)
        }
        pointers.removeAll()
    }
}
