import Glibc
import PluginABI

/// The ABI 1.3 calls: a bearer's channel report, and what a provisioning
/// plugin asks of the host (frames on a device, shared codes from the
/// user's agent, the end of a session).  Against an older host each fails
/// with ENOSYS (or is a no-op), as SB_HAS_FIELD says.
extension HostAPI {
    /// A Wi-Fi network as provisioning carries it.
    public struct NetworkConfig: Sendable, Equatable {
        public var ssid: String
        public var passphrase: String?
        /// 64 hex digits.
        public var preSharedKey: String?

        public init(ssid: String, passphrase: String?, preSharedKey: String?) {
            self.ssid = ssid
            self.passphrase = passphrase
            self.preSharedKey = preSharedKey
        }

        /// Reads a record the host handed over (nil: no SSID).
        public init?(_ record: UnsafePointer<sb_network_config>?) {
            guard let record, let ssid = record.pointee.ssid else { return nil }
            self.init(ssid: String(cString: ssid), passphrase: record.pointee.passphrase.map { String(cString: $0) },
                      preSharedKey: record.pointee.pre_shared_key.map { String(cString: $0) })
        }
    }

    public func setFrequency(_ service: sb_service_id, _ frequency: UInt32) {
        guard has(\.service_set_frequency), let set = table.pointee.service_set_frequency else { return }
        _ = set(table.pointee.host, service, frequency)
    }

    /// Asks for `device`'s management frames of `type` whose body starts with `match`.
    public func registerFrames(_ device: sb_device_id, type: UInt16, match: [UInt8]) -> Int32 {
        guard has(\.device_frame_register), let register = table.pointee.device_frame_register else { return -ENOSYS }
        return match.withUnsafeBufferPointer { register(table.pointee.host, device, type, $0.baseAddress, $0.count) }
    }

    private final class ResultBox {
        let completion: (Int32) -> Void
        init(_ completion: @escaping (Int32) -> Void) { self.completion = completion }
    }

    private static let resultCallback: sb_result_callback = { data, error in
        guard let data else { return }
        Unmanaged<ResultBox>.fromOpaque(data).takeRetainedValue().completion(error)
    }

    /// Runs a host call taking a result callback; `completion` runs later,
    /// once, with 0 or -errno (also when the call failed at once).
    private func withResult(_ completion: @escaping (Int32) -> Void,
                            _ call: (sb_result_callback, UnsafeMutableRawPointer) -> Int32?) {
        let box = Unmanaged.passRetained(ResultBox(completion)).toOpaque()
        let status = call(Self.resultCallback, box) ?? -ENOSYS
        if status != 0 {
            Unmanaged<ResultBox>.fromOpaque(box).release()
            completion(status)
        }
    }

    /// Sends a whole management frame on `frequency` MHz; `completion` gets
    /// 0 when acknowledged, -EIO when not, or why it could not be sent.
    public func sendFrame(_ device: sb_device_id, frequency: UInt32, waitMilliseconds: UInt32, _ frame: [UInt8],
                          _ completion: @escaping (Int32) -> Void) {
        let send = has(\.device_frame_send) ? table.pointee.device_frame_send : nil
        withResult(completion) { callback, box in
            frame.withUnsafeBufferPointer {
                send?(table.pointee.host, device, frequency, waitMilliseconds, $0.baseAddress, $0.count, callback, box)
            }
        }
    }

    /// Listens on `frequency` MHz for `milliseconds`; `completion` runs once the radio is there.
    public func remainOnChannel(_ device: sb_device_id, frequency: UInt32, milliseconds: UInt32,
                                _ completion: @escaping (Int32) -> Void) {
        let listen = has(\.device_remain_on_channel) ? table.pointee.device_remain_on_channel : nil
        withResult(completion) { callback, box in
            listen?(table.pointee.host, device, frequency, milliseconds, callback, box)
        }
    }

    public func cancelRemainOnChannel(_ device: sb_device_id) {
        guard has(\.device_cancel_remain_on_channel), let cancel = table.pointee.device_cancel_remain_on_channel else { return }
        _ = cancel(table.pointee.host, device)
    }

    private final class CodeBox {
        let completion: (Result<String, SecretError>) -> Void
        init(_ completion: @escaping (Result<String, SecretError>) -> Void) { self.completion = completion }
    }

    /// Asks the session's shared-code agent for the code of `identifier`.
    /// `completion` runs later unless the session ends first.
    public func requestSharedCode(_ device: sb_device_id, identifier: String?,
                                  _ completion: @escaping (Result<String, SecretError>) -> Void) {
        guard has(\.request_shared_code), let request = table.pointee.request_shared_code else {
            return completion(.failure(SecretError(code: -ENOSYS)))
        }
        let box = Unmanaged.passRetained(CodeBox(completion)).toOpaque()
        let status = withOptionalCString(identifier) { identifier in
            request(table.pointee.host, device, identifier, { data, error, code in
                guard let data else { return }
                let box = Unmanaged<CodeBox>.fromOpaque(data).takeRetainedValue()
                guard error == 0, let code else { return box.completion(.failure(SecretError(code: error == 0 ? -EINVAL : error))) }
                box.completion(.success(String(cString: code)))
            }, box)
        }
        if status != 0 {
            Unmanaged<CodeBox>.fromOpaque(box).release()
            completion(.failure(SecretError(code: status)))
        }
    }

    /// Ends the session on `device`: error 0 (with the network an enrollee
    /// received) or -errno.
    @discardableResult
    public func provisioningFinished(_ device: sb_device_id, error: Int32, network: NetworkConfig? = nil) -> Int32 {
        guard has(\.provisioning_finished), let finished = table.pointee.provisioning_finished else { return -ENOSYS }
        guard let network else { return finished(table.pointee.host, device, error, nil) }
        let strings = CStrings([network.ssid, "psk", network.passphrase, network.preSharedKey])
        var record = sb_network_config()
        record.header = header(SB_MAGIC_NETWORK_CONFIG, MemoryLayout<sb_network_config>.size)
        record.ssid = strings[0]
        record.security = strings[1]
        record.passphrase = strings[2]
        record.pre_shared_key = strings[3]
        return withExtendedLifetime(strings) { finished(table.pointee.host, device, error, &record) }
    }
}
