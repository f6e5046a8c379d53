/// An object exported at one path, holding its interfaces in declaration order.
@MainActor
public final class DBusObject {
    public let path: ObjectPath
    public private(set) var interfaces: [DBusInterface]
    /// Set while exported; lets the object emit signals and ObjectManager notifications.
    weak var connection: DBusConnection?

    public init(path: ObjectPath, interfaces: [DBusInterface] = []) {
        self.path = path
        self.interfaces = []
        for interface in interfaces { insert(interface) }
    }

    public var interfaceNames: [String] { interfaces.map(\.name) }

    public func interface(named name: String) -> DBusInterface? {
        interfaces.first { $0.name == name }
    }

    /// Adds (or replaces) an interface; emits InterfacesAdded when exported under a manager.
    public func add(_ interface: DBusInterface) {
        insert(interface)
        connection?.interfacesAdded(on: self, names: [interface.name])
    }

    public func remove(interface name: String) {
        guard interfaces.contains(where: { $0.name == name }) else { return }
        interfaces.removeAll { $0.name == name }
        announced[name] = nil
        connection?.interfacesRemoved(from: path, names: [name])
    }

    /// Emits org.freedesktop.DBus.Properties.PropertiesChanged with the getters' current values;
    /// a named optional property that is now absent goes into the invalidated list.
    /// A named property whose value (or absence) is the one last announced is left out, and
    /// nothing is sent when nothing is left: callers may name what *may* have changed.
    public func emitPropertiesChanged(interface: String, changed names: [String], invalidated: [String] = []) {
        guard let connection, let declared = self.interface(named: interface) else { return }
        var values: [(String, DBusValue)] = []
        var gone = invalidated
        for name in invalidated { announced[interface]?[name] = nil }
        for name in names {
            guard let property = declared.property(named: name) else { continue }
            let value = PropertiesInterface.read(property)
            guard value != nil || property.getter() == nil else { continue }  // a read that failed
            if let last = announced[interface]?[name], last == value { continue }
            announced[interface, default: [:]][name] = .some(value)
            if let value { values.append((name, value)) } else { gone.append(name) }
        }
        guard !values.isEmpty || !gone.isEmpty else { return }
        connection.emitSignal(path: path, interface: PropertiesInterface.name, member: "PropertiesChanged",
                              arguments: [.string(interface), .properties(values), .stringArray(gone)])
    }

    /// What PropertiesChanged last said of each property, by interface: a value, or nil
    /// for "no longer there".  Unknown until first announced (clients read it themselves).
    private var announced: [String: [String: DBusValue?]] = [:]

    private func insert(_ interface: DBusInterface) {
        announced[interface.name] = nil
        if let index = interfaces.firstIndex(where: { $0.name == interface.name }) {
            interfaces[index] = interface
        } else {
            interfaces.append(interface)
        }
    }
}
