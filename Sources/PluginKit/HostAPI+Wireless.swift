import Glibc
import PluginABI

/// The ABI 1.2 part of the host API in Swift: secrets, service errors,
/// scanning and received management frames.  Each call checks that the
/// host's table has the function (SB_HAS_FIELD) and returns -ENOSYS when not.
extension HostAPI {
    /// A network secret as the host hands it over or takes it back.
    public struct Secret: Equatable, Sendable {
        public var passphrase: String?
        /// 64 hex digits.
        public var preSharedKey: String?

        public init(passphrase: String?, preSharedKey: String?) {
            self.passphrase = passphrase
            self.preSharedKey = preSharedKey
        }
    }

    /// A negative errno from the host (-ENOKEY, -ECANCELED, ...).
    public struct Failure: Error, Equatable, Sendable {
        public let errno: Int32
        public init(errno: Int32) { self.errno = errno }
    }

    /// Asks for the secret of `service`: the host answers from the known
    /// networks, else (or with `askUser`, after a stored one was refused) from
    /// the user's agent.  `callback` runs later on the loop, exactly once
    /// (never after plugin_exit).  Returns 0 or -errno (then no callback).
    public func requestSecret(_ service: sb_service_id, askUser: Bool,
                              _ callback: @escaping (Result<Secret, Failure>) -> Void) -> Int32 {
        guard hasField(\.service_request_secret), let request = table.pointee.service_request_secret else { return -ENOSYS }
        let box = Unmanaged.passRetained(SecretCallback(callback))
        let flags = askUser ? UInt32(SB_SECRET_ASK_USER.rawValue) : 0
        let result = request(table.pointee.host, service, flags, secretTrampoline, box.toOpaque())
        if result != 0 { box.release() }
        return result
    }

    /// How a connection that used a secret ended: error 0 with the secret
    /// that worked (the host stores it), or -EKEYREJECTED (it stores nothing
    /// and forgets a stored secret that failed).
    @discardableResult
    public func secretResult(_ service: sb_service_id, passphrase: String?, psk: String?, error: Int32) -> Int32 {
        guard hasField(\.service_secret_result), let report = table.pointee.service_secret_result else { return -ENOSYS }
        guard passphrase != nil || psk != nil else { return report(table.pointee.host, service, nil, error) }
        return withCStringList([passphrase, psk]) { strings in
            var secret = sb_secret()
            secret.header = header(SB_MAGIC_SECRET, MemoryLayout<sb_secret>.size)
            secret.passphrase = strings[0]
            secret.pre_shared_key = strings[1]
            return report(table.pointee.host, service, &secret, error)
        }
    }

    /// Sets the service's Error ("invalid-key", "connect-failed", ...); nil clears it.
    @discardableResult
    public func setError(_ service: sb_service_id, _ error: String?) -> Int32 {
        guard hasField(\.service_set_error), let set = table.pointee.service_set_error else { return -ENOSYS }
        return withCStringList([error]) { set(table.pointee.host, service, $0[0]) }
    }

    /// Reports that the device is scanning, or has stopped.
    @discardableResult
    public func setScanning(_ device: sb_device_id, _ scanning: Bool) -> Int32 {
        guard hasField(\.device_set_scanning), let set = table.pointee.device_set_scanning else { return -ENOSYS }
        return set(table.pointee.host, device, scanning ? 1 : 0)
    }

    /// Hands the host a management frame (802.11 header included) that
    /// matched a frame_register(), received on `frequency` MHz.
    public func frameReceived(_ device: sb_device_id, frequency: UInt32, _ frame: [UInt8]) {
        guard hasField(\.device_frame_received), let received = table.pointee.device_frame_received else { return }
        frame.withUnsafeBufferPointer { received(table.pointee.host, device, frequency, $0.baseAddress, $0.count) }
    }
}

/// The Swift closure behind one secret request, carried as the C user_data.
private final class SecretCallback {
    let body: (Result<HostAPI.Secret, HostAPI.Failure>) -> Void
    init(_ body: @escaping (Result<HostAPI.Secret, HostAPI.Failure>) -> Void) { self.body = body }
}

private let secretTrampoline: sb_secret_callback = { userData, error, secret in
    guard let userData else { return }
    let callback = Unmanaged<SecretCallback>.fromOpaque(userData).takeRetainedValue()
    guard error == 0, let secret else { return callback.body(.failure(HostAPI.Failure(errno: error < 0 ? error : -EIO))) }
    callback.body(.success(HostAPI.Secret(passphrase: secret.pointee.passphrase.map { String(cString: $0) },
                                          preSharedKey: secret.pointee.pre_shared_key.map { String(cString: $0) })))
}
