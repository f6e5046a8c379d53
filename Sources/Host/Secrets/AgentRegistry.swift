import DBus
import Logging

/// The D-Bus API an agent registered through; each asks the user its own way.
enum AgentAPI: String, Sendable, CaseIterable {
    case connman, iwd
}

/// A user's agent: an object of a D-Bus client that answers secret requests.
struct Agent: Equatable, Sendable {
    let api: AgentAPI
    /// The client's unique bus name.
    let owner: String
    let path: ObjectPath
}

/// How an agent's request ended without a secret.
enum AgentFailure: Error, Equatable {
    /// The user declined (the agent's Canceled or Rejected error).
    case canceled
    /// No answer: the call timed out, or the agent left the bus before answering.
    case noReply
    /// Any other error the agent returned.
    case failed(String)
}

extension AgentFailure {
    /// An agent's error reply: one of its API's `declined` names means the user said no.
    init(_ error: DBusError, declined: Set<String>) {
        if declined.contains(error.name) {
            self = .canceled
        } else if error.name == DBusError.Name.noReply {
            self = .noReply
        } else {
            self = .failed(error.description)
        }
    }
}

/// Why an outstanding request is withdrawn (iwd's Cancel reasons).
enum AgentCancelReason: String {
    case timedOut = "timed-out", outOfRange = "out-of-range", shutdown
}

/// The calls one API makes to its agents (ConnMan's RequestInput, iwd's
/// RequestPassphrase, and Cancel and Release).
@MainActor
protocol AgentCaller: AnyObject {
    func requestPassphrase(from agent: Agent, for service: Service, timeoutMilliseconds: Int32,
                           answer: @escaping @MainActor (Result<String, AgentFailure>) -> Void)
    func cancel(_ agent: Agent, reason: AgentCancelReason)
    func release(_ agent: Agent)
}

/// The registered agents: one per API, as ConnMan and iwd each keep one
/// user agent.  A second registration from the client that holds the slot is
/// refused; one from another client replaces the holder, which gets
/// Release().  An agent whose client leaves the bus is dropped.
@MainActor
final class AgentRegistry {
    enum Refusal: Error, Equatable {
        case alreadyRegistered, notRegistered
    }

    private let connection: DBusConnection
    private var agents: [AgentAPI: Agent] = [:]
    private var watches: [AgentAPI: NameWatch] = [:]
    private var callers: [AgentAPI: AgentCaller] = [:]
    private let logger = Logger(label: "agents")

    init(connection: DBusConnection) {
        self.connection = connection
    }

    /// Each face says how its agents are called.
    func setCaller(_ caller: AgentCaller, for api: AgentAPI) {
        callers[api] = caller
    }

    func caller(for api: AgentAPI) -> AgentCaller? { callers[api] }

    func agent(of api: AgentAPI) -> Agent? { agents[api] }

    func register(_ agent: Agent) throws(Refusal) {
        if let current = agents[agent.api] {
            guard current.owner != agent.owner else { throw .alreadyRegistered }
            logger.info("\(agent.api.rawValue) agent \(current.owner)\(current.path) replaced by \(agent.owner)\(agent.path)")
            drop(agent.api)
            callers[agent.api]?.release(current)
        }
        agents[agent.api] = agent
        watches[agent.api] = connection.watchName(agent.owner) { [weak self] in
            guard let self, self.agents[agent.api] == agent else { return }
            self.logger.info("\(agent.api.rawValue) agent \(agent.owner)\(agent.path) left the bus")
            self.drop(agent.api)
        }
        logger.info("\(agent.api.rawValue) agent registered: \(agent.owner)\(agent.path)")
    }

    func unregister(_ agent: Agent) throws(Refusal) {
        guard agents[agent.api] == agent else { throw .notRegistered }
        drop(agent.api)
        logger.info("\(agent.api.rawValue) agent unregistered: \(agent.owner)\(agent.path)")
    }

    /// The agent to ask: one of `client`'s own (the client that asked to
    /// connect), else ConnMan's, else iwd's.
    func agent(preferring client: String?) -> Agent? {
        if let client, let own = AgentAPI.allCases.lazy.compactMap({ self.agents[$0] }).first(where: { $0.owner == client }) {
            return own
        }
        return agents[.connman] ?? agents[.iwd]
    }

    /// Daemon shutdown: every agent gets Release().
    func releaseAll() {
        for api in AgentAPI.allCases {
            guard let agent = agents[api] else { continue }
            drop(api)
            callers[api]?.release(agent)
        }
    }

    private func drop(_ api: AgentAPI) {
        agents[api] = nil
        watches.removeValue(forKey: api)?.cancel()
    }
}
