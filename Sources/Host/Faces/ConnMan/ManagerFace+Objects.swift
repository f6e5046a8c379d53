import DBus

/// The per-service and per-technology objects of ConnMan's face.
extension ManagerFace {
    private static let propertiesType = DBusType.dictionary(key: .string, value: .variant)
    private static let propertyChanged = DBusSignal(
        name: "PropertyChanged", arguments: [.init(name: "name", type: .string), .init(name: "value", type: .variant)])

    func exportService(_ service: Service) {
        let id = service.id
        let interface = DBusInterface(name: ConnMan.service, methods: [
            DBusMethod(name: "GetProperties", inputs: [], outputs: [.init(name: "properties", type: Self.propertiesType)]) { [unowned self] _ throws(DBusError) in
                guard let current = registry.services[id] else { throw ConnMan.error("NotFound", "service is gone") }
                return [.properties(serviceProperties(current))]
            },
            DBusMethod(name: "SetProperty", inputs: [.init("name", .string), .init("value", .variant)]) { [unowned self] call throws(DBusError) in
                guard case .string(let name) = call.arguments[0], case .variant(let value) = call.arguments[1] else { return [] }
                if name == "IPv4.Configuration" {
                    try setIPv4Configuration(id, value)
                    return []
                }
                guard name == "AutoConnect" else { throw ConnMan.error("InvalidProperty", "property '\(name)' cannot be set") }
                guard case .boolean(let flag) = value else { throw ConnMan.error("InvalidArguments", "AutoConnect takes a boolean") }
                do { try registry.setAutoConnect(id, flag) } catch { throw ConnMan.error("NotFound", "service is gone") }
                return []
            },
            DBusMethod(name: "Connect", inputs: [], outputs: [], deferred: { [unowned self] call, reply in
                connector.connect(id, requestedBy: call.sender) { failure in
                    if let failure { reply.fail(ConnMan.error(for: failure)) } else { reply.succeed() }
                }
            }),
            DBusMethod(name: "Disconnect", inputs: [], outputs: [], deferred: { [unowned self] _, reply in
                plugins.disconnect(service: id) { failure in
                    if let failure { reply.fail(ConnMan.error(for: failure)) } else { reply.succeed() }
                }
            }),
            DBusMethod(name: "Remove", deferred: { [unowned self] _, reply in remove(id, reply) }),
        ], properties: [], signals: [Self.propertyChanged])
        connection.export(DBusObject(path: ConnMan.servicePath(service.identifier), interfaces: [interface]))
    }

    /// `Remove()`: forgets a known network (its stored credentials go) and
    /// takes the service down if it is connecting or up.  Wired services
    /// cannot be removed, as in ConnMan.
    private func remove(_ id: Service.ID, _ reply: DBusReply) {
        guard let service = registry.services[id] else { return reply.fail(ConnMan.error("NotFound", "service is gone")) }
        guard service.bearer != "ethernet" else { return reply.fail(ConnMan.error("NotSupported", "a wired service cannot be removed")) }
        if !known.forget(service) {
            try? registry.updateServiceAsHost(id) { $0.autoConnect = false }
        }
        try? registry.updateServiceAsHost(id) { $0.error = nil }
        guard [.association, .configuration, .ready, .online].contains(service.state) else { return reply.succeed() }
        plugins.disconnect(service: id) { failure in
            if let failure { reply.fail(ConnMan.error(for: failure)) } else { reply.succeed() }
        }
    }

    /// Stores the user's choice (so it survives restarts), tells clients,
    /// and re-applies it at once if the service is connected.
    private func setIPv4Configuration(_ id: Service.ID, _ value: DBusValue) throws(DBusError) {
        guard let service = registry.services[id] else { throw ConnMan.error("NotFound", "service is gone") }
        let configuration = try ServiceIPConfiguration.parse(value)
        do {
            try ipConfig.store.setIPv4(configuration, for: service.identifier)
        } catch {
            throw ConnMan.error("Failed", "cannot store the configuration: \(error)")
        }
        connection.emitSignal(path: ConnMan.servicePath(service.identifier), interface: ConnMan.service,
                              member: "PropertyChanged",
                              arguments: [.string("IPv4.Configuration"), .variant(ServiceIPConfiguration.value(configuration))])
        ipConfig.staticIPv4Changed(id)
    }

    func technologyProperties(_ bearer: String) -> [(String, DBusValue)] {
        let devices = registry.devices.values.filter { $0.bearer == bearer }
        let connected = registry.services.values.contains { $0.bearer == bearer && $0.state.isConnected }
        return [("Name", .string(Self.technologyName(bearer))), ("Type", .string(bearer)),
                ("Powered", .boolean(devices.contains { $0.powered })), ("Connected", .boolean(connected)),
                ("Tethering", .boolean(false))]
    }

    static func technologyName(_ bearer: String) -> String {
        switch bearer {
        case "ethernet": "Wired"
        case "wifi": "WiFi"
        case "cellular": "Cellular"
        case "bluetooth": "Bluetooth"
        default: bearer.prefix(1).uppercased() + bearer.dropFirst()
        }
    }

    /// Exports technologies that gained their first device and removes those
    /// that lost their last one, with ConnMan's Added/Removed signals.
    func syncTechnologies() {
        let current = Set(registry.technologies)
        for bearer in current.subtracting(exportedTechnologiesSnapshot).sorted() {
            connection.export(DBusObject(path: ConnMan.technologyPath(bearer), interfaces: [technologyInterface(bearer)]))
            connection.emitSignal(path: ConnMan.managerPath, interface: ConnMan.manager, member: "TechnologyAdded",
                                  arguments: [.objectPath(ConnMan.technologyPath(bearer)), .properties(technologyProperties(bearer))])
        }
        for bearer in exportedTechnologiesSnapshot.subtracting(current).sorted() {
            connection.unexport(ConnMan.technologyPath(bearer))
            connection.emitSignal(path: ConnMan.managerPath, interface: ConnMan.manager, member: "TechnologyRemoved",
                                  arguments: [.objectPath(ConnMan.technologyPath(bearer))])
        }
        exportedTechnologiesSnapshot = current
    }

    private func technologyInterface(_ bearer: String) -> DBusInterface {
        DBusInterface(name: ConnMan.technology, methods: [
            DBusMethod(name: "GetProperties", inputs: [], outputs: [.init(name: "properties", type: Self.propertiesType)]) { [unowned self] _ in
                [.properties(technologyProperties(bearer))]
            },
            DBusMethod(name: "SetProperty", inputs: [.init(name: "name", type: .string), .init(name: "value", type: .variant)], outputs: [],
                       deferred: { [unowned self] call, reply in setTechnologyProperty(bearer, call.arguments, reply) }),
            // Scans every powered device of the technology; the reply waits for the results.
            DBusMethod(name: "Scan", inputs: [], outputs: [], deferred: { [unowned self] _, reply in
                let devices = registry.devices.values.filter { $0.bearer == bearer && $0.powered }.map(\.id)
                guard !devices.isEmpty else { return reply.fail(ConnMan.error("NoCarrier", "no powered \(bearer) device")) }
                onEveryDevice(devices, reply) { device, done in plugins.scan(device: device, completion: done) }
            }),
        ], properties: [], signals: [Self.propertyChanged])
    }

    /// `Powered` powers every device of the technology through its plugin;
    /// the reply waits until all of them answered.
    private func setTechnologyProperty(_ bearer: String, _ arguments: [DBusValue], _ reply: DBusReply) {
        guard case .string(let name) = arguments[0], case .variant(let value) = arguments[1] else {
            return reply.fail(ConnMan.error("InvalidArguments", "expected (s, v)"))
        }
        guard name == "Powered" else { return reply.fail(ConnMan.error("InvalidProperty", "property '\(name)' cannot be set")) }
        guard case .boolean(let powered) = value else { return reply.fail(ConnMan.error("InvalidArguments", "Powered takes a boolean")) }
        let devices = registry.devices.values.filter { $0.bearer == bearer }.map(\.id)
        onEveryDevice(devices, reply) { device, done in plugins.setPowered(device: device, powered, completion: done) }
    }

    /// Runs a plugin operation on each device and replies once all have
    /// answered: success, or the first failure.
    private func onEveryDevice(_ devices: [Device.ID], _ reply: DBusReply,
                               _ operation: (Device.ID, @escaping @MainActor (PluginHost.OperationError?) -> Void) -> Void) {
        var waiting = devices.count
        var firstFailure: PluginHost.OperationError?
        guard waiting > 0 else { return reply.succeed() }
        for device in devices {
            operation(device) { failure in
                if firstFailure == nil { firstFailure = failure }
                waiting -= 1
                guard waiting == 0 else { return }
                if let firstFailure { reply.fail(ConnMan.error(for: firstFailure)) } else { reply.succeed() }
            }
        }
    }
}
