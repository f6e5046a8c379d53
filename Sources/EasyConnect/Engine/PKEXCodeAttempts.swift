/// Failed PKEX attempts per code, kept by the caller across sessions (a
/// brute-force attacker runs one session per guess).  After `limit`
/// failures a code may not be used again; sessions refuse to start with it.
/// Codes are remembered by their SHA-256, not in clear.
public struct PKEXCodeAttempts: Sendable {
    public static let limit = 5

    private var failures: [[UInt8]: Int] = [:]

    public init() {}

    public func failureCount(code: String) -> Int {
        (try? failures[Self.key(code)]) ?? 0
    }

    public func mayUse(code: String) -> Bool { failureCount(code: code) < Self.limit }

    /// Counts `output` against `code` if it reports a wrong-code failure.
    public mutating func record(_ output: DPPOutput, code: String) {
        guard output.events.contains(.failed(.refused(.authenticationFailure,
                                                      .protocolViolation(.pkexCodeMismatch)))),
              let key = try? Self.key(code) else { return }
        failures[key, default: 0] += 1
    }

    private static func key(_ code: String) throws -> [UInt8] {
        try HashFunction.sha256.hash([SecretBytes(Array(code.utf8))])
    }
}
