import Glibc
import PluginABI

/// The secrets part of the host API table (ABI 1.2): requests answered by the
/// known-network store or the user's agent, and how connections ended.
extension HostAPITable {
    static let serviceRequestSecret: @convention(c) (OpaquePointer?, sb_service_id, UInt32, sb_secret_callback?, UnsafeMutableRawPointer?) -> Int32 = {
        handle, id, flags, callback, userData in
        onLoop(handle, "service_request_secret", refused: -EPERM, (id, flags, callback, userData)) { plugin, arguments -> Int32 in
            let (id, flags, callback, userData) = arguments
            guard let callback else { return -EINVAL }
            guard let service = plugin.host.registry.services[id] else { return -ENOENT }
            guard service.plugin == plugin.name else { return -EPERM }
            guard let secrets = plugin.host.secrets else { return -ENOSYS }
            let data = UncheckedPointer(userData)
            let askUser = flags & UInt32(SB_SECRET_ASK_USER.rawValue) != 0
            return secrets.request(id, plugin: plugin.name, askUser: askUser) { [weak plugin] result in
                // Never into a plugin that has exited (or whose init failed).
                guard let plugin, plugin.initialized else { return }
                switch result {
                case .success(let secret): deliver(secret, to: callback, data)
                case .failure(let error): callback(data.pointer, error.errno, nil)
                }
            }
        }
    }

    static let serviceSecretResult: @convention(c) (OpaquePointer?, sb_service_id, UnsafePointer<sb_secret>?, Int32) -> Int32 = {
        handle, id, secret, error in
        onLoop(handle, "service_secret_result", refused: -EPERM, (id, secret, error)) { plugin, arguments -> Int32 in
            let (id, secret, error) = arguments
            guard let service = plugin.host.registry.services[id] else { return -ENOENT }
            guard service.plugin == plugin.name else { return -EPERM }
            guard let secrets = plugin.host.secrets else { return -ENOSYS }
            return guarded(plugin, "service_secret_result") {
                let record = try secret.map { try ABI.read(sb_secret.self, at: $0, magic: SB_MAGIC_SECRET) }
                let parsed = try record.map { record throws(Registry.Refusal) in
                    guard let value = NetworkSecret(passphrase: string(record.passphrase), preSharedKey: string(record.pre_shared_key)) else {
                        throw .invalid("the secret needs a passphrase of 8 to 63 printable ASCII characters and/or a 64 hex digit key")
                    }
                    return value
                }
                guard error <= 0 else { throw Registry.Refusal.invalid("error must be 0 or -errno, not \(error)") }
                return secrets.result(id, secret: parsed, error: error)
            }
        }
    }

    /// Calls the plugin with an sb_secret whose strings live for the call only.
    private static func deliver(_ secret: NetworkSecret, to callback: sb_secret_callback, _ data: UncheckedPointer) {
        let passphrase = secret.passphrase.map { strdup($0)! }
        let key = secret.preSharedKey.map { strdup($0)! }
        defer {
            // Wiped before freeing: the plugin had its copy.
            for pointer in [passphrase, key].compactMap({ $0 }) {
                explicit_bzero(pointer, strlen(pointer))
                free(pointer)
            }
        }
        var record = sb_secret()
        record.header = ABI.header(SB_MAGIC_SECRET, sb_secret.self)
        record.passphrase = passphrase.map { UnsafePointer($0) }
        record.pre_shared_key = key.map { UnsafePointer($0) }
        callback(data.pointer, 0, &record)
    }
}
