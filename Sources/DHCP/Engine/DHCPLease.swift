/// A lease as the host applies it: the ACK's parameters plus when its
/// timers fall.  Times are on the engine's monotonic clock.
public struct DHCPLease: Equatable, Sendable {
    public var address: IPv4Address
    public var prefixLength: Int
    public var routers: [IPv4Address]
    public var domainNameServers: [IPv4Address]
    public var domainName: String?
    public var hostName: String?
    public var broadcastAddress: IPv4Address?
    public var mtu: UInt16?
    public var classlessStaticRoutes: [ClasslessRoute]
    public var serverIdentifier: IPv4Address
    /// Lease duration, T1 and T2; nil for an infinite lease.
    public var leaseTime: Duration?
    public var renewalTime: Duration?
    public var rebindingTime: Duration?
    /// When the REQUEST that obtained the lease was first sent: RFC 2131
    /// §4.4.1 counts the lease from there, not from the ACK.
    public var obtainedAt: Duration

    public var renewAt: Duration? { renewalTime.map { obtainedAt + $0 } }
    public var rebindAt: Duration? { rebindingTime.map { obtainedAt + $0 } }
    public var expiresAt: Duration? { leaseTime.map { obtainedAt + $0 } }

    /// T1, T2 and expiry together; nil for an infinite lease.
    var deadlines: LeaseDeadlines? {
        guard let renewAt, let rebindAt, let expiresAt else { return nil }
        return LeaseDeadlines(renewAt: renewAt, rebindAt: rebindAt, expiresAt: expiresAt)
    }
}

/// The three times a finite lease's states act on.
struct LeaseDeadlines: Sendable {
    let renewAt: Duration
    let rebindAt: Duration
    let expiresAt: Duration
}

extension DHCPLease {
    /// The lease an ACK grants.  Throws why the ACK cannot be used: no
    /// usable address, no server identifier or no (or a zero) lease time (RFC 2131
    /// table 3: an ACK to a REQUEST MUST carry both).
    /// - Returns: the lease, and whether T1/T2 defaults replaced the server's.
    static func granted(by ack: DHCPMessage, requestSentAt: Duration)
        throws(DHCPClientEvent.IgnoredReason) -> (lease: DHCPLease, timesDefaulted: Bool) {
        guard ack.yourAddress.isUnicastHost else { throw .noAddress }
        guard let server = ack.serverIdentifier else { throw .noServerIdentifier }
        guard let seconds = ack.leaseTime, seconds > 0 else { throw .noLeaseTime }
        var lease = DHCPLease(
            address: ack.yourAddress,
            prefixLength: ack.subnetMask?.prefixLengthOfMask ?? classfulPrefixLength(of: ack.yourAddress),
            routers: ack.routers, domainNameServers: ack.domainNameServers, domainName: ack.domainName,
            hostName: ack.hostName, broadcastAddress: ack.broadcastAddress, mtu: ack.interfaceMTU,
            classlessStaticRoutes: ack.classlessStaticRoutes, serverIdentifier: server,
            leaseTime: nil, renewalTime: nil, rebindingTime: nil, obtainedAt: requestSentAt)
        guard seconds != DHCPOption.infiniteLease else { return (lease, false) }

        let duration = Duration.seconds(Int64(seconds))
        let defaultT1 = duration / 2, defaultT2 = duration * 7 / 8
        var t1 = ack.renewalTime.map { Duration.seconds(Int64($0)) } ?? defaultT1
        var t2 = ack.rebindingTime.map { Duration.seconds(Int64($0)) } ?? defaultT2
        var defaulted = ack.renewalTime == nil || ack.rebindingTime == nil
        if !(.zero < t1 && t1 < t2 && t2 < duration) {
            (t1, t2, defaulted) = (defaultT1, defaultT2, true)
        }
        lease.leaseTime = duration
        lease.renewalTime = t1
        lease.rebindingTime = t2
        return (lease, defaulted)
    }

    /// Without a (usable) subnet mask option, the address class's mask: the
    /// only guess a host without other knowledge can make.
    static func classfulPrefixLength(of address: IPv4Address) -> Int {
        switch address.rawValue >> 24 {
        case 0..<128: 8
        case 128..<192: 16
        default: 24
        }
    }
}
