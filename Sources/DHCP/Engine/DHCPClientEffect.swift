/// What the engine asks its adapter and host to do, in order.
public enum DHCPClientEffect: Equatable, Sendable {
    /// Serialize and send (broadcast: the raw socket, 0.0.0.0 or our
    /// address → 255.255.255.255; unicast: a UDP socket from the leased address).
    case send(DHCPMessage, to: DHCPDestination)
    /// Apply (or replace) the lease's address, routes, DNS and domain.
    case configure(DHCPLease)
    /// Remove what the last `configure` applied.
    case deconfigure
    /// Deliver `timerFired` at this monotonic time; replaces any armed timer.
    case armTimer(at: Duration)
    /// Nothing to wait for any more.
    case cancelTimer
    /// For logs only.
    case event(DHCPClientEvent)
}

public enum DHCPDestination: Equatable, Sendable {
    case broadcast
    case unicast(IPv4Address)
}

/// The engine's inputs.  Each comes with the current monotonic time.
public enum DHCPClientInput: Equatable, Sendable {
    /// The link is up: acquire a lease.
    case start
    /// A parsed DHCP message arrived on port 68.
    case received(DHCPMessage)
    /// The armed timer's time came (early or late deliveries are tolerated).
    case timerFired
    /// Carrier lost, or a stop that keeps the lease: drop the configuration
    /// and remember the address for INIT-REBOOT, sending nothing.
    case linkLost
    /// Disconnect requested: give the lease back (RELEASE) and stop.
    case release
    /// The host found the leased address in use (ARP): DECLINE it.
    case addressConflict
}

/// The client's state, for logs and the host's view (RFC 2131 figure 5).
public enum DHCPClientPhase: String, Equatable, Sendable {
    case stopped
    /// INIT, waiting before the first DISCOVER (after a DECLINE).
    case initial
    case selecting
    case requesting
    /// INIT-REBOOT / REBOOTING: confirming a remembered address.
    case rebooting
    case bound
    case renewing
    case rebinding
}

/// Things worth a log line.
public enum DHCPClientEvent: Equatable, Sendable {
    case phaseChanged(from: DHCPClientPhase, to: DHCPClientPhase)
    case ignored(DHCPMessageType?, IgnoredReason)
    case offerSelected(address: IPv4Address, server: IPv4Address)
    /// The server gave no T1/T2, or values breaking T1 < T2 < lease: RFC 2131
    /// §4.4.5's defaults (0.5 and 0.875 of the lease) are used.
    case leaseTimesDefaulted
    /// `attempt` counts transmissions of this message, the first being 1.
    case retransmitting(DHCPMessageType, attempt: Int)
    /// A REQUEST went unanswered through the whole backoff: back to DISCOVER.
    case requestUnanswered
    case nakReceived(server: IPv4Address?, message: String?)
    case leaseExpired(IPv4Address)
    case declined(IPv4Address)
    case released(IPv4Address)

    public enum IgnoredReason: Error, Equatable, Sendable {
        case notAReply
        case notWaitingForReplies
        case wrongTransaction
        case wrongHardwareAddress
        case unexpectedType
        case noServerIdentifier
        case noAddress
        case noLeaseTime
        case fromAnotherServer
    }
}
