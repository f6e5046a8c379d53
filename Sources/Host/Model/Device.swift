/// A network device a bearer plugin registered: an interface or a modem.
public struct Device: Sendable, Equatable, Identifiable {
    public typealias ID = UInt64

    /// The parts of a device that can change after it was added; observers
    /// are told which ones did.
    public enum Field: Sendable, Hashable {
        case powered, scanning, transmitFrequencies
    }

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
    /// The radio (or modem) it belongs to, e.g. the wiphy "phy0" (ABI 1.2).
    public var adapter: String? = nil
    /// True while the plugin reports a scan in progress (ABI 1.2).
    public var scanning = false
    /// Channels (MHz, ascending) where the radio may start a transmission
    /// under the regulatory domain in force, as its bearer reports them (ABI 1.6).
    public var transmitFrequencies: [UInt32] = []
}
