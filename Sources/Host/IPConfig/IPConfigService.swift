import Glibc
import Logging
import Netlink

/// IP configuration as a host service (ABI 1.1 `service_configure_ip`): a
/// bearer says "this service's link is up"; from then on the host configures
/// the service's addresses, routes and reports, the same way for every
/// bearer.  One rtnetlink socket for requests and one for events serve all
/// services.
@MainActor
final class IPConfigService {
    enum Refusal: Error {
        case unknownService, noSuchLink, alreadyConfiguring, notConfiguring, unavailable(String)

        var errno: Int32 {
            switch self {
            case .unknownService, .notConfiguring: -ENOENT
            case .noSuchLink: -ENODEV
            case .alreadyConfiguring: -EALREADY
            case .unavailable: -EIO
            }
        }
    }

    private let registry: Registry
    private let loop: EventLoop
    private let logger = Logger(label: "ip")
    let store: StaticIPStore
    private var kernel: (requests: RouteSocket, events: LinkMonitor, watch: EventLoop.SourceID)?
    private var configurations: [Service.ID: IPConfiguration] = [:]
    private var dhcpMemories: [String: DHCPMemory] = [:]
    /// Per link index (a link's IPv6 outlives the services configured on it).
    private var ipv6Memories: [Int32: IPv6LinkMemory] = [:]

    private let onlineCheck: OnlineCheckSettings
    private let releaseLeaseOnDisconnect: Bool

    init(registry: Registry, loop: EventLoop, store: StaticIPStore, onlineCheck: OnlineCheckSettings,
         releaseLeaseOnDisconnect: Bool) {
        self.registry = registry
        self.releaseLeaseOnDisconnect = releaseLeaseOnDisconnect
        self.onlineCheck = onlineCheck
        self.loop = loop
        self.store = store
        // A service that goes away (its plugin removed it, exited or failed)
        // takes what the host added to the kernel for it along.
        registry.observe { [weak self] event in
            if case .serviceRemoved(let service) = event { try? self?.release(service.id) }
        }
    }

    /// Opens the rtnetlink sockets on first use, so a daemon whose bearers
    /// never ask (cellular only) needs none.
    private func kernelSockets() throws(Refusal) -> (requests: RouteSocket, events: LinkMonitor) {
        if let kernel { return (kernel.requests, kernel.events) }
        do {
            let requests = try RouteSocket()
            let events = try LinkMonitor()
            events.onEvent = { [weak self] event in self?.handle(event) }
            guard let watch = loop.watch(fd: events.fd, readable: true, writable: false, handler: { [weak events] _, _ in
                events?.drain()
            }) else { throw Refusal.unavailable("cannot watch the rtnetlink socket") }
            kernel = (requests, events, watch)
            return (requests, events)
        } catch let error as NetlinkError {
            throw .unavailable(error.description)
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw .unavailable("\(error)")
        }
    }

    func configure(_ id: Service.ID, linkIndex: Int32, ipv4: Bool, ipv6: Bool) throws(Refusal) {
        guard let service = registry.services[id] else { throw .unknownService }
        guard configurations[id] == nil else { throw .alreadyConfiguring }
        let sockets = try kernelSockets()
        guard let link = try? sockets.requests.link(index: linkIndex) else { throw .noSuchLink }
        let memory = dhcpMemories[service.identifier] ?? DHCPMemory()
        dhcpMemories[service.identifier] = memory
        let ipv6Memory = ipv6Memories[link.index] ?? IPv6LinkMemory()
        ipv6Memories[link.index] = ipv6Memory
        let configuration = IPConfiguration(service: service, link: link, kernel: sockets.requests, registry: registry,
                                            loop: loop, dhcpMemory: memory, ipv6Memory: ipv6Memory, onlineCheck: onlineCheck,
                                            staticIPv4: ipv4 ? store.ipv4(for: service.identifier) : nil,
                                            useIPv4: ipv4, useIPv6: ipv6)
        configurations[id] = configuration
        logger.info("configuring \(service.identifier) on \(link.name)")
        configuration.start()
    }

    func release(_ id: Service.ID) throws(Refusal) {
        guard let configuration = configurations.removeValue(forKey: id) else { throw .notConfiguring }
        // By default the lease is kept, as dhcpcd and NetworkManager do, for
        // the next connect to confirm; with `ReleaseLeaseOnDisconnect` it is
        // given back if the link still carries frames (a disconnect, not a
        // lost cable).
        let releaseLease = releaseLeaseOnDisconnect && linkHasCarrier(configuration.linkIndex)
        configuration.stop(releaseLease: releaseLease)
        logger.info("released the IP configuration of service \(configuration.serviceIdentifier)")
    }

    private func linkHasCarrier(_ index: Int32) -> Bool {
        guard let requests = kernel?.requests, let link = try? requests.link(index: index) else { return false }
        return link.hasCarrier
    }

    func isConfiguring(_ id: Service.ID) -> Bool { configurations[id] != nil }

    /// The user changed a service's static IPv4 configuration: re-apply it now if the service is configured.
    func staticIPv4Changed(_ id: Service.ID) {
        guard let configuration = configurations[id] else { return }
        configuration.reapply(staticIPv4: store.ipv4(for: configuration.serviceIdentifier))
    }

    private func handle(_ event: LinkMonitor.Event) {
        switch event {
        case .linkRemoved(let link):
            ipv6Memories[link.index] = nil
        case .address(let address) where address.isIPv6 && address.isGlobal:
            ipv6Appeared(on: address.linkIndex)
        case .defaultRoute(let route) where route.family == AF_INET6:
            ipv6Appeared(on: route.linkIndex)
        default:
            break
        }
        for configuration in configurations.values { configuration.kernelChanged(event) }
    }

    /// IPv6 that came while nothing configures the link (an address the
    /// user added by hand): the link is no longer as the last stop left it,
    /// so its next start reads what it has instead of assuming nothing.
    private func ipv6Appeared(on linkIndex: Int32) {
        guard !configurations.values.contains(where: { $0.linkIndex == linkIndex }) else { return }
        ipv6Memories[linkIndex]?.leftClean = false
    }
}
