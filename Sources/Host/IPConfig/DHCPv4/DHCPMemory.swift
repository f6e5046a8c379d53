import DHCP

/// What a service's DHCPv4 client remembers between two configurations of
/// the same service (a disconnect that kept the lease, or carrier lost and
/// back): its last lease's address and end, so that the next start confirms
/// the address (INIT-REBOOT, one exchange) while the lease still runs
/// instead of discovering anew (two exchanges, and dnsmasq's 3 s ping of a
/// newly allocated address).  Per service: a Wi-Fi network's lease is never
/// tried on another network.
@MainActor
final class DHCPMemory {
    private var address: IPv4Address?
    /// On `DHCPv4Link.now()`'s clock; nil for an infinite lease.
    private var expiresAt: Duration?

    func remember(_ lease: DHCPLease) {
        address = lease.address
        expiresAt = lease.expiresAt
    }

    func forget() {
        address = nil
        expiresAt = nil
    }

    /// The address to confirm at a start at `now`: none once its lease ended.
    func address(at now: Duration) -> IPv4Address? {
        if let expiresAt, now >= expiresAt { return nil }
        return address
    }
}

extension DHCPLease {
    /// The default gateway: a classless static route to 0.0.0.0/0 when the
    /// server sent option 121 (RFC 3442 §2: the Router option is then
    /// ignored), otherwise the first router.
    var defaultGateway: IPv4Address? {
        if !classlessStaticRoutes.isEmpty {
            return classlessStaticRoutes.first { $0.prefixLength == 0 }?.router
        }
        return routers.first
    }
}
