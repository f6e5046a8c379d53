import COpenSSL

/// Small helpers shared by the OpenSSL wrappers of this folder.
enum OpenSSL {
    /// The error for a failed OpenSSL call: names the call and the first
    /// queued OpenSSL reason (the queue is emptied, see the shim).
    static func failure(_ call: String) -> EasyConnectError {
        guard let reason = switchboard_take_error_reason() else { return .cryptoFailure(call) }
        return .cryptoFailure("\(call): \(String(cString: reason))")
    }

    /// Forgets queued OpenSSL errors after a failure that was expected and
    /// turned into a specific error (a forged tag, a point off the curve).
    static func clearErrors() {
        ERR_clear_error()
    }

    /// A fresh `BN_CTX` (secure-heap flavoured) for the duration of `body`.
    static func withBNContext<R>(_ body: (OpaquePointer) throws -> R) throws -> R {
        guard let ctx = BN_CTX_secure_new() else { throw failure("BN_CTX_secure_new") }
        defer { BN_CTX_free(ctx) }
        return try body(ctx)
    }
}
