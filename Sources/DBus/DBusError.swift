/// A D-Bus error: the error name travels on the wire, the message is the first
/// string argument of the error reply.
public struct DBusError: Error, Equatable, Sendable, CustomStringConvertible {
    public var name: String
    public var message: String

    public init(name: String, message: String = "") {
        self.name = name
        self.message = message
    }

    public var description: String { message.isEmpty ? name : "\(name): \(message)" }

    private static func standard(_ suffix: String, _ message: String) -> DBusError {
        DBusError(name: "org.freedesktop.DBus.Error." + suffix, message: message)
    }

    public static func invalidArgs(_ message: String) -> DBusError { standard("InvalidArgs", message) }
    public static func unknownMethod(_ message: String) -> DBusError { standard("UnknownMethod", message) }
    public static func unknownInterface(_ message: String) -> DBusError { standard("UnknownInterface", message) }
    public static func unknownObject(_ message: String) -> DBusError { standard("UnknownObject", message) }
    public static func unknownProperty(_ message: String) -> DBusError { standard("UnknownProperty", message) }
    public static func propertyReadOnly(_ message: String) -> DBusError { standard("PropertyReadOnly", message) }
    public static func failed(_ message: String) -> DBusError { standard("Failed", message) }
    public static func accessDenied(_ message: String) -> DBusError { standard("AccessDenied", message) }
    public static func notSupported(_ message: String) -> DBusError { standard("NotSupported", message) }
    public static func serviceUnknown(_ message: String) -> DBusError { standard("ServiceUnknown", message) }
    public static func nameHasNoOwner(_ message: String) -> DBusError { standard("NameHasNoOwner", message) }
    public static func timeout(_ message: String) -> DBusError { standard("Timeout", message) }
    public static let noReply = standard("NoReply", "No reply within the timeout")
    public static let noMemory = standard("NoMemory", "Out of memory")
    public static let disconnected = standard("Disconnected", "The connection is closed")

    /// Well-known error names, for comparing `name` without typos.
    public enum Name {
        public static let invalidArgs = "org.freedesktop.DBus.Error.InvalidArgs"
        public static let unknownMethod = "org.freedesktop.DBus.Error.UnknownMethod"
        public static let unknownInterface = "org.freedesktop.DBus.Error.UnknownInterface"
        public static let unknownObject = "org.freedesktop.DBus.Error.UnknownObject"
        public static let unknownProperty = "org.freedesktop.DBus.Error.UnknownProperty"
        public static let propertyReadOnly = "org.freedesktop.DBus.Error.PropertyReadOnly"
        public static let failed = "org.freedesktop.DBus.Error.Failed"
        public static let noReply = "org.freedesktop.DBus.Error.NoReply"
        public static let serviceUnknown = "org.freedesktop.DBus.Error.ServiceUnknown"
        public static let nameHasNoOwner = "org.freedesktop.DBus.Error.NameHasNoOwner"
        public static let disconnected = "org.freedesktop.DBus.Error.Disconnected"
    }
}
