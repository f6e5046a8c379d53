import DBus
import Logging
import MainLoop

/// ConnMan's view of the model: `net.connman.Manager` at `/`, one
/// `net.connman.Service` object per service and one `net.connman.Technology`
/// per bearer type.  Everything is read from the registry when asked; the face
/// keeps no state of its own beyond the Manager's two flags.
@MainActor
final class ManagerFace {
    let connection: DBusConnection
    let registry: Registry
    let plugins: PluginHost
    private let logger = Logger(label: "connman")
    private var offlineMode = false
    private var sessionMode = false
    var exportedTechnologiesSnapshot: Set<String> = []

    let sessions: SessionFace

    let ipConfig: IPConfigService
    let connector: ServiceConnector
    let agents: AgentRegistry
    let known: KnownNetworks

    init(connection: DBusConnection, registry: Registry, plugins: PluginHost, sessions: SessionFace,
         ipConfig: IPConfigService, connector: ServiceConnector, agents: AgentRegistry, known: KnownNetworks) {
        self.ipConfig = ipConfig
        self.connection = connection
        self.registry = registry
        self.plugins = plugins
        self.sessions = sessions
        self.connector = connector
        self.agents = agents
        self.known = known
        agents.setCaller(ConnManAgentCaller(connection: connection), for: .connman)
    }

    func export() {
        connection.export(DBusObject(path: ConnMan.managerPath, interfaces: [managerInterface()]))
        registry.observe { [weak self] event in self?.registryChanged(event) }
        for service in registry.orderedServices { exportService(service) }
        announcedOrder = registry.rankedServices.map(\.id)
        syncTechnologies()
    }

    // MARK: Manager

    /// Overall state: the best state of any service (ConnMan's rule).
    var state: String {
        if offlineMode { return "offline" }
        let states = registry.services.values.map(\.state)
        if states.contains(.online) { return "online" }
        if states.contains(.ready) { return "ready" }
        return "idle"
    }

    private func managerInterface() -> DBusInterface {
        DBusInterface(name: ConnMan.manager, methods: [
            DBusMethod(name: "GetProperties", inputs: [], outputs: [.init(name: "properties", type: .dictionary(key: .string, value: .variant))]) { [unowned self] _ in
                [.properties([("State", .string(state)), ("OfflineMode", .boolean(offlineMode)),
                              ("SessionMode", .boolean(sessionMode))])]
            },
            DBusMethod(name: "SetProperty", inputs: [.init(name: "name", type: .string), .init(name: "value", type: .variant)], outputs: []) { [unowned self] call throws(DBusError) in
                try setManagerProperty(call.arguments)
                return []
            },
            DBusMethod(name: "GetServices", inputs: [], outputs: [.init(name: "services", type: Self.objectList)]) { [unowned self] _ in
                [.array(element: Self.objectEntry, registry.rankedServices.map(serviceEntry))]
            },
            DBusMethod(name: "GetTechnologies", inputs: [], outputs: [.init(name: "technologies", type: Self.objectList)]) { [unowned self] _ in
                [.array(element: Self.objectEntry, registry.technologies.map(technologyEntry))]
            },
            // No peer-to-peer support: an empty list, as connmanctl asks for it.
            DBusMethod(name: "GetPeers", outputs: [.init("peers", Self.objectList)]) { _ in
                [.array(element: Self.objectEntry, [])]
            },
            DBusMethod(name: "CreateSession", inputs: [.init("settings", .dictionary(key: .string, value: .variant)), .init("notifier", .objectPath)],
                       outputs: [.init("session", .objectPath)], deferred: { [unowned self] call, reply in
                sessions.createSession(call, reply)
            }),
            DBusMethod(name: "DestroySession", inputs: [.init("session", .objectPath)]) { [unowned self] call throws(DBusError) in
                try sessions.destroySession(call)
                return []
            },
        ] + agentMethods(), properties: [], signals: [
            DBusSignal(name: "PropertyChanged", arguments: [.init(name: "name", type: .string), .init(name: "value", type: .variant)]),
            DBusSignal(name: "ServicesChanged", arguments: [.init(name: "changed", type: Self.objectList), .init(name: "removed", type: .array(.objectPath))]),
            DBusSignal(name: "TechnologyAdded", arguments: [.init(name: "path", type: .objectPath), .init(name: "properties", type: .dictionary(key: .string, value: .variant))]),
            DBusSignal(name: "TechnologyRemoved", arguments: [.init(name: "path", type: .objectPath)]),
        ])
    }

    static let objectEntry = DBusType.structure([.objectPath, .dictionary(key: .string, value: .variant)])
    static let objectList = DBusType.array(objectEntry)

    private func setManagerProperty(_ arguments: [DBusValue]) throws(DBusError) {
        guard case .string(let name) = arguments[0], case .variant(let value) = arguments[1] else {
            throw ConnMan.error("InvalidArguments", "expected (s, v)")
        }
        switch name {
        case "OfflineMode", "SessionMode":
            guard case .boolean(let flag) = value else { throw ConnMan.error("InvalidArguments", "\(name) takes a boolean") }
            if name == "OfflineMode" { offlineMode = flag } else { sessionMode = flag }
            emitManagerProperty(name, .boolean(flag))
            emitStateIfChanged()
        default:
            throw ConnMan.error("InvalidProperty", "property '\(name)' cannot be set")
        }
    }

    private func emitManagerProperty(_ name: String, _ value: DBusValue) {
        connection.emitSignal(path: ConnMan.managerPath, interface: ConnMan.manager, member: "PropertyChanged",
                              arguments: [.string(name), .variant(value)])
    }

    private func serviceEntry(_ service: Service) -> DBusValue {
        .structure([.objectPath(ConnMan.servicePath(service.identifier)), .properties(serviceProperties(service))])
    }

    /// Everything a service reports: the model's state and the user's stored configuration.
    func serviceProperties(_ service: Service) -> [(String, DBusValue)] {
        ServiceProperties.all(service, device: service.device.flatMap { registry.devices[$0] },
                              ipv4Configuration: ipConfig.store.ipv4(for: service.identifier))
    }

    private func technologyEntry(_ bearer: String) -> DBusValue {
        .structure([.objectPath(ConnMan.technologyPath(bearer)), .properties(technologyProperties(bearer))])
    }

    // MARK: model events

    private func registryChanged(_ event: Registry.Event) {
        switch event {
        case .serviceAdded(let service):
            exportService(service)
            servicesChanged(added: service.id)
        case .serviceRemoved(let service):
            let path = ConnMan.servicePath(service.identifier)
            connection.unexport(path)
            servicesChanged(removed: service.id, path: path)
        case .serviceChanged(let service, let fields):
            let path = ConnMan.servicePath(service.identifier)
            for field in Service.Field.allCases where fields.contains(field) {
                guard let (name, value) = ServiceProperties.changed(field, service) else { continue }
                connection.emitSignal(path: path, interface: ConnMan.service, member: "PropertyChanged",
                                      arguments: [.string(name), .variant(value)])
            }
            if fields.contains(.state) { servicesChanged() }  // the order may have changed
        case .deviceAdded, .deviceRemoved:
            syncTechnologies()
        case .deviceChanged(let device, let fields):
            guard fields.contains(.powered) else { break }
            let powered = technologyProperties(device.bearer).first { $0.0 == "Powered" }!.1
            connection.emitSignal(path: ConnMan.technologyPath(device.bearer), interface: ConnMan.technology,
                                  member: "PropertyChanged", arguments: [.string("Powered"), .variant(powered)])
        }
        emitStateIfChanged()
    }

    /// The State clients last heard of; every change goes through one place.
    private var lastReportedState = "idle"

    private func emitStateIfChanged() {
        guard state != lastReportedState else { return }
        lastReportedState = state
        emitManagerProperty("State", .string(lastReportedState))
    }

    /// What the next ServicesChanged reports, nil when none is due.
    private var pendingServicesChange: (added: Set<Service.ID>, removed: [Service.ID: ObjectPath])?

    /// ServicesChanged as ConnMan sends it: once for a burst of changes (here
    /// when the loop is idle; ConnMan waits 100 ms), every service in order,
    /// the properties only of those added since the last one, and the paths
    /// of those removed.  A state change may reorder; when it did not, there
    /// is nothing to send (ConnMan sends none while it has one service).
    private func servicesChanged(added: Service.ID? = nil, removed: Service.ID? = nil, path: ObjectPath? = nil) {
        if pendingServicesChange == nil {
            pendingServicesChange = ([], [:])
            MainLoop.shared.whenIdle { [weak self] in self?.emitServicesChanged() }
        }
        if let added { pendingServicesChange?.added.insert(added) }
        if let removed, let path {
            pendingServicesChange?.added.remove(removed)
            pendingServicesChange?.removed[removed] = path
        }
    }

    /// The order the last ServicesChanged gave (or the one at start-up, which clients read).
    private var announcedOrder: [Service.ID] = []

    private func emitServicesChanged() {
        guard let change = pendingServicesChange else { return }
        pendingServicesChange = nil
        let ranked = registry.rankedServices
        // A state change that left the order as it was is news only as the service's State.
        let order = ranked.map(\.id)
        guard order != announcedOrder || !change.added.isEmpty || !change.removed.isEmpty else { return }
        announcedOrder = order
        let changed = ranked.map { service -> DBusValue in
            let properties = change.added.contains(service.id) ? serviceProperties(service) : []
            return .structure([.objectPath(ConnMan.servicePath(service.identifier)), .properties(properties)])
        }
        connection.emitSignal(path: ConnMan.managerPath, interface: ConnMan.manager, member: "ServicesChanged", arguments: [
            .array(element: Self.objectEntry, changed),
            .array(element: .objectPath, change.removed.sorted { $0.key < $1.key }.map { .objectPath($0.value) }),
        ])
    }
}
