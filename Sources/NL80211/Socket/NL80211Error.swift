import Glibc

/// A failed nl80211 request or socket operation, with the kernel's errno.
public struct NL80211Error: Error, CustomStringConvertible, Sendable, Equatable {
    public let operation: String
    /// A positive errno value (EBUSY, ENOENT, ...), or 0 when there is none.
    public let code: Int32

    public init(_ operation: String, code: Int32) {
        self.operation = operation
        self.code = abs(code)
    }

    public var description: String {
        code == 0 ? operation : "\(operation): \(String(cString: strerror(code)))"
    }
}
