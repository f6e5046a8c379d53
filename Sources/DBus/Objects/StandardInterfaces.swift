import Glibc

/// The org.freedesktop.DBus.* interfaces every node serves, built as ordinary
/// DBusInterface values so that dispatch, argument checks and introspection treat them
/// like any other interface.
extension DBusConnection {
    static let introspectableName = "org.freedesktop.DBus.Introspectable"
    static let peerName = "org.freedesktop.DBus.Peer"

    /// Standard interfaces of an exported object, as GetManagedObjects and InterfacesAdded list them.
    func standardInterfaceNames(at path: ObjectPath) -> [String] {
        var names = [Self.introspectableName, PropertiesInterface.name, Self.peerName]
        if managers[path] != nil { names.append(ObjectManagerInterface.name) }
        return names
    }

    func standardInterfaces(for node: Node) -> [DBusInterface] {
        var interfaces = [introspectable(node), Self.peer]
        if let object = node.object {
            interfaces.append(PropertiesInterface.make(for: object, connection: self))
        }
        if managers[node.path] != nil {
            interfaces.append(ObjectManagerInterface.make(at: node.path, connection: self))
        }
        return interfaces
    }

    private func introspectable(_ node: Node) -> DBusInterface {
        DBusInterface(name: Self.introspectableName, methods: [
            DBusMethod(name: "Introspect", outputs: [DBusArgument("xml_data", .string)]) { [weak self] call throws(DBusError) in
                guard let self, let node = self.node(at: call.path) else {
                    throw .unknownObject("No object at \(call.path)")
                }
                return [.string(Introspection.xml(for: node, connection: self))]
            },
        ])
    }

    /// libdbus answers Peer calls itself before our filter; this covers calls without an
    /// interface field and makes the interface visible in introspection.
    private static let peer = DBusInterface(name: peerName, methods: [
        DBusMethod(name: "Ping") { _ in [] },
        DBusMethod(name: "GetMachineId", outputs: [DBusArgument("machine_uuid", .string)]) { _ throws(DBusError) in
            for file in ["/etc/machine-id", "/var/lib/dbus/machine-id"] {
                let fd = open(file, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { continue }
                var bytes = [UInt8](repeating: 0, count: 64)
                let count = read(fd, &bytes, bytes.count)
                Glibc.close(fd)
                if count > 0, let id = String(decoding: bytes[..<count], as: UTF8.self).split(whereSeparator: \.isWhitespace).first {
                    return [.string(String(id))]
                }
            }
            throw .failed("No machine id")
        },
    ])
}
