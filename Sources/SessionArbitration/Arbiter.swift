/// Session arbitration as a pure state machine: sessions and service snapshots
/// in, effects out (connect or disconnect a service, a session's status
/// changed).  No D-Bus, no plugins, no clock: the host feeds it and carries
/// the effects out, so every rule is unit-tested here directly.
///
/// The rules (see shared/notes/session-api.md):
/// - a session is *attached* to the best usable service: its bearer matches
///   AllowedBearers (earlier entry wins, then the host's rank), its interface
///   is allowed, and its state suits ConnectionType (internet: online only);
///   this one choice gives free ride, preemption and failover;
/// - a session that called Connect() *holds* a service: the attached one, or
///   else the best candidate, which the arbiter asks the host to connect;
/// - a service the arbiter connected is disconnected again when no session
///   holds it any more (reference counting across sessions).
public struct Arbiter: Sendable {
    public typealias SessionID = UInt64
    public typealias ServiceID = ServiceSnapshot.ID

    public enum Effect: Sendable, Equatable {
        case connect(ServiceID)
        case disconnect(ServiceID)
        case statusChanged(SessionID, SessionStatus)
    }

    struct Session: Sendable {
        var config: SessionConfig
        var wantsConnection = false
        var attached: ServiceID?
        var holding: ServiceID?
        /// Services that failed this session since its last Connect().
        var tried: Set<ServiceID> = []
        var status = SessionStatus()
    }

    private(set) var sessions: [SessionID: Session] = [:]
    private var services: [ServiceID: ServiceSnapshot] = [:]
    /// Services the arbiter asked to connect and that are still its to release.
    private var connectedByUs: Set<ServiceID> = []
    /// Connects asked for and not yet answered.
    private var pendingConnects: Set<ServiceID> = []
    /// How many sessions hold each service.
    private var holders: [ServiceID: Int] = [:]

    public init() {}

    public var hasSessions: Bool { !sessions.isEmpty }
    public func status(of id: SessionID) -> SessionStatus? { sessions[id]?.status }
    public func config(of id: SessionID) -> SessionConfig? { sessions[id]?.config }
    /// The service a session holds up, if any (for tests and logs).
    public func holding(_ id: SessionID) -> ServiceID? { sessions[id]?.holding }

    // MARK: inputs

    // A session's own inputs re-evaluate only that session: what it changes
    // for others (a service it connects or releases) comes back to them
    // through updateServices, which re-evaluates every session.

    public mutating func addSession(_ id: SessionID, config: SessionConfig) -> [Effect] {
        sessions[id] = Session(config: config)
        return reconcile([id])
    }

    public mutating func removeSession(_ id: SessionID) -> [Effect] {
        guard let removed = sessions.removeValue(forKey: id) else { return [] }
        var effects: [Effect] = []
        setHolding(nil, was: removed.holding, effects: &effects)
        return effects
    }

    public mutating func changeSession(_ id: SessionID, config: SessionConfig) -> [Effect] {
        guard sessions[id] != nil else { return [] }
        sessions[id]!.config = config
        return reconcile([id])
    }

    /// The session needs a connection now.  Safe to repeat.
    public mutating func connect(_ id: SessionID) -> [Effect] {
        guard sessions[id] != nil else { return [] }
        sessions[id]!.wantsConnection = true
        sessions[id]!.tried = []
        return reconcile([id])
    }

    /// The session no longer needs a connection.
    public mutating func disconnect(_ id: SessionID) -> [Effect] {
        guard sessions[id] != nil else { return [] }
        sessions[id]!.wantsConnection = false
        return reconcile([id])
    }

    /// The host's current services (all of them, in any order).
    public mutating func updateServices(_ snapshots: [ServiceSnapshot]) -> [Effect] {
        services = Dictionary(snapshots.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        connectedByUs.formIntersection(services.keys)
        pendingConnects.formIntersection(services.keys)
        return reconcile(sessions.keys.sorted())
    }

    /// A connect the arbiter asked for has finished.
    public mutating func connectFinished(_ service: ServiceID, succeeded: Bool) -> [Effect] {
        pendingConnects.remove(service)
        guard !succeeded else { return reconcile(sessions.keys.filter { sessions[$0]!.holding == service }.sorted()) }
        connectedByUs.remove(service)
        var affected: [SessionID] = []
        for id in sessions.keys.sorted() where sessions[id]!.holding == service {
            sessions[id]!.tried.insert(service)
            sessions[id]!.holding = nil
            affected.append(id)
        }
        holders[service] = nil
        return reconcile(affected)
    }

    // MARK: the rules

    private func usable(_ service: ServiceSnapshot, for config: SessionConfig) -> Bool {
        guard matches(service, config) else { return false }
        switch config.connectionType {
        case .internet: return service.state == .online
        case .local, .any: return service.state.isUp
        }
    }

    private func matches(_ service: ServiceSnapshot, _ config: SessionConfig) -> Bool {
        config.bearerRank(service.bearer) != nil && config.allowsInterface(service.interface)
    }

    /// Orders services for a session: its bearer preference, then the host's rank.
    private func preference(_ config: SessionConfig) -> (ServiceSnapshot, ServiceSnapshot) -> Bool {
        { a, b in
            (config.bearerRank(a.bearer)!, a.rank, a.id) < (config.bearerRank(b.bearer)!, b.rank, b.id)
        }
    }

    /// Whether `service` may still become usable without a new connect.
    private func inProgress(_ service: ServiceSnapshot) -> Bool {
        service.state == .connecting || service.state.isUp || pendingConnects.contains(service.id)
    }

    /// Re-evaluates `ids`: what each is attached to, what it holds, its status.
    private mutating func reconcile(_ ids: [SessionID]) -> [Effect] {
        var effects: [Effect] = []
        let all = Array(services.values)
        for id in ids {
            guard var session = sessions[id] else { continue }
            let config = session.config
            let before = session.holding
            session.attached = all.filter { usable($0, for: config) }.min(by: preference(config))?.id

            if !session.wantsConnection {
                session.holding = nil
            } else if let attached = session.attached {
                session.holding = attached
            } else if let held = session.holding.flatMap({ services[$0] }), matches(held, config), inProgress(held) {
                // Still coming up: keep waiting for it.
            } else {
                if let held = session.holding { session.tried.insert(held) }
                let next = all.filter { matches($0, config) && !session.tried.contains($0.id) }
                    .min(by: preference(config))
                session.holding = next?.id
                if let next, !inProgress(next) {
                    pendingConnects.insert(next.id)
                    connectedByUs.insert(next.id)
                    effects.append(.connect(next.id))
                }
            }
            sessions[id] = session
            setHolding(session.holding, was: before, effects: &effects)
        }

        for id in ids {
            guard let session = sessions[id] else { continue }
            let status = SessionStatus(attachedTo: session.attached.flatMap { services[$0] },
                                       type: session.config.connectionType)
            if status != session.status {
                sessions[id]!.status = status
                effects.append(.statusChanged(id, status))
            }
        }
        return effects
    }

    /// Keeps the count of sessions holding each service, and releases a
    /// service the arbiter connected once nobody holds it.
    private mutating func setHolding(_ now: ServiceID?, was before: ServiceID?, effects: inout [Effect]) {
        guard now != before else { return }
        if let now { holders[now, default: 0] += 1 }
        guard let before, let count = holders[before] else { return }
        if count > 1 {
            holders[before] = count - 1
            return
        }
        holders[before] = nil
        if connectedByUs.remove(before) != nil {
            pendingConnects.remove(before)
            effects.append(.disconnect(before))
        }
    }
}
