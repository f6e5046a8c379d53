import Glibc
import Logging
import Netlink

/// IPv6 on one link while its service is connected: the kernel makes
/// addresses and a default route from router advertisements (SLAAC); this
/// switches that on, asks the routers at once, follows what the kernel
/// made, and at the end takes it all out again.
///
/// IPv6 itself stays on across disconnects: switching it on costs the
/// kernel a new link-local address, its duplicate address detection and
/// multicast joins (5-10 ms of a Wi-Fi connect under TCG).  Between
/// connects, `accept_ra=0` keeps the link from learning anything, so only
/// the link-local address remains, as it does over a lost carrier.
@MainActor
final class IPv6Autoconf {
    /// RFC 4861 §10: MAX_RTR_SOLICITATION_DELAY, RTR_SOLICITATION_INTERVAL
    /// and MAX_RTR_SOLICITATIONS.
    static let firstSolicitationDelayMilliseconds: UInt64 = 1_000
    static let solicitationIntervalMilliseconds: UInt64 = 4_000
    static let solicitations = 3

    private let link: Link
    private let kernel: RouteSocket
    private let loop: EventLoop
    private let label: String
    private let logger: Logger
    private let report: (@escaping (inout IPv6Settings?) -> Void) -> Void
    private let memory: IPv6LinkMemory
    private var solicitationTimer: EventLoop.SourceID?
    private var solicitationsLeft = 0
    /// A router answered (or advertised on its own): no more solicitations.
    private var heardFromRouter = false

    /// - Parameter report: applies a change to the service's IPv6 settings.
    init(link: Link, kernel: RouteSocket, loop: EventLoop, memory: IPv6LinkMemory, label: String, logger: Logger,
         report: @escaping (@escaping (inout IPv6Settings?) -> Void) -> Void) {
        self.link = link
        self.memory = memory
        self.kernel = kernel
        self.loop = loop
        self.label = label
        self.logger = logger
        self.report = report
    }

    func start() {
        let wasOff = Sysctl.ipv6(link.name, "disable_ipv6") != 0
        if wasOff { Sysctl.setIPv6(link.name, "disable_ipv6", 0, logger: logger) }
        // accept_ra=2: take router advertisements even if forwarding is on.
        Sysctl.setIPv6(link.name, "autoconf", 1, logger: logger)
        Sysctl.setIPv6(link.name, "accept_ra", 2, logger: logger)
        report { $0 = IPv6Settings(method: .auto) }
        // The kernel solicits by itself only when IPv6 comes on (after its
        // link-local address passed detection) and, on some kernels, when
        // the carrier returns with accept_ra already set: not here.
        // RFC 4861 §6.3.7's random delay keeps hosts that start together
        // (a switch or access point coming back) from soliciting together.
        solicitationsLeft = Self.solicitations
        scheduleSolicitation(after: UInt64.random(in: 0...Self.firstSolicitationDelayMilliseconds))
        // A link whose IPv6 was off, or that the last stop cleared, has
        // nothing from a router yet (what comes later, the link monitor
        // reports): no dumps to read it, which take milliseconds.
        let knownEmpty = wasOff || memory.leftClean
        memory.leftClean = false
        guard !knownEmpty else { return }
        for address in (try? kernel.addresses()) ?? [] { _ = kernelChanged(.address(address)) }
        for route in (try? kernel.defaultRoutes()) ?? [] { _ = kernelChanged(.defaultRoute(route)) }
    }

    func stop() {
        if let solicitationTimer { loop.removeTimer(solicitationTimer) }
        solicitationTimer = nil
        // First no more advertisements, then out with what the last ones made.
        let learnsNothing = Sysctl.setIPv6(link.name, "accept_ra", 0, logger: logger)
        memory.leftClean = removeWhatRoutersMade() && learnsNothing
    }

    /// Follows the kernel: SLAAC addresses and the router's default route.
    /// Returns whether the event changed this link's IPv6.
    func kernelChanged(_ event: LinkMonitor.Event) -> Bool {
        switch event {
        case .address(let address) where address.linkIndex == link.index && address.isIPv6 && address.isGlobal:
            guard !address.isTentative else { return false }
            heardFromRouter = heardFromRouter || !address.isPermanent
            report { settings in
                settings?.address = address.address
                settings?.prefixLength = UInt8(clamping: address.prefixLength)
            }
        case .addressRemoved(let address) where address.linkIndex == link.index && address.isIPv6:
            report { settings in
                if settings?.address == address.address {
                    settings?.address = nil
                    settings?.prefixLength = 0
                }
            }
        case .defaultRoute(let route) where route.linkIndex == link.index && route.family == AF_INET6:
            heardFromRouter = heardFromRouter || route.fromRouterAdvertisement
            report { $0?.gateway = route.gateway }
        case .defaultRouteRemoved(let route) where route.linkIndex == link.index && route.family == AF_INET6:
            report { settings in
                if settings?.gateway == route.gateway { settings?.gateway = nil }
            }
        default:
            return false
        }
        return true
    }

    // MARK: router solicitations

    private func scheduleSolicitation(after milliseconds: UInt64) {
        solicitationTimer = loop.addTimer(delayMilliseconds: milliseconds, intervalMilliseconds: 0) { [weak self] _ in
            self?.solicit()
        }
    }

    private func solicit() {
        solicitationTimer = nil
        guard !heardFromRouter, solicitationsLeft > 0 else { return }
        solicitationsLeft -= 1
        let message = RouterSolicitation.message(sourceLinkLayerAddress: link.ethernetAddress)
        do {
            try RouterSolicitation.send(message, link: link.name)
        } catch {
            logger.debug("\(label): router solicitation on \(link.name) not sent: \(error)")
        }
        if solicitationsLeft > 0 { scheduleSolicitation(after: Self.solicitationIntervalMilliseconds) }
    }

    // MARK: clean-up

    /// Deletes the addresses, prefix routes and default routes the kernel
    /// made from advertisements on this link; what the user added by hand
    /// (permanent addresses, their prefixes, other routes) stays.  Returns
    /// whether all of it is gone.
    private func removeWhatRoutersMade() -> Bool {
        let addresses: [LinkAddress]
        let routes: [DefaultRoute]
        do {
            addresses = try kernel.addresses().filter { $0.linkIndex == link.index && $0.isIPv6 }
            routes = try kernel.defaultRoutes().filter {
                $0.linkIndex == link.index && $0.family == AF_INET6 && $0.fromRouterAdvertisement
            }
        } catch {
            logger.warning("\(label): cannot read what router advertisements left on \(link.name): \(error)")
            return false
        }
        let keptPrefixes = Set(addresses.filter(\.isPermanent).compactMap { IPv6Math.network($0.address, prefixLength: $0.prefixLength) })
        var removedPrefixes = Set<String>()
        var allGone = true
        for address in addresses where address.isGlobal && !address.isPermanent {
            allGone = removeFromKernel(logger: logger, label: label) { () throws(NetlinkError) in
                try kernel.deleteAddress(address.address, prefixLength: address.prefixLength, from: link.index)
            } && allGone
            // The on-link route an advertisement's prefix brought stays when
            // its address goes; a permanent address in the prefix still needs it.
            guard let prefix = IPv6Math.network(address.address, prefixLength: address.prefixLength),
                  !keptPrefixes.contains(prefix), removedPrefixes.insert(prefix).inserted else { continue }
            allGone = removeFromKernel(logger: logger, label: label) { () throws(NetlinkError) in
                try kernel.deleteIPv6Route(to: prefix, via: nil, link: link.index, protocolID: RouteProtocol.kernel)
            } && allGone
        }
        for route in routes {
            allGone = removeFromKernel(logger: logger, label: label) { () throws(NetlinkError) in
                try kernel.deleteIPv6Route(to: "::/0", via: route.gateway, link: link.index,
                                           protocolID: RouteProtocol.routerAdvertisement)
            } && allGone
        }
        return allGone
    }
}

/// What the host knows of a link's IPv6 between two of its configurations.
@MainActor
final class IPv6LinkMemory {
    /// The last configuration's stop removed all that routers had made on
    /// the link, and left it learning nothing new (`accept_ra=0`); nor has
    /// IPv6 come to it since (`IPConfigService` clears this when it does).
    var leftClean = false
}
