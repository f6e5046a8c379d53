/// The host's one model of devices and services.  Bearer plugins change it
/// through the host API; the D-Bus faces observe it and never keep copies.
@MainActor
public final class Registry {
    public enum Event: Sendable {
        case deviceAdded(Device)
        case deviceChanged(Device, Set<Device.Field>)
        case deviceRemoved(Device)
        case serviceAdded(Service)
        case serviceChanged(Service, Set<Service.Field>)
        case serviceRemoved(Service)
    }

    /// Why a registry change was refused; maps to -errno at the ABI.
    public enum Refusal: Error, Equatable {
        case invalid(String)
        case exists(String)
        case notFound
        case notOwner
    }

    public private(set) var devices: [Device.ID: Device] = [:]
    public private(set) var services: [Service.ID: Service] = [:]
    private var serviceIDs: [String: Service.ID] = [:]
    private var nextID: UInt64 = 1
    private var observers: [@MainActor (Event) -> Void] = []

    public init() {}

    /// Calls `observer` after every change, in registration order.
    public func observe(_ observer: @escaping @MainActor (Event) -> Void) {
        observers.append(observer)
    }

    public func service(identifier: String) -> Service? {
        serviceIDs[identifier].flatMap { services[$0] }
    }

    /// Services in the order they were added.
    public var orderedServices: [Service] {
        services.values.sorted { $0.id < $1.id }
    }

    /// A device's services in the order they were added.
    public func services(of device: Device.ID) -> [Service] {
        services.values.filter { $0.device == device }.sorted { $0.id < $1.id }
    }

    /// Services best first, as ConnMan's service list is ordered.
    public var rankedServices: [Service] {
        ServiceRanking.ranked(Array(services.values))
    }

    /// Bearer types that have at least one device: ConnMan's technologies.
    public var technologies: [String] {
        Array(Set(devices.values.map(\.bearer))).sorted()
    }

    // MARK: devices

    public func addDevice(plugin: String, bearer: String, name: String, interface: String?,
                          address: String?, ifindex: Int32, powered: Bool, adapter: String? = nil) throws(Refusal) -> Device {
        guard Service.isValidBearer(bearer) else { throw .invalid("bearer type '\(bearer)' is not [a-z0-9]{1,32}") }
        let device = Device(id: allocateID(), plugin: plugin, bearer: bearer, name: name, interface: interface,
                            address: address, ifindex: ifindex, powered: powered, adapter: adapter)
        devices[device.id] = device
        emit(.deviceAdded(device))
        return device
    }

    public func removeDevice(_ id: Device.ID, by plugin: String) throws(Refusal) {
        let device = try ownedDevice(id, by: plugin)
        for service in services(of: id) {
            removeServiceUnchecked(service)
        }
        devices[id] = nil
        emit(.deviceRemoved(device))
    }

    public func setPowered(_ id: Device.ID, _ powered: Bool, by plugin: String) throws(Refusal) {
        try updateDevice(id, by: plugin, .powered) { $0.powered = powered }
    }

    public func setScanning(_ id: Device.ID, _ scanning: Bool, by plugin: String) throws(Refusal) {
        try updateDevice(id, by: plugin, .scanning) { $0.scanning = scanning }
    }

    /// Most a bearer may report: more channels than any radio has.
    public static let maxTransmitFrequencies = 1024

    public func setTransmitFrequencies(_ id: Device.ID, _ frequencies: [UInt32], by plugin: String) throws(Refusal) {
        guard frequencies.count <= Self.maxTransmitFrequencies, !frequencies.contains(0) else {
            throw .invalid("a transmit channel list holds at most \(Self.maxTransmitFrequencies) frequencies, none of them 0")
        }
        try updateDevice(id, by: plugin, .transmitFrequencies) { $0.transmitFrequencies = Array(Set(frequencies)).sorted() }
    }

    private func updateDevice(_ id: Device.ID, by plugin: String, _ field: Device.Field,
                              _ change: (inout Device) -> Void) throws(Refusal) {
        let before = try ownedDevice(id, by: plugin)
        var after = before
        change(&after)
        guard after != before else { return }
        devices[id] = after
        emit(.deviceChanged(after, [field]))
    }

    // MARK: services

    public func addService(plugin: String, device: Device.ID?, bearer: String, name: String,
                           identifier: String, security: String, strength: UInt8) throws(Refusal) -> Service {
        guard Service.isValidBearer(bearer) else { throw .invalid("bearer type '\(bearer)' is not [a-z0-9]{1,32}") }
        guard Service.isValidIdentifier(identifier) else {
            throw .invalid("service identifier '\(identifier)' is not [A-Za-z0-9_]{1,255}")
        }
        guard serviceIDs[identifier] == nil else { throw .exists("service '\(identifier)' already exists") }
        if let device {
            let owner = try ownedDevice(device, by: plugin)
            guard owner.bearer == bearer else {
                throw .invalid("service bearer '\(bearer)' differs from its device's '\(owner.bearer)'")
            }
        }
        let service = Service(id: allocateID(), plugin: plugin, device: device, bearer: bearer, name: name,
                              identifier: identifier, security: security, strength: min(strength, 100))
        services[service.id] = service
        serviceIDs[identifier] = service.id
        emit(.serviceAdded(service))
        return service
    }

    public func removeService(_ id: Service.ID, by plugin: String) throws(Refusal) {
        removeServiceUnchecked(try ownedService(id, by: plugin))
    }

    /// Applies `change` to a service the plugin owns and tells observers which
    /// fields really changed (none: no event).
    public func updateService(_ id: Service.ID, by plugin: String,
                              _ change: (inout Service) -> Void) throws(Refusal) {
        apply(change, to: try ownedService(id, by: plugin))
    }

    /// Applies a change the host makes itself, not the service's plugin: the
    /// user's AutoConnect, the known-network state, the error a new Connect clears.
    public func updateServiceAsHost(_ id: Service.ID, _ change: (inout Service) -> Void) throws(Refusal) {
        guard let service = services[id] else { throw .notFound }
        apply(change, to: service)
    }

    /// Changes what the user owns of a service (not its plugin): AutoConnect.
    public func setAutoConnect(_ id: Service.ID, _ value: Bool) throws(Refusal) {
        try updateServiceAsHost(id) { $0.autoConnect = value }
    }

    private func apply(_ change: (inout Service) -> Void, to before: Service) {
        var after = before
        change(&after)
        // A failure always says why: ConnMan's generic reason unless the plugin gave one.
        if after.state == .failure, before.state != .failure, after.error == nil { after.error = Service.connectFailed }
        var fields = Set<Service.Field>()
        if after.state != before.state { fields.insert(.state) }
        if after.strength != before.strength { fields.insert(.strength) }
        if after.ipv4 != before.ipv4 { fields.insert(.ipv4) }
        if after.ipv6 != before.ipv6 { fields.insert(.ipv6) }
        if after.autoConnect != before.autoConnect { fields.insert(.autoConnect) }
        if after.reportedError != before.reportedError { fields.insert(.error) }
        if after.favorite != before.favorite { fields.insert(.favorite) }
        if after.frequency != before.frequency { fields.insert(.frequency) }
        if after.nameservers != before.nameservers { fields.insert(.nameservers) }
        if after.domains != before.domains { fields.insert(.domains) }
        services[before.id] = after
        // An error kept while connected is stored but not reported (yet): no event.
        guard !fields.isEmpty else { return }
        emit(.serviceChanged(after, fields))
    }

    /// Removes everything a plugin registered (it exited or failed).
    public func removeAll(ownedBy plugin: String) {
        for device in devices.values.sorted(by: { $0.id < $1.id }) where device.plugin == plugin {
            try? removeDevice(device.id, by: plugin)
        }
        for service in orderedServices where service.plugin == plugin {
            removeServiceUnchecked(service)
        }
    }

    // MARK: helpers

    private func allocateID() -> UInt64 {
        defer { nextID += 1 }
        return nextID
    }

    private func ownedDevice(_ id: Device.ID, by plugin: String) throws(Refusal) -> Device {
        guard let device = devices[id] else { throw .notFound }
        guard device.plugin == plugin else { throw .notOwner }
        return device
    }

    private func ownedService(_ id: Service.ID, by plugin: String) throws(Refusal) -> Service {
        guard let service = services[id] else { throw .notFound }
        guard service.plugin == plugin else { throw .notOwner }
        return service
    }

    private func removeServiceUnchecked(_ service: Service) {
        services[service.id] = nil
        serviceIDs[service.identifier] = nil
        emit(.serviceRemoved(service))
    }

    /// The service a device is connected with, else the one it is connecting.
    public func activeService(of device: Device.ID) -> Service? {
        let all = services(of: device)
        return all.first { $0.state.isConnected } ?? all.first { [.association, .configuration].contains($0.state) }
    }

    private func emit(_ event: Event) {
        for observer in observers { observer(event) }
    }
}
