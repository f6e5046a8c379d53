import DBus

/// The per-network objects of iwd's face: `Network` for each Wi-Fi service
/// in range, `KnownNetwork` for each network with stored credentials.
extension IWDFace {
    func networkInterface(_ id: Service.ID) -> DBusInterface {
        DBusInterface(name: IWD.network, methods: [
            // The same connect path as ConnMan's Service.Connect.
            DBusMethod(name: "Connect", deferred: { [unowned self] call, reply in
                connector.connect(id, requestedBy: call.sender) { failure in
                    if let failure { reply.fail(IWD.error(for: failure)) } else { reply.succeed() }
                }
            }),
        ], properties: [
            DBusProperty(name: "Name", type: .string, get: { [unowned self] in .string(registry.services[id]?.name ?? "") }),
            DBusProperty(name: "Connected", type: .boolean, get: { [unowned self] in
                let state = registry.services[id]?.state
                return .boolean(state.map { [.association, .configuration, .ready, .online].contains($0) } ?? false)
            }),
            DBusProperty(name: "Device", type: .objectPath, get: { [unowned self] in
                .objectPath(registry.services[id]?.device.flatMap(paths.devicePath(of:)) ?? IWD.root)
            }),
            DBusProperty(name: "Type", type: .string, get: { [unowned self] in
                .string(IWD.networkType(registry.services[id]?.security ?? "none"))
            }),
            DBusProperty(name: "KnownNetwork", type: .objectPath, optional: { [unowned self] in
                guard let service = registry.services[id], service.favorite, let key = KnownNetworks.key(for: service) else { return nil }
                return .objectPath(IWDPaths.knownNetwork(key))
            }),
        ])
    }

    func knownNetworkInterface(_ key: KnownNetworks.Key) -> DBusInterface {
        DBusInterface(name: IWD.knownNetwork, methods: [
            DBusMethod(name: "Forget") { [unowned self] _ throws(DBusError) in
                let connected = registry.orderedServices.filter {
                    KnownNetworks.key(for: $0) == key && [.association, .configuration, .ready, .online].contains($0.state)
                }
                guard known.forget(key) else { throw IWD.error("NotFound", "the network is not known") }
                for service in connected {
                    plugins.disconnect(service: service.id) { [logger] failure in
                        if let failure { logger.warning("disconnecting forgotten \(service.identifier) failed: \(failure)") }
                    }
                }
                return []
            },
        ], properties: [
            DBusProperty(name: "Name", type: .string, get: { .string(key.ssid) }),
            DBusProperty(name: "Type", type: .string, get: { .string(key.type.rawValue) }),
            DBusProperty(name: "Hidden", type: .boolean, get: { .boolean(false) }),
            DBusProperty(name: "AutoConnect", type: .boolean, get: { [unowned self] in
                .boolean(knownServices(key).allSatisfy(\.autoConnect))
            }, set: { [unowned self] value, _ in
                for service in knownServices(key) { try? registry.setAutoConnect(service.id, value.boolValue ?? true) }
            }),
        ])
    }

    private func knownServices(_ key: KnownNetworks.Key) -> [Service] {
        registry.orderedServices.filter { KnownNetworks.key(for: $0) == key }
    }
}
