/// org.freedesktop.DBus.Properties for one exported object.
enum PropertiesInterface {
    static let name = "org.freedesktop.DBus.Properties"

    /// A getter's value, or nil when the property is absent or its value does not have the
    /// declared type (a daemon bug that must not reach the wire as a lie about the type).
    @MainActor
    static func read(_ property: DBusProperty) -> DBusValue? {
        guard let value = property.getter() else { return nil }
        return value.type == property.type ? value : nil
    }

    @MainActor
    static func values(of interface: DBusInterface) -> [(String, DBusValue)] {
        interface.properties.compactMap { property in read(property).map { (property.name, $0) } }
    }

    @MainActor
    static func make(for object: DBusObject, connection: DBusConnection) -> DBusInterface {
        DBusInterface(name: name, methods: [
            DBusMethod(name: "Get", inputs: [DBusArgument("interface_name", .string), DBusArgument("property_name", .string)],
                       outputs: [DBusArgument("value", .variant)]) { [weak object] call throws(DBusError) in
                guard let object else { throw .unknownObject("Object went away") }
                let (_, property) = try find(call, in: object)
                guard property.getter() != nil else { throw .invalidArgs("Property \(property.name) is not set") }
                guard let value = read(property) else { throw .failed("Property \(property.name) has a bad value") }
                return [.variant(value)]
            },
            DBusMethod(name: "GetAll", inputs: [DBusArgument("interface_name", .string)],
                       outputs: [DBusArgument("properties", .dictionary(key: .string, value: .variant))]) {
                [weak object] call throws(DBusError) in
                guard let object else { throw .unknownObject("Object went away") }
                let interfaceName = call.arguments[0].stringValue ?? ""
                if interfaceName.isEmpty {
                    return [.properties(object.interfaces.flatMap(values(of:)))]
                }
                if let interface = object.interface(named: interfaceName) {
                    return [.properties(values(of: interface))]
                }
                guard isStandard(interfaceName, object: object, connection: connection) else {
                    throw .unknownInterface("No interface \(interfaceName)")
                }
                return [.properties([])]
            },
            DBusMethod(name: "Set", inputs: [DBusArgument("interface_name", .string), DBusArgument("property_name", .string),
                                             DBusArgument("value", .variant)]) { [weak object] call throws(DBusError) in
                guard let object else { throw .unknownObject("Object went away") }
                let (interface, property) = try find(call, in: object)
                guard let setter = property.setter else {
                    throw .propertyReadOnly("Property \(property.name) is read-only")
                }
                let value = call.arguments[2].variantValue ?? call.arguments[2]
                guard value.type == property.type else {
                    throw .invalidArgs("Property \(property.name) has type \(property.type), got \(value.type)")
                }
                let before = read(property)
                try setter(value, call.sender)
                if let after = read(property), after != before {
                    object.emitPropertiesChanged(interface: interface.name, changed: [property.name])
                }
                return []
            },
        ], signals: [
            DBusSignal(name: "PropertiesChanged", arguments: [
                DBusArgument("interface_name", .string),
                DBusArgument("changed_properties", .dictionary(key: .string, value: .variant)),
                DBusArgument("invalidated_properties", .array(.string)),
            ]),
        ])
    }

    @MainActor
    private static func isStandard(_ name: String, object: DBusObject, connection: DBusConnection) -> Bool {
        connection.standardInterfaceNames(at: object.path).contains(name)
    }

    /// Resolves (interface, property) for Get/Set; an empty interface name searches all.
    @MainActor
    private static func find(_ call: DBusMethodCall, in object: DBusObject) throws(DBusError)
        -> (DBusInterface, DBusProperty) {
        let interfaceName = call.arguments[0].stringValue ?? ""
        let propertyName = call.arguments[1].stringValue ?? ""
        let candidates: [DBusInterface]
        if interfaceName.isEmpty {
            candidates = object.interfaces
        } else if let interface = object.interface(named: interfaceName) {
            candidates = [interface]
        } else if let connection = object.connection, isStandard(interfaceName, object: object, connection: connection) {
            candidates = []
        } else {
            throw .unknownInterface("No interface \(interfaceName)")
        }
        for interface in candidates {
            if let property = interface.property(named: propertyName) { return (interface, property) }
        }
        throw .unknownProperty("No property \(propertyName)")
    }
}
