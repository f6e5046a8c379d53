import DBus

/// The per-radio and per-device objects of iwd's face: `Adapter`, and
/// `Device` with `Station` on the same object.
extension IWDFace {
    func adapterInterface(_ name: String) -> DBusInterface {
        DBusInterface(name: IWD.adapter, properties: [
            DBusProperty(name: "Powered", type: .boolean, get: { [unowned self] in
                .boolean(adapterDevices(name).contains(where: \.powered))
            }, set: { [unowned self] value, _ in
                for device in adapterDevices(name) { setPowered(device.id, value.boolValue ?? false) }
            }),
            DBusProperty(name: "Name", type: .string, get: { .string(name) }),
            // Model and Vendor are optional in iwd's API; plugins do not report them.
            DBusProperty(name: "Model", type: .string, optional: { nil }),
            DBusProperty(name: "Vendor", type: .string, optional: { nil }),
            DBusProperty(name: "SupportedModes", type: .array(.string), get: { .stringArray(["station"]) }),
        ])
    }

    private func adapterDevices(_ name: String) -> [Device] {
        registry.devices.values.filter { $0.bearer == "wifi" && IWDPaths.adapterName(of: $0) == name }.sorted { $0.id < $1.id }
    }

    func deviceInterface(_ id: Device.ID) -> DBusInterface {
        DBusInterface(name: IWD.device, properties: [
            DBusProperty(name: "Name", type: .string, get: { [unowned self] in
                .string(registry.devices[id].map { $0.interface ?? $0.name } ?? "")
            }),
            DBusProperty(name: "Address", type: .string, get: { [unowned self] in .string(registry.devices[id]?.address ?? "") }),
            DBusProperty(name: "Powered", type: .boolean, get: { [unowned self] in .boolean(registry.devices[id]?.powered ?? false) },
                         set: { [unowned self] value, _ in setPowered(id, value.boolValue ?? false) }),
            DBusProperty(name: "Adapter", type: .objectPath, get: { [unowned self] in
                .objectPath(registry.devices[id].map { paths.adapter(named: IWDPaths.adapterName(of: $0)) } ?? IWD.root)
            }),
            DBusProperty(name: "Mode", type: .string, get: { .string("station") }, set: { value, _ throws(DBusError) in
                guard value.stringValue == "station" else { throw IWD.error("NotSupported", "only station mode is offered") }
            }),
        ])
    }

    private func setPowered(_ id: Device.ID, _ powered: Bool) {
        plugins.setPowered(device: id, powered) { [logger] failure in
            if let failure { logger.warning("powering device \(id) \(powered ? "up" : "down") failed: \(failure)") }
        }
    }

    func stationInterface(_ id: Device.ID) -> DBusInterface {
        DBusInterface(name: IWD.station, methods: [
            DBusMethod(name: "Scan", deferred: { [unowned self] _, reply in
                plugins.scan(device: id) { failure in
                    if let failure { reply.fail(IWD.error(for: failure)) } else { reply.succeed() }
                }
            }),
            DBusMethod(name: "Disconnect", deferred: { [unowned self] _, reply in
                guard let service = registry.activeService(of: id) else {
                    return reply.fail(IWD.error("NotConnected", "the station is not connected"))
                }
                plugins.disconnect(service: service.id) { failure in
                    if let failure { reply.fail(IWD.error(for: failure)) } else { reply.succeed() }
                }
            }),
            DBusMethod(name: "GetOrderedNetworks", outputs: [.init("networks", .array(Self.orderedNetwork))]) { [unowned self] _ in
                [.array(element: Self.orderedNetwork, orderedNetworks(of: id))]
            },
            DBusMethod(name: "GetHiddenAccessPoints", outputs: [.init("accesspoints", .array(Self.hiddenAccessPoint))]) { _ in
                [.array(element: Self.hiddenAccessPoint, [])]
            },
            DBusMethod(name: "ConnectHiddenNetwork", inputs: [.init("name", .string)]) { [unowned self] call throws(DBusError) in
                let name = call.arguments[0].stringValue ?? ""
                guard services(of: id).contains(where: { $0.name == name }) else {
                    throw IWD.error("NotFound", "no hidden network '\(name)' was found")
                }
                throw IWD.error("NotHidden", "'\(name)' is not hidden: connect its Network object")
            },
        ], properties: [
            DBusProperty(name: "State", type: .string, get: { [unowned self] in stationState(id) }),
            DBusProperty(name: "ConnectedNetwork", type: .objectPath, optional: { [unowned self] in connectedNetwork(id) }),
            DBusProperty(name: "Scanning", type: .boolean, get: { [unowned self] in .boolean(registry.devices[id]?.scanning ?? false) }),
        ])
    }

    static let orderedNetwork = DBusType.structure([.objectPath, .int16])
    static let hiddenAccessPoint = DBusType.structure([.string, .int16, .string])

    /// State, and ConnectedNetwork (nil: absent), as the Station reports them.
    func stationValues(_ id: Device.ID) -> [DBusValue?] {
        [stationState(id), connectedNetwork(id)]
    }

    private func stationState(_ id: Device.ID) -> DBusValue {
        .string(IWD.stationState(services(of: id).map(\.state)))
    }

    private func connectedNetwork(_ id: Device.ID) -> DBusValue? {
        registry.activeService(of: id).flatMap { paths.networkPath(of: $0.id) }.map(DBusValue.objectPath)
    }

    /// iwd's order: the connected network, then known networks, then the
    /// rest, each group by signal; the signal in 100 * dBm (IWD.signal).
    private func orderedNetworks(of id: Device.ID) -> [DBusValue] {
        let active = registry.activeService(of: id)?.id
        let ranked = services(of: id).sorted { a, b in
            let groupA = a.id == active ? 0 : a.favorite ? 1 : 2
            let groupB = b.id == active ? 0 : b.favorite ? 1 : 2
            return (groupA, -Int(a.strength), a.id) < (groupB, -Int(b.strength), b.id)
        }
        return ranked.compactMap { service in
            paths.networkPath(of: service.id).map { .structure([.objectPath($0), .int16(IWD.signal(strength: service.strength))]) }
        }
    }
}
