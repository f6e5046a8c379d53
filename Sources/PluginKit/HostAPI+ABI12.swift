import Glibc
import PluginABI

/// The ABI 1.2 calls: secrets, service errors, scanning, frames, and the
/// device and service records with their 1.2 fields.  Against an older host
/// each is a no-op (or fails with ENOSYS), as SB_HAS_FIELD says.
extension HostAPI {
    /// A network secret as the host hands it over.
    public struct Secret: Sendable, Equatable {
        public var passphrase: String?
        /// 64 hex digits.
        public var preSharedKey: String?

        public init(passphrase: String?, preSharedKey: String?) {
            self.passphrase = passphrase
            self.preSharedKey = preSharedKey
        }
    }

    /// Why no secret came: -ENOKEY (no agent), -ECANCELED (the user
    /// declined), -ETIMEDOUT (no answer), -ENOSYS (an older host).
    public struct SecretError: Error, Sendable, CustomStringConvertible {
        public let code: Int32
        public var description: String { String(cString: strerror(-code)) }
    }

    private final class SecretRequest {
        let completion: (Result<Secret, SecretError>) -> Void
        init(_ completion: @escaping (Result<Secret, SecretError>) -> Void) { self.completion = completion }
    }

    /// Asks for a service's secret; `completion` runs later on the loop, once.
    public func requestSecret(_ service: sb_service_id, askUser: Bool,
                              _ completion: @escaping (Result<Secret, SecretError>) -> Void) {
        guard has(\.service_request_secret), let request = table.pointee.service_request_secret else {
            completion(.failure(SecretError(code: -ENOSYS)))
            return
        }
        let box = Unmanaged.passRetained(SecretRequest(completion)).toOpaque()
        let flags = askUser ? UInt32(SB_SECRET_ASK_USER.rawValue) : 0
        let status = request(table.pointee.host, service, flags, { data, error, secret in
            guard let data else { return }
            let request = Unmanaged<SecretRequest>.fromOpaque(data).takeRetainedValue()
            guard error == 0, let secret else {
                request.completion(.failure(SecretError(code: error == 0 ? -EINVAL : error)))
                return
            }
            request.completion(.success(Secret(passphrase: secret.pointee.passphrase.map { String(cString: $0) },
                                               preSharedKey: secret.pointee.pre_shared_key.map { String(cString: $0) })))
        }, box)
        if status != 0 {
            Unmanaged<SecretRequest>.fromOpaque(box).release()
            completion(.failure(SecretError(code: status)))
        }
    }

    /// Tells the host how the secret did: error 0 stores it, -EKEYREJECTED forgets it.
    public func secretResult(_ service: sb_service_id, passphrase: String?, psk: String?, error: Int32) {
        guard has(\.service_secret_result), let report = table.pointee.service_secret_result else { return }
        guard error == 0 else {
            _ = report(table.pointee.host, service, nil, error)
            return
        }
        withOptionalCString(passphrase) { passphrase in
            withOptionalCString(psk) { psk in
                var secret = sb_secret()
                secret.header = header(SB_MAGIC_SECRET, MemoryLayout<sb_secret>.size)
                secret.passphrase = passphrase
                secret.pre_shared_key = psk
                _ = report(table.pointee.host, service, &secret, 0)
            }
        }
    }

    /// The service's Error property ("invalid-key", ...); nil clears it.
    public func setError(_ service: sb_service_id, _ error: String?) {
        guard has(\.service_set_error), let set = table.pointee.service_set_error else { return }
        _ = withOptionalCString(error) { set(table.pointee.host, service, $0) }
    }

    public func setScanning(_ device: sb_device_id, _ scanning: Bool) {
        guard has(\.device_set_scanning), let set = table.pointee.device_set_scanning else { return }
        _ = set(table.pointee.host, device, scanning ? 1 : 0)
    }

    public func frameReceived(_ device: sb_device_id, frequency: UInt32, _ frame: [UInt8]) {
        guard has(\.device_frame_received), let received = table.pointee.device_frame_received else { return }
        frame.withUnsafeBufferPointer { received(table.pointee.host, device, frequency, $0.baseAddress, $0.count) }
    }

    public func setStrength(_ service: sb_service_id, _ strength: UInt8) {
        _ = table.pointee.service_set_strength?(table.pointee.host, service, strength)
    }

    /// SB_HAS_FIELD for the host table: an older host's table ends earlier.
    func has<F>(_ field: KeyPath<sb_host_api, F>) -> Bool {
        hasField(field, structSize: table.pointee.header.struct_size)
    }
}
