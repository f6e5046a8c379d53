import DHCP

/// What a service's DHCPv4 client remembers between two configurations of
/// the same service (carrier lost and back): its last leased address.
@MainActor
final class DHCPMemory {
    var address: IPv4Address?
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
