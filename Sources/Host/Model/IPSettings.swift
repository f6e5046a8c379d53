/// How an address family of a service is configured (ConnMan's `Method`).
public enum IPMethod: String, Sendable {
    case off, dhcp, manual, fixed, auto
}

/// A service's current IPv4 configuration.
public struct IPv4Settings: Sendable, Equatable {
    public var method: IPMethod
    public var address: String?
    public var netmask: String?
    public var gateway: String?
    public var nameservers: [String]
    /// Search domains the network gave (DHCP's domain name).
    public var domains: [String]

    public init(method: IPMethod, address: String? = nil, netmask: String? = nil,
                gateway: String? = nil, nameservers: [String] = [], domains: [String] = []) {
        self.method = method
        self.address = address
        self.netmask = netmask
        self.gateway = gateway
        self.nameservers = nameservers
        self.domains = domains
    }
}

/// A service's current IPv6 configuration.
public struct IPv6Settings: Sendable, Equatable {
    public var method: IPMethod
    public var address: String?
    public var prefixLength: UInt8
    public var gateway: String?
    public var nameservers: [String]

    public init(method: IPMethod, address: String? = nil, prefixLength: UInt8 = 0,
                gateway: String? = nil, nameservers: [String] = []) {
        self.method = method
        self.address = address
        self.prefixLength = prefixLength
        self.gateway = gateway
        self.nameservers = nameservers
    }
}
