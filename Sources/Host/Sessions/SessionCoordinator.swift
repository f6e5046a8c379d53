import Logging
import SessionArbitration

/// Connects the pure arbiter to the running host: feeds it the registry's
/// services, carries its connect/disconnect effects to the bearer plugins and
/// reports each session's status changes.  Knows nothing of D-Bus.
@MainActor
final class SessionCoordinator {
    typealias SessionID = Arbiter.SessionID

    private var arbiter = Arbiter()
    private let registry: Registry
    private let plugins: PluginHost
    private let connector: ServiceConnector
    private let logger = Logger(label: "sessions")
    private let routing = SessionRouting()
    /// Told which session's status changed; `status(_:)` has the new one.
    var onStatusChange: ((SessionID) -> Void)?
    private var nextID: SessionID = 1

    init(registry: Registry, plugins: PluginHost, connector: ServiceConnector) {
        self.registry = registry
        self.plugins = plugins
        self.connector = connector
        registry.observe { [weak self] event in
            switch event {
            case .serviceAdded, .serviceRemoved, .serviceChanged, .deviceChanged: self?.servicesChanged()
            case .deviceAdded, .deviceRemoved: break
            }
        }
    }

    /// Bearer names a session may list: ConnMan's and every registered technology.
    var knownBearers: Set<String> {
        Set(["ethernet", "wifi", "bluetooth", "cellular", "gadget", "vpn", "p2p"]).union(registry.technologies)
    }

    func create(config: SessionConfig) -> SessionID {
        let id = nextID
        nextID += 1
        if servicesStale { refreshServices() }
        apply(arbiter.addSession(id, config: config))
        return id
    }

    func destroy(_ id: SessionID) {
        apply(arbiter.removeSession(id))
        routing.remove(id)
    }

    func change(_ id: SessionID, config: SessionConfig) {
        apply(arbiter.changeSession(id, config: config))
        route(id)  // SourceIPRule may have changed without the status
    }
    func connect(_ id: SessionID) { apply(arbiter.connect(id)) }
    func disconnect(_ id: SessionID) { apply(arbiter.disconnect(id)) }
    func status(_ id: SessionID) -> SessionStatus { arbiter.status(of: id) ?? SessionStatus() }
    func config(_ id: SessionID) -> SessionConfig? { arbiter.config(of: id) }

    /// The arbiter has not seen the services' last changes (none of its business
    /// while it has no session: a connect then costs no snapshots).
    private var servicesStale = true

    private func servicesChanged() {
        guard arbiter.hasSessions else {
            servicesStale = true
            return
        }
        refreshServices()
    }

    private func refreshServices() {
        servicesStale = false
        apply(arbiter.updateServices(snapshots()))
    }

    private func snapshots() -> [ServiceSnapshot] {
        registry.rankedServices.enumerated().map { rank, service in
            let device = service.device.flatMap { registry.devices[$0] }
            return ServiceSnapshot(
                id: service.id, bearer: service.bearer, name: service.name, interface: device?.interface,
                state: Self.state(service.state, powered: device?.powered ?? true), rank: rank,
                ipv4: Self.dictionary(service.ipv4), ipv6: Self.dictionary(service.ipv6))
        }
    }

    private static func state(_ state: ServiceState, powered: Bool) -> ServiceSnapshot.State {
        guard powered else { return .down }
        switch state {
        case .online: return .online
        case .ready: return .ready
        case .association, .configuration: return .connecting
        case .idle, .failure, .disconnect: return .down
        }
    }

    private static func dictionary(_ settings: IPv4Settings?) -> [String: String] {
        guard let settings else { return [:] }
        var result = ["Method": settings.method.rawValue]
        result["Address"] = settings.address
        result["Netmask"] = settings.netmask
        result["Gateway"] = settings.gateway
        return result
    }

    private static func dictionary(_ settings: IPv6Settings?) -> [String: String] {
        guard let settings else { return [:] }
        var result = ["Method": settings.method.rawValue, "PrefixLength": String(settings.prefixLength)]
        result["Address"] = settings.address
        result["Gateway"] = settings.gateway
        return result
    }

    /// Reports status changes first, then starts plugin operations: a plugin
    /// that completes at once re-enters here, and its newer status must not be
    /// followed by an older one.  Statuses are read back from the arbiter, so a
    /// re-entered change is never reported stale.
    private func apply(_ effects: [Arbiter.Effect]) {
        for case .statusChanged(let session, _) in effects {
            route(session)
            onStatusChange?(session)
        }
        for effect in effects {
            switch effect {
            case .connect(let service):
                logger.info("sessions need service \(name(service)); connecting it")
                connector.connect(service, requestedBy: nil) { [weak self] failure in
                    guard let self else { return }
                    if let failure { self.logger.warning("connecting \(self.name(service)) for sessions failed: \(failure)") }
                    self.apply(self.arbiter.connectFinished(service, succeeded: failure == nil))
                }
            case .disconnect(let service):
                logger.info("no session holds service \(name(service)) any more; disconnecting it")
                plugins.disconnect(service: service) { [weak self] failure in
                    if let failure { self?.logger.warning("disconnecting \(self?.name(service) ?? "?") failed: \(failure)") }
                }
            case .statusChanged:
                break
            }
        }
    }

    private func route(_ session: SessionID) {
        guard let config = arbiter.config(of: session) else { return }
        routing.update(session, wantsRule: config.sourceIPRule, status: status(session))
    }

    private func name(_ service: Service.ID) -> String {
        registry.services[service]?.identifier ?? "#\(service)"
    }
}
