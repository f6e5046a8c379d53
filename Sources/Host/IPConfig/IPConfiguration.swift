import DHCP
import Glibc
import Logging
import Netlink

/// The IP layer of one service on one link while its bearer has it up:
/// static IPv4 (or DHCPv4), IPv6 from router advertisements, and what the
/// service reports.  Everything it adds to the kernel it removes in `stop`.
@MainActor
final class IPConfiguration {
    let serviceID: Service.ID
    let serviceIdentifier: String
    private let plugin: String
    private let link: Link
    var linkIndex: Int32 { link.index }
    private let kernel: RouteSocket
    private let registry: Registry
    private let loop: EventLoop
    private let useIPv4: Bool
    private var ipv6: IPv6Autoconf?
    private let metric: UInt32
    private let logger = Logger(label: "ip")
    private var staticIPv4: StaticIPStore.IPv4?
    /// What this configuration put into the kernel, to take out again.
    private var applied: (address: String, prefixLength: Int, gateway: String?)?
    private var dhcp: DHCPv4Link?
    /// The last lease, kept by the service across disconnects and carrier
    /// losses so the next start confirms it (INIT-REBOOT) instead of asking anew.
    private let dhcpMemory: DHCPMemory
    private let onlineCheckSettings: OnlineCheckSettings
    private var onlineCheck: OnlineCheck?
    /// The addresses the running online check started with.
    private var onlineCheckAddresses: [String?] = []
    private var stopping = false
    /// Updates held back by `updatingOnce`, in order.
    private var pendingChanges: [(inout Service) -> Void]?

    init(service: Service, link: Link, kernel: RouteSocket, registry: Registry, loop: EventLoop,
         dhcpMemory: DHCPMemory, ipv6Memory: IPv6LinkMemory, onlineCheck: OnlineCheckSettings, staticIPv4: StaticIPStore.IPv4?, useIPv4: Bool, useIPv6: Bool) {
        serviceID = service.id
        serviceIdentifier = service.identifier
        plugin = service.plugin
        self.link = link
        self.kernel = kernel
        self.registry = registry
        self.loop = loop
        self.dhcpMemory = dhcpMemory
        onlineCheckSettings = onlineCheck
        self.staticIPv4 = staticIPv4
        self.useIPv4 = useIPv4
        metric = Self.metric(bearer: service.bearer)
        guard useIPv6 else { return }
        ipv6 = IPv6Autoconf(link: link, kernel: kernel, loop: loop, memory: ipv6Memory, label: serviceIdentifier,
                            logger: logger) {
            [weak self] change in self?.update { change(&$0.ipv6) }
        }
    }

    /// Wired first, then Wi-Fi, then the rest, when several links have a default route.
    static func metric(bearer: String) -> UInt32 {
        switch bearer {
        case "ethernet": 100
        case "wifi": 600
        default: 700
        }
    }

    /// IPv4 goes first so the DHCP DISCOVER is on the air before the state
    /// changes are exported, all in one change of the service: each change
    /// costs D-Bus signals on every face.
    func start() {
        updatingOnce {
            if useIPv4 { startIPv4() }
            update { $0.state = .configuration }
            ipv6?.start()
        }
        evaluateState()
    }

    /// - Parameter releaseLease: give the DHCP lease back to the server;
    ///   otherwise it is kept for the service's next start to confirm.
    func stop(releaseLease: Bool) {
        stopOnlineCheck()
        stopping = true  // one report at the end, not one per step
        stopDHCP(release: releaseLease)
        removeAppliedIPv4()
        ipv6?.stop()
        update { service in
            service.ipv4 = nil
            service.ipv6 = nil
        }
    }

    func reapply(staticIPv4: StaticIPStore.IPv4?) {
        guard useIPv4 else { return }
        stopDHCP(release: true)
        removeAppliedIPv4()
        self.staticIPv4 = staticIPv4
        updatingOnce {
            startIPv4()
            evaluateState()
        }
    }

    // MARK: IPv4

    private func startIPv4() {
        guard let staticIPv4 else { return startDHCP() }
        guard let prefixLength = IPv4Math.prefixLength(netmask: staticIPv4.netmask) else {
            logger.error("\(serviceIdentifier): netmask \(staticIPv4.netmask) is not a prefix; IPv4 left unconfigured")
            return
        }
        let settings = IPv4Settings(method: .manual, address: staticIPv4.address, netmask: staticIPv4.netmask,
                                    gateway: staticIPv4.gateway)
        applyIPv4(address: staticIPv4.address, prefixLength: prefixLength, gateway: staticIPv4.gateway, settings)
    }

    private func startDHCP() {
        do {
            let client = try DHCPv4Link(link: link, label: serviceIdentifier,
                                        previousAddress: dhcpMemory.address(at: DHCPv4Link.now()),
                                        hostName: nil, loop: loop, logger: logger)
            client.onConfigure = { [weak self] lease in self?.applyLease(lease) }
            client.onDeconfigure = { [weak self] in self?.removeLease() }
            // Refused at INIT-REBOOT, before any lease: the next start discovers.
            client.onRefused = { [weak self] in self?.dhcpMemory.forget() }
            dhcp = client
            client.start()
        } catch {
            logger.error("\(serviceIdentifier): cannot start DHCPv4 on \(link.name): \(error)")
        }
        update { $0.ipv4 = IPv4Settings(method: .dhcp) }
    }

    private func stopDHCP(release: Bool) {
        guard let dhcp else { return }
        self.dhcp = nil
        // A released lease is the server's again: the next start discovers
        // afresh (an INIT-REBOOT for it would go unanswered by a server that
        // no longer holds it, e.g. dnsmasq).  A kept one is confirmed.
        if release { dhcpMemory.forget() }
        dhcp.stop(release: release)
    }

    private func applyLease(_ lease: DHCPLease) {
        dhcpMemory.remember(lease)
        let settings = IPv4Settings(method: .dhcp, address: "\(lease.address)",
                                    netmask: "\(IPv4Address.mask(prefixLength: lease.prefixLength))",
                                    gateway: lease.defaultGateway.map { "\($0)" },
                                    nameservers: lease.domainNameServers.map { "\($0)" },
                                    domains: lease.domainName.map { [$0] } ?? [])
        if let applied, applied == (settings.address!, lease.prefixLength, settings.gateway) {
            // A renewal of the same lease: the kernel already has it, and
            // touching the address would disturb connections that use it.
            update { $0.ipv4 = settings }
            return
        }
        // The address and the state it brings (ready) are one change of the
        // service, exported once, after the online check's query is out.
        updatingOnce {
            removeAppliedIPv4()
            applyIPv4(address: settings.address!, prefixLength: lease.prefixLength, gateway: settings.gateway, settings)
            evaluateState()
        }
    }

    private func removeLease() {
        removeAppliedIPv4()
        guard !stopping else { return }
        // Expired, declined (in use) or refused: not an address to ask for again.
        dhcpMemory.forget()
        update { $0.ipv4 = IPv4Settings(method: .dhcp) }
        evaluateState()
    }

    /// Puts an address (and a default route) into the kernel and reports
    /// `settings`; reports only the method when the kernel refuses.
    private func applyIPv4(address: String, prefixLength: Int, gateway: String?, _ settings: IPv4Settings) {
        do {
            try kernel.addAddress(address, prefixLength: prefixLength, to: link.index)
            applied = (address, prefixLength, nil)
            if let gateway {
                try kernel.addDefaultRoute(via: gateway, link: link.index, metric: metric)
                applied?.gateway = gateway
            }
            logger.info("\(serviceIdentifier): \(address)/\(prefixLength) on \(link.name)\(gateway.map { " via \($0)" } ?? "")")
        } catch {
            logger.error("\(serviceIdentifier): cannot apply \(address)/\(prefixLength): \(error)")
            removeAppliedIPv4()
            update { $0.ipv4 = IPv4Settings(method: settings.method) }
            return
        }
        update { $0.ipv4 = settings }
    }

    private func removeAppliedIPv4() {
        guard let applied else { return }
        self.applied = nil
        if let gateway = applied.gateway {
            removeFromKernel(logger: logger, label: serviceIdentifier) { () throws(NetlinkError) in
                try kernel.deleteDefaultRoute(via: gateway, link: link.index, metric: metric)
            }
        }
        removeFromKernel(logger: logger, label: serviceIdentifier) { () throws(NetlinkError) in
            try kernel.deleteAddress(applied.address, prefixLength: applied.prefixLength, from: link.index)
        }
    }

    // MARK: IPv6

    /// Follows the kernel's addresses and routes (IPv6 from router advertisements).
    func kernelChanged(_ event: LinkMonitor.Event) {
        guard let ipv6, ipv6.kernelChanged(event) else { return }
        evaluateState()
    }

    // MARK: state

    /// Configuration while neither family has an address, ready once one
    /// has, online once the online check passed.
    private func evaluateState() {
        guard let service = current,
              [.configuration, .ready, .online].contains(service.state) else { return }
        guard service.ipv4?.address != nil || service.ipv6?.address != nil else {
            stopOnlineCheck()
            if service.state != .configuration { update { $0.state = .configuration } }
            return
        }
        if service.state != .online {
            // A check still failing when an address arrives starts over: the
            // new address is a new chance, worth more than the backoff's wait.
            // It starts before `ready` is exported, so its query goes out first.
            let addresses = [service.ipv4?.address, service.ipv6?.address]
            if addresses != onlineCheckAddresses { stopOnlineCheck() }
            onlineCheckAddresses = addresses
            startOnlineCheck()
        }
        if service.state == .configuration { update { $0.state = .ready } }
    }

    // MARK: online check

    private func startOnlineCheck() {
        guard onlineCheckSettings.enabled, onlineCheck == nil else { return }
        let check = OnlineCheck(settings: onlineCheckSettings, target: { [weak self] in self?.onlineCheckTarget() },
                                label: serviceIdentifier, loop: loop, logger: logger) { [weak self] in
            self?.update { $0.state = .online }
        }
        onlineCheck = check
        check.start()
    }

    private func stopOnlineCheck() {
        onlineCheck?.cancel()
        onlineCheck = nil
    }

    private func onlineCheckTarget() -> OnlineProbe.Target? {
        guard let service = current else { return nil }
        let families = (service.ipv4?.address != nil ? [AF_INET] : []) + (service.ipv6?.address != nil ? [AF_INET6] : [])
        return OnlineProbe.Target(link: link.name, families: families,
                                  nameservers: (service.ipv4?.nameservers ?? []) + (service.ipv6?.nameservers ?? []))
    }

    private func update(_ change: @escaping (inout Service) -> Void) {
        if pendingChanges != nil { return pendingChanges!.append(change) }
        try? registry.updateService(serviceID, by: plugin, change)
    }

    /// The service as it is once the updates held back are applied.
    private var current: Service? {
        guard var service = registry.services[serviceID] else { return nil }
        for change in pendingChanges ?? [] { change(&service) }
        return service
    }

    /// Runs `body` with its updates applied together at the end (inside
    /// another `updatingOnce`, with that one's).
    private func updatingOnce(_ body: () -> Void) {
        guard pendingChanges == nil else { return body() }
        pendingChanges = []
        body()
        let changes = pendingChanges ?? []
        pendingChanges = nil
        update { service in
            for change in changes { change(&service) }
        }
    }
}
