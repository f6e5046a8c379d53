import DBus

/// ConnMan's agent API: `RegisterAgent(o)` / `UnregisterAgent(o)` on the
/// Manager, and the daemon's calls to the client's `net.connman.Agent`
/// object: `RequestInput` for a passphrase, `Cancel`, `Release`.
extension ManagerFace {
    func agentMethods() -> [DBusMethod] {
        AgentMethods.make(.connman, agents: agents,
                          alreadyExists: ConnMan.error("AlreadyExists", "this client already has an agent registered"),
                          notRegistered: ConnMan.error("NotRegistered", "no agent of this client is registered there"))
    }
}

/// The calls to a ConnMan agent (`net.connman.Agent`).
@MainActor
final class ConnManAgentCaller: AgentCaller {
    static let interface = "net.connman.Agent"
    private let connection: DBusConnection

    init(connection: DBusConnection) {
        self.connection = connection
    }

    /// `RequestInput(o service, a{sv} fields) -> a{sv}` asking for a mandatory
    /// PSK passphrase, answered with `{"Passphrase": s}`.
    func requestPassphrase(from agent: Agent, for service: Service, timeoutMilliseconds: Int32,
                           answer: @escaping @MainActor (Result<String, AgentFailure>) -> Void) {
        let fields = DBusValue.properties([
            ("Passphrase", .properties([("Type", .string("psk")), ("Requirement", .string("mandatory"))])),
        ])
        connection.call(destination: agent.owner, path: agent.path, interface: Self.interface, member: "RequestInput",
                        arguments: [.objectPath(ConnMan.servicePath(service.identifier)), fields],
                        timeoutMilliseconds: timeoutMilliseconds) { result in
            switch result {
            case .success(let values):
                guard let passphrase = values.first?.propertyDictionary?["Passphrase"]?.stringValue else {
                    return answer(.failure(.failed("the reply has no Passphrase")))
                }
                answer(.success(passphrase))
            case .failure(let error):
                answer(.failure(AgentFailure(error, declined: ["net.connman.Agent.Error.Canceled", "net.connman.Agent.Error.Rejected"])))
            }
        }
    }

    func cancel(_ agent: Agent, reason: AgentCancelReason) {
        connection.send(destination: agent.owner, path: agent.path, interface: Self.interface, member: "Cancel", arguments: [])
    }

    func release(_ agent: Agent) {
        connection.send(destination: agent.owner, path: agent.path, interface: Self.interface, member: "Release", arguments: [])
    }
}
