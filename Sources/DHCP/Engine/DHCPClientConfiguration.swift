/// What the host tells the engine about the link and its wishes.
public struct DHCPClientConfiguration: Equatable, Sendable {
    /// The link's Ethernet address (chaddr).
    public var hardwareAddress: [UInt8]
    /// Option 61; defaults to type 1 (Ethernet) followed by the address
    /// (RFC 2132 §9.14).  The same identifier must be used for a lease's
    /// whole life, RELEASE included.
    public var clientIdentifier: [UInt8]
    /// Option 12 sent in DISCOVER and REQUEST, so servers can register a name.
    public var hostName: String?
    /// Option 55: what we ask servers for.
    public var parameterRequestList: [UInt8]
    /// Option 57: the largest reply we accept (our socket reads full frames).
    public var maximumMessageSize: UInt16
    /// A previously leased address: `start` then tries INIT-REBOOT (RFC 2131
    /// §3.2: REQUEST with option 50 and no server identifier) before DISCOVER.
    public var previousAddress: IPv4Address?
    /// Ask servers to broadcast replies.  A raw socket receives unicast
    /// replies to our MAC, so this stays off unless a network needs it.
    public var requestBroadcastReplies: Bool
    /// When set, the first DISCOVER (or INIT-REBOOT REQUEST) after `start`
    /// is resent this soon instead of after RFC 2131's 4 s: a link that has
    /// just come up often drops its first frames (a bridge or switch port
    /// not forwarding yet, a server that has not seen its port come up), and
    /// waiting 4 s for that is most of the time to a lease.  The rest of the
    /// schedule is RFC 2131's.
    public var linkUpRetransmission: Duration?

    public static let defaultParameterRequestList: [UInt8] = [
        DHCPOption.Code.subnetMask, DHCPOption.Code.routers, DHCPOption.Code.domainNameServers,
        DHCPOption.Code.domainName, DHCPOption.Code.interfaceMTU, DHCPOption.Code.broadcastAddress,
        DHCPOption.Code.leaseTime, DHCPOption.Code.renewalTime, DHCPOption.Code.rebindingTime,
        DHCPOption.Code.classlessStaticRoutes,
    ]

    public init(hardwareAddress: [UInt8], clientIdentifier: [UInt8]? = nil, hostName: String? = nil,
                parameterRequestList: [UInt8] = DHCPClientConfiguration.defaultParameterRequestList,
                maximumMessageSize: UInt16 = 1500, previousAddress: IPv4Address? = nil,
                requestBroadcastReplies: Bool = false, linkUpRetransmission: Duration? = nil) {
        precondition(hardwareAddress.count <= DHCPMessage.hardwareAddressFieldLength, "hardware address too long")
        self.hardwareAddress = hardwareAddress
        self.clientIdentifier = clientIdentifier ?? [DHCPMessage.ethernet] + hardwareAddress
        self.hostName = hostName
        self.parameterRequestList = parameterRequestList
        self.maximumMessageSize = maximumMessageSize
        self.previousAddress = previousAddress
        self.requestBroadcastReplies = requestBroadcastReplies
        self.linkUpRetransmission = linkUpRetransmission
    }
}
