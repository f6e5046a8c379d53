/// Declarations of what an object offers on the bus. The declared types drive argument
/// checking (before a handler runs), Properties type checks and introspection.
public struct DBusInterface {
    public var name: String
    public var methods: [DBusMethod]
    public var properties: [DBusProperty]
    public var signals: [DBusSignal]

    public init(name: String, methods: [DBusMethod] = [], properties: [DBusProperty] = [],
                signals: [DBusSignal] = []) {
        self.name = name
        self.methods = methods
        self.properties = properties
        self.signals = signals
    }

    public func method(named name: String) -> DBusMethod? { methods.first { $0.name == name } }
    public func property(named name: String) -> DBusProperty? { properties.first { $0.name == name } }
}

public struct DBusArgument: Sendable {
    public var name: String
    public var type: DBusType

    public init(name: String, type: DBusType) {
        self.name = name
        self.type = type
    }

    public init(_ name: String, _ type: DBusType) {
        self.init(name: name, type: type)
    }
}

public struct DBusMethodCall: Sendable {
    public let sender: String
    public let path: ObjectPath
    /// The interface that matched, also when the caller left the field out.
    public let interface: String
    public let member: String
    public let arguments: [DBusValue]
}

public struct DBusMethod {
    public let name: String
    public let inputs: [DBusArgument]
    public let outputs: [DBusArgument]
    /// Computed once: every incoming call is checked against it.
    let inputSignature: String
    let outputSignature: String
    let body: Body

    enum Body {
        case immediate(@MainActor (DBusMethodCall) throws(DBusError) -> [DBusValue])
        case deferred(@MainActor (DBusMethodCall, DBusReply) -> Void)
    }

    /// A handler that answers at once: its return values are the reply, a thrown error the error reply.
    public init(name: String, inputs: [DBusArgument] = [], outputs: [DBusArgument] = [],
                handler: @escaping @MainActor (DBusMethodCall) throws(DBusError) -> [DBusValue]) {
        self.init(name: name, inputs: inputs, outputs: outputs, body: .immediate(handler))
    }

    /// A handler that answers later through `DBusReply` (e.g. after an outgoing call of its own).
    public init(name: String, inputs: [DBusArgument] = [], outputs: [DBusArgument] = [],
                deferred: @escaping @MainActor (DBusMethodCall, DBusReply) -> Void) {
        self.init(name: name, inputs: inputs, outputs: outputs, body: .deferred(deferred))
    }

    private init(name: String, inputs: [DBusArgument], outputs: [DBusArgument], body: Body) {
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        inputSignature = DBusType.signature(of: inputs.map(\.type))
        outputSignature = DBusType.signature(of: outputs.map(\.type))
        self.body = body
    }

}

public struct DBusProperty {
    public var name: String
    public var type: DBusType
    /// The current value, or nil while an optional property is absent (left out of GetAll
    /// and reported as invalidated by PropertiesChanged).
    public var getter: @MainActor () -> DBusValue?
    /// nil makes the property read-only. The sender is the caller's unique name.
    public var setter: (@MainActor (DBusValue, _ sender: String) throws(DBusError) -> Void)?

    public init(name: String, type: DBusType, get: @escaping @MainActor () -> DBusValue,
                set: (@MainActor (DBusValue, _ sender: String) throws(DBusError) -> Void)? = nil) {
        self.name = name
        self.type = type
        getter = { get() }
        setter = set
    }

    /// A property that exists only at times (iwd's "[optional]" properties): `get` returns
    /// nil while it is absent.
    public init(name: String, type: DBusType, optional get: @escaping @MainActor () -> DBusValue?) {
        self.name = name
        self.type = type
        getter = get
        setter = nil
    }

    public var isWritable: Bool { setter != nil }
}

public struct DBusSignal: Sendable {
    public var name: String
    public var arguments: [DBusArgument]

    public init(name: String, arguments: [DBusArgument] = []) {
        self.name = name
        self.arguments = arguments
    }
}
