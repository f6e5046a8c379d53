import DBus
import Logging

/// iwd's view of the model (`net.connman.iwd`, served on the daemon's one
/// connection beside ConnMan's): an ObjectManager at `/` listing
/// `/net/connman/iwd` and below; there the AgentManager and Daemon objects,
/// one Adapter per radio, one Device + Station per Wi-Fi device, one Network
/// per Wi-Fi service and one KnownNetwork per stored network.  Every
/// property is read from the model when asked; the face keeps only the
/// exported objects and the last Station values it announced.
@MainActor
final class IWDFace {
    let connection: DBusConnection
    let registry: Registry
    let plugins: PluginHost
    let connector: ServiceConnector
    let agents: AgentRegistry
    let known: KnownNetworks
    let version: String
    let paths = IWDPaths()
    let logger = Logger(label: "iwd")

    private var adapters: [String: DBusObject] = [:]
    private var devices: [Device.ID: DBusObject] = [:]
    private var networks: [Service.ID: DBusObject] = [:]
    private var knownObjects: [KnownNetworks.Key: DBusObject] = [:]
    /// Station (State, ConnectedNetwork) as last announced, per device.
    private var stations: [Device.ID: [DBusValue?]] = [:]
    /// The provisioning sessions, once the plugins are loaded (see attach).
    private(set) var provisioning: ProvisioningCoordinator?

    init(connection: DBusConnection, registry: Registry, plugins: PluginHost, connector: ServiceConnector,
         agents: AgentRegistry, known: KnownNetworks, version: String) {
        self.connection = connection
        self.registry = registry
        self.plugins = plugins
        self.connector = connector
        self.agents = agents
        self.known = known
        self.version = version
        agents.setCaller(IWDAgentCaller(connection: connection) { [weak self] id in self?.paths.networkPath(of: id) },
                         for: .iwd)
    }

    func export() {
        connection.addObjectManager(at: .root, subtree: IWD.root)
        connection.export(DBusObject(path: IWD.root, interfaces: [agentManagerInterface(), daemonInterface()]))
        registry.observe { [weak self] event in self?.registryChanged(event) }
        known.observers.append { [weak self] key in self?.knownNetworkChanged(key) }
        for device in registry.devices.values.sorted(by: { $0.id < $1.id }) { addDevice(device) }
        for service in registry.orderedServices { addNetwork(service) }
        for key in known.store.keys { knownNetworkChanged(key) }
    }

    /// Shows the provisioning interfaces the loaded plugins serve, on every
    /// station device now and later.
    func attach(_ coordinator: ProvisioningCoordinator, agentTimeoutMilliseconds: Int32) {
        provisioning = coordinator
        sharedCodeAgents = IWDSharedCodeAgentCaller(connection: connection, timeoutMilliseconds: agentTimeoutMilliseconds)
        coordinator.agentCaller = sharedCodeAgents
        coordinator.observers.append { [weak self] device, method in self?.provisioningChanged(device, method) }
        for (id, object) in devices.sorted(by: { $0.key < $1.key }) {
            for interface in provisioningInterfaces(id) { object.add(interface) }
        }
    }

    private var sharedCodeAgents: IWDSharedCodeAgentCaller?

    func deviceObject(_ id: Device.ID) -> DBusObject? { devices[id] }

    /// The Wi-Fi device a service belongs to, if the face shows it.
    func wifiDevice(of service: Service) -> Device? {
        guard service.bearer == "wifi", let id = service.device, let device = registry.devices[id], device.bearer == "wifi" else {
            return nil
        }
        return device
    }

    func services(of device: Device.ID) -> [Service] {
        registry.services(of: device).filter { $0.bearer == "wifi" }
    }

    // MARK: model events

    private func registryChanged(_ event: Registry.Event) {
        switch event {
        case .deviceAdded(let device):
            addDevice(device)
        case .deviceRemoved(let device):
            removeDevice(device)
        case .deviceChanged(let device, let fields):
            guard let object = devices[device.id] else { return }
            if fields.contains(.powered) {
                object.emitPropertiesChanged(interface: IWD.device, changed: ["Powered"])
                adapters[IWDPaths.adapterName(of: device)]?.emitPropertiesChanged(interface: IWD.adapter, changed: ["Powered"])
            }
            if fields.contains(.scanning) { object.emitPropertiesChanged(interface: IWD.station, changed: ["Scanning"]) }
        case .serviceAdded(let service):
            addNetwork(service)
        case .serviceRemoved(let service):
            guard networks.removeValue(forKey: service.id) != nil, let path = paths.networkPath(of: service.id) else { return }
            connection.unexport(path)
            paths.forget(service: service.id)
            if let device = service.device { stationMayHaveChanged(device) }
        case .serviceChanged(let service, let fields):
            guard let object = networks[service.id] else { return }
            if fields.contains(.state) {
                object.emitPropertiesChanged(interface: IWD.network, changed: ["Connected"])
                if let device = service.device { stationMayHaveChanged(device) }
            }
            if fields.contains(.favorite) { object.emitPropertiesChanged(interface: IWD.network, changed: ["KnownNetwork"]) }
            if fields.contains(.autoConnect), let key = KnownNetworks.key(for: service) {
                knownObjects[key]?.emitPropertiesChanged(interface: IWD.knownNetwork, changed: ["AutoConnect"])
            }
        }
    }

    private func addDevice(_ device: Device) {
        guard device.bearer == "wifi", devices[device.id] == nil else { return }
        let adapterName = IWDPaths.adapterName(of: device)
        if adapters[adapterName] == nil {
            let object = DBusObject(path: paths.adapter(named: adapterName), interfaces: [adapterInterface(adapterName)])
            adapters[adapterName] = object
            connection.export(object)
        }
        let object = DBusObject(path: paths.device(device),
                                interfaces: [deviceInterface(device.id), stationInterface(device.id)] + provisioningInterfaces(device.id))
        devices[device.id] = object
        stations[device.id] = stationValues(device.id)
        connection.export(object)
    }

    private func removeDevice(_ device: Device) {
        guard let object = devices.removeValue(forKey: device.id) else { return }
        connection.unexport(object.path)
        paths.forget(device: device.id)
        stations[device.id] = nil
        let adapterName = IWDPaths.adapterName(of: device)
        let stillUsed = registry.devices.values.contains { $0.bearer == "wifi" && IWDPaths.adapterName(of: $0) == adapterName }
        if !stillUsed, let adapter = adapters.removeValue(forKey: adapterName) {
            connection.unexport(adapter.path)
        }
    }

    private func addNetwork(_ service: Service) {
        guard networks[service.id] == nil, let device = wifiDevice(of: service) else { return }
        let object = DBusObject(path: paths.network(service, on: device), interfaces: [networkInterface(service.id)])
        networks[service.id] = object
        connection.export(object)
        stationMayHaveChanged(device.id)
    }

    private func knownNetworkChanged(_ key: KnownNetworks.Key) {
        let path = IWDPaths.knownNetwork(key)
        if known.store.secret(for: key) != nil {
            guard knownObjects[key] == nil else { return }
            let object = DBusObject(path: path, interfaces: [knownNetworkInterface(key)])
            knownObjects[key] = object
            connection.export(object)
        } else if knownObjects.removeValue(forKey: key) != nil {
            connection.unexport(path)
        }
    }

    /// Announces the Station properties of `device` that differ from what was last announced.
    private func stationMayHaveChanged(_ device: Device.ID) {
        guard let object = devices[device], let before = stations[device] else { return }
        let after = stationValues(device)
        guard after != before else { return }
        stations[device] = after
        let names = ["State", "ConnectedNetwork"]
        object.emitPropertiesChanged(interface: IWD.station, changed: names.indices.filter { before[$0] != after[$0] }.map { names[$0] })
    }
}
