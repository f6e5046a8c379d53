/// org.freedesktop.DBus.ObjectManager: GetManagedObjects lists every object strictly below
/// the manager, with the standard interfaces too (empty property dicts), as iwd and GDBus do.
enum ObjectManagerInterface {
    static let name = "org.freedesktop.DBus.ObjectManager"
    static let propertiesType = DBusType.dictionary(key: .string, value: .variant)
    static let interfacesType = DBusType.dictionary(key: .string, value: propertiesType)
    static let managedObjectsType = DBusType.dictionary(key: .objectPath, value: interfacesType)

    @MainActor
    static func make(at path: ObjectPath, connection: DBusConnection) -> DBusInterface {
        DBusInterface(name: name, methods: [
            DBusMethod(name: "GetManagedObjects",
                       outputs: [DBusArgument("objects", managedObjectsType)]) { [weak connection] _ throws(DBusError) in
                guard let connection else { throw .disconnected }
                return [managedObjects(below: path, connection: connection)]
            },
        ], signals: [
            DBusSignal(name: "InterfacesAdded", arguments: [
                DBusArgument("object_path", .objectPath), DBusArgument("interfaces_and_properties", interfacesType),
            ]),
            DBusSignal(name: "InterfacesRemoved", arguments: [
                DBusArgument("object_path", .objectPath), DBusArgument("interfaces", .array(.string)),
            ]),
        ])
    }

    @MainActor
    static func managedObjects(below path: ObjectPath, connection: DBusConnection) -> DBusValue {
        let scope = connection.managers[path] ?? ObjectManagerScope(manager: path, subtree: nil)
        let entries = connection.exportedPaths.filter(scope.covers).compactMap { child -> DBusDictEntry? in
            guard let object = connection.object(at: child) else { return nil }
            let names = connection.standardInterfaceNames(at: child) + object.interfaceNames
            return DBusDictEntry(key: .objectPath(child),
                                 value: interfacesDictionary(of: object, names: names, connection: connection))
        }
        return .dictionary(key: .objectPath, value: interfacesType, entries)
    }

    /// a{sa{sv}} for the named interfaces of an object; standard ones get empty dicts.
    @MainActor
    static func interfacesDictionary(of object: DBusObject, names: [String], connection: DBusConnection) -> DBusValue {
        let entries = names.map { name -> DBusDictEntry in
            let properties = object.interface(named: name).map(PropertiesInterface.values(of:)) ?? []
            return DBusDictEntry(key: .string(name), value: .properties(properties))
        }
        return .dictionary(key: .string, value: propertiesType, entries)
    }
}
