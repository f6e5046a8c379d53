/// A network device a bearer plugin registered: an interface or a modem.
public struct Device: Sendable, Equatable, Identifiable {
    public typealias ID = UInt64

    public let id: ID
    /// Name of the plugin that owns it; only that plugin may change it.
    public let plugin: String
    /// Bearer type, which is also its technology ("ethernet", "wifi", ...).
    public let bearer: String
    public var name: String
    public var interface: String?
    public var address: String?
    public var ifindex: Int32
    public var powered: Bool
}
