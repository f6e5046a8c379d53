import DBus

/// iwd's provisioning interfaces on a station device:
/// `DeviceProvisioning` (DPP with URIs) and `SharedCodeDeviceProvisioning`
/// (PKEX), each present when a loaded plugin serves it.  The face checks
/// the arguments' shape; the coordinator checks the device and runs the
/// session, and is where Started, Role and URI are read.
extension IWDFace {
    func provisioningInterfaces(_ id: Device.ID) -> [DBusInterface] {
        guard let provisioning else { return [] }
        var interfaces: [DBusInterface] = []
        if provisioning.offers(.dpp) { interfaces.append(deviceProvisioningInterface(id)) }
        if provisioning.offers(.sharedCode) { interfaces.append(sharedCodeInterface(id)) }
        return interfaces
    }

    private func deviceProvisioningInterface(_ id: Device.ID) -> DBusInterface {
        let uri = [DBusArgument("uri", .string)]
        return DBusInterface(name: IWD.deviceProvisioning, methods: [
            DBusMethod(name: "StartEnrollee", outputs: uri) { [unowned self] _ throws(DBusError) in
                [.string(try start(ProvisioningRequest(method: .dpp, action: .startEnrollee), on: id))]
            },
            DBusMethod(name: "StartConfigurator", outputs: uri) { [unowned self] _ throws(DBusError) in
                [.string(try start(ProvisioningRequest(method: .dpp, action: .startConfigurator), on: id))]
            },
            DBusMethod(name: "ConfigureEnrollee", inputs: uri, outputs: uri) { [unowned self] call throws(DBusError) in
                let peer = call.arguments[0].stringValue ?? ""
                return [.string(try start(ProvisioningRequest(method: .dpp, action: .configureEnrollee, peerURI: peer), on: id))]
            },
            stopMethod(id, .dpp),
        ], properties: sessionProperties(id, .dpp, withURI: true))
    }

    private func sharedCodeInterface(_ id: Device.ID) -> DBusInterface {
        let options = [DBusArgument("options", .dictionary(key: .string, value: .variant))]
        return DBusInterface(name: IWD.sharedCodeDeviceProvisioning, methods: [
            DBusMethod(name: "ConfigureEnrollee", inputs: options) { [unowned self] call throws(DBusError) in
                let code = try SharedCodeOptions(call.arguments[0])
                _ = try start(ProvisioningRequest(method: .sharedCode, action: .configureEnrollee, code: code.code,
                                                  identifier: code.identifier), on: id)
                return []
            },
            DBusMethod(name: "StartEnrollee", inputs: options) { [unowned self] call throws(DBusError) in
                let code = try SharedCodeOptions(call.arguments[0])
                _ = try start(ProvisioningRequest(method: .sharedCode, action: .startEnrollee, code: code.code,
                                                  identifier: code.identifier), on: id)
                return []
            },
            DBusMethod(name: "StartConfigurator", inputs: [.init("agent", .objectPath)]) { [unowned self] call throws(DBusError) in
                guard let path = call.arguments[0].objectPathValue, path != .root else {
                    throw IWD.error("NoAgent", "the agent path must name an object of the caller")
                }
                let agent = SharedCodeAgent(owner: call.sender, path: path)
                _ = try start(ProvisioningRequest(method: .sharedCode, action: .startConfigurator, agent: agent), on: id)
                return []
            },
            stopMethod(id, .sharedCode),
        ], properties: sessionProperties(id, .sharedCode, withURI: false))
    }

    private func stopMethod(_ id: Device.ID, _ method: ProvisioningMethod) -> DBusMethod {
        DBusMethod(name: "Stop") { [unowned self] _ throws(DBusError) in
            guard let provisioning else { throw IWD.error("NotFound", ProvisioningError.notFound.message) }
            do throws(ProvisioningError) { try provisioning.stop(id, method: method) } catch { throw IWD.error(error.name, error.message) }
            return []
        }
    }

    /// Started always; Role and URI only while started.
    private func sessionProperties(_ id: Device.ID, _ method: ProvisioningMethod, withURI: Bool) -> [DBusProperty] {
        var properties = [
            DBusProperty(name: "Started", type: .boolean, get: { [unowned self] in
                .boolean(provisioning?.session(of: id, method: method) != nil)
            }),
            DBusProperty(name: "Role", type: .string, optional: { [unowned self] in
                provisioning?.session(of: id, method: method).map { .string($0.role.rawValue) }
            }),
        ]
        if withURI {
            properties.append(DBusProperty(name: "URI", type: .string, optional: { [unowned self] in
                provisioning?.session(of: id, method: method)?.uri.map(DBusValue.string)
            }))
        }
        return properties
    }

    private func start(_ request: ProvisioningRequest, on id: Device.ID) throws(DBusError) -> String {
        guard let provisioning else { throw IWD.error("NotSupported", ProvisioningError.notSupported.message) }
        do throws(ProvisioningError) { return try provisioning.start(request, on: id) } catch { throw IWD.error(error.name, error.message) }
    }

    /// A session of `method` started or ended on `device`.
    func provisioningChanged(_ device: Device.ID, _ method: ProvisioningMethod) {
        let interface = method == .dpp ? IWD.deviceProvisioning : IWD.sharedCodeDeviceProvisioning
        deviceObject(device)?.emitPropertiesChanged(interface: interface,
                                                    changed: method == .dpp ? ["Started", "Role", "URI"] : ["Started", "Role"])
    }
}

/// The `a{sv}` of the shared-code methods: `Code` (required) and
/// `Identifier` (optional, at most 80 octets of UTF-8).  Other keys are
/// ignored, as a later API may add some.
struct SharedCodeOptions {
    let code: String
    let identifier: String?

    init(_ value: DBusValue) throws(DBusError) {
        guard let options = value.propertyDictionary else { throw Self.invalid("the options must be a{sv}") }
        guard let codeValue = options["Code"] else { throw Self.invalid("Code is required") }
        guard let code = codeValue.stringValue, !code.isEmpty else { throw Self.invalid("Code must be a non-empty string") }
        var identifier: String?
        if let value = options["Identifier"] {
            guard let text = value.stringValue else { throw Self.invalid("Identifier must be a string") }
            guard text.utf8.count <= 80 else { throw Self.invalid("Identifier must be at most 80 octets of UTF-8") }
            identifier = text
        }
        self.code = code
        self.identifier = identifier
    }

    private static func invalid(_ why: String) -> DBusError {
        IWD.error("InvalidArguments", why)
    }
}

/// The calls to a client's `net.connman.iwd.SharedCodeAgent`.
@MainActor
final class IWDSharedCodeAgentCaller: SharedCodeAgentCaller {
    private let connection: DBusConnection
    private let timeoutMilliseconds: Int32

    init(connection: DBusConnection, timeoutMilliseconds: Int32) {
        self.connection = connection
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    func requestSharedCode(from agent: SharedCodeAgent, identifier: String,
                           answer: @escaping @MainActor (Result<String, AgentFailure>) -> Void) {
        connection.call(destination: agent.owner, path: agent.path, interface: IWD.sharedCodeAgent, member: "RequestSharedCode",
                        arguments: [.string(identifier)], timeoutMilliseconds: timeoutMilliseconds) { result in
            switch result {
            case .success(let values):
                guard let code = values.first?.stringValue, !code.isEmpty else { return answer(.failure(.failed("no code in the reply"))) }
                answer(.success(code))
            case .failure(let error):
                answer(.failure(AgentFailure(error, declined: [])))
            }
        }
    }

    func cancel(_ agent: SharedCodeAgent, reason: String) {
        connection.send(destination: agent.owner, path: agent.path, interface: IWD.sharedCodeAgent, member: "Cancel",
                        arguments: [.string(reason)])
    }

    func release(_ agent: SharedCodeAgent) {
        connection.send(destination: agent.owner, path: agent.path, interface: IWD.sharedCodeAgent, member: "Release", arguments: [])
    }

    func watch(_ agent: SharedCodeAgent, vanished: @escaping @MainActor () -> Void) -> () -> Void {
        let watch = connection.watchName(agent.owner, onVanished: vanished)
        return { watch.cancel() }
    }
}
