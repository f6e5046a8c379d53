import DBus
import Glibc

/// How both D-Bus faces turn what went wrong into their API's errors.
extension PluginHost.OperationError {
    /// `prefix` + a name: `names` gives the API's name for an errno, anything
    /// else is `Failed`; the message is the errno's text.
    func dbusError(prefix: String, names: [Int32: String]) -> DBusError {
        switch self {
        case .notFound: return DBusError(name: prefix + "NotFound", message: "no such object")
        case .notSupported: return DBusError(name: prefix + "NotSupported", message: "the plugin does not support this operation")
        case .failed(let code):
            return DBusError(name: prefix + (names[-code] ?? "Failed"), message: String(cString: strerror(-code)))
        }
    }
}

/// `RegisterAgent(o)` and `UnregisterAgent(o)`, as ConnMan's Manager and
/// iwd's AgentManager both offer them, with each API's error names.
enum AgentMethods {
    @MainActor
    static func make(_ api: AgentAPI, agents: AgentRegistry, alreadyExists: DBusError,
                     notRegistered: DBusError) -> [DBusMethod] {
        func agent(_ call: DBusMethodCall) -> Agent? {
            call.arguments.first?.objectPathValue.map { Agent(api: api, owner: call.sender, path: $0) }
        }
        return [
            DBusMethod(name: "RegisterAgent", inputs: [.init("path", .objectPath)]) { [unowned agents] call throws(DBusError) in
                guard let agent = agent(call) else { return [] }
                do { try agents.register(agent) } catch { throw alreadyExists }
                return []
            },
            DBusMethod(name: "UnregisterAgent", inputs: [.init("path", .objectPath)]) { [unowned agents] call throws(DBusError) in
                guard let agent = agent(call) else { return [] }
                do { try agents.unregister(agent) } catch { throw notRegistered }
                return []
            },
        ]
    }
}
