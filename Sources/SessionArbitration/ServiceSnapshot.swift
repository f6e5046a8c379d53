/// What arbitration needs to know of a service: the host copies it from its
/// model, so the engine never sees plugins, D-Bus or the registry.
public struct ServiceSnapshot: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        /// Not connected (idle, failure, disconnect): a candidate to connect.
        case down
        /// Association or configuration in progress.
        case connecting
        case ready
        case online

        var isUp: Bool { self == .ready || self == .online }
    }

    public typealias ID = UInt64

    public var id: ID
    public var bearer: String
    public var name: String
    public var interface: String?
    public var state: State
    /// The host's ranking: lower is better (ties between bearers the session
    /// ranks equally are broken by this).
    public var rank: Int
    /// The settings a session reports while attached (IPv4/IPv6 dictionaries
    /// are opaque to the engine).
    public var ipv4: [String: String]
    public var ipv6: [String: String]

    public init(id: ID, bearer: String, name: String, interface: String?, state: State, rank: Int,
                ipv4: [String: String] = [:], ipv6: [String: String] = [:]) {
        self.id = id
        self.bearer = bearer
        self.name = name
        self.interface = interface
        self.state = state
        self.rank = rank
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }
}
