import COpenSSL

/// The few OpenSSL conventions every wrapper of this folder shares.
enum OpenSSLCalls {
    /// The error for a failed call: names it and adds OpenSSL's first queued
    /// reason (the queue is emptied, see the shim).
    static func failure(_ call: String) -> WPAError {
        guard let reason = switchboard_take_error_reason() else { return .cryptoFailure(call) }
        return .cryptoFailure("\(call): \(String(cString: reason))")
    }

    /// Equal octets, in a time that does not depend on where they differ
    /// (MICs and keys).  Lengths are public: a length mismatch is just false.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return CRYPTO_memcmp(a, b, a.count) == 0
    }
}
