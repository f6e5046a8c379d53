internal import CNetlinkRoute

/// A failed rtnetlink request, with libnl's reason.
public struct NetlinkError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    /// libnl's error code (NLE_*), positive.
    public let code: Int32
    public let reason: String

    init(_ operation: String, _ result: Int32) {
        self.operation = operation
        code = abs(result)
        reason = String(cString: nl_geterror(result))
    }

    init(_ operation: String, reason: String) {
        self.operation = operation
        code = 0
        self.reason = reason
    }

    public var description: String { "\(operation): \(reason)" }

    /// The object already exists (adding an address or route twice).
    public var isExists: Bool { code == NLE_EXIST }
    /// The object is not there (removing one that is gone).
    public var isMissing: Bool { code == NLE_OBJ_NOTFOUND || code == NLE_NOADDR }
}
