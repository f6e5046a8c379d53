import DBus

/// iwd's agent API (`AgentManager` at /net/connman/iwd: RegisterAgent,
/// UnregisterAgent; calls to the client's `net.connman.iwd.Agent`:
/// RequestPassphrase, Cancel, Release) and its `Daemon.GetInfo`.
extension IWDFace {
    func agentManagerInterface() -> DBusInterface {
        DBusInterface(name: IWD.agentManager, methods: AgentMethods.make(
            .iwd, agents: agents,
            alreadyExists: IWD.error("AlreadyExists", "this client already has an agent registered"),
            notRegistered: IWD.error("NotFound", "no agent of this client is registered there")))
    }

    func daemonInterface() -> DBusInterface {
        DBusInterface(name: IWD.daemon, methods: [
            DBusMethod(name: "GetInfo", outputs: [.init("info", .dictionary(key: .string, value: .variant))]) { [unowned self] _ in
                [.properties([("Version", .string(version)),
                              ("StateDirectory", .string(known.store.directory)),
                              // IP configuration is the host's, for every bearer.
                              ("NetworkConfigurationEnabled", .boolean(true))])]
            },
        ])
    }
}

/// The calls to an iwd agent (`net.connman.iwd.Agent`).
@MainActor
final class IWDAgentCaller: AgentCaller {
    private let connection: DBusConnection
    private let networkPath: @MainActor (Service.ID) -> ObjectPath?

    init(connection: DBusConnection, networkPath: @escaping @MainActor (Service.ID) -> ObjectPath?) {
        self.connection = connection
        self.networkPath = networkPath
    }

    /// `RequestPassphrase(o network) -> s`.
    func requestPassphrase(from agent: Agent, for service: Service, timeoutMilliseconds: Int32,
                           answer: @escaping @MainActor (Result<String, AgentFailure>) -> Void) {
        guard let network = networkPath(service.id) else {
            return answer(.failure(.failed("\(service.identifier) is not an iwd network")))
        }
        connection.call(destination: agent.owner, path: agent.path, interface: IWD.agent, member: "RequestPassphrase",
                        arguments: [.objectPath(network)], timeoutMilliseconds: timeoutMilliseconds) { result in
            switch result {
            case .success(let values):
                guard let passphrase = values.first?.stringValue else { return answer(.failure(.failed("the reply is not a string"))) }
                answer(.success(passphrase))
            case .failure(let error):
                answer(.failure(AgentFailure(error, declined: ["net.connman.iwd.Agent.Error.Canceled"])))
            }
        }
    }

    func cancel(_ agent: Agent, reason: AgentCancelReason) {
        connection.send(destination: agent.owner, path: agent.path, interface: IWD.agent, member: "Cancel",
                        arguments: [.string(reason.rawValue)])
    }

    func release(_ agent: Agent) {
        connection.send(destination: agent.owner, path: agent.path, interface: IWD.agent, member: "Release", arguments: [])
    }
}
