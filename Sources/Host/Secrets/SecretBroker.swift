import Glibc
import Logging
import MainLoop

/// Answers plugins' secret requests (`service_request_secret`) and learns
/// from how connections ended (`service_secret_result`): the known-network
/// store first, else the user's agent; a secret that worked is stored, one
/// the network refused is forgotten.  One request per service at a time.
@MainActor
final class SecretBroker {
    typealias Answer = @MainActor (Result<NetworkSecret, SecretError>) -> Void

    /// Why a request ended without a secret; `errno` is what the plugin sees.
    enum SecretError: Error, Equatable {
        case noAgent, canceled, timedOut, serviceGone, invalidAnswer

        var errno: Int32 {
            switch self {
            case .noAgent: -ENOKEY
            case .canceled: -ECANCELED
            case .timedOut: -ETIMEDOUT
            case .serviceGone: -ENOENT
            case .invalidAnswer: -EINVAL
            }
        }
    }

    private struct Pending {
        let plugin: String
        let generation: UInt64
        let answer: Answer
        var agent: Agent?
    }

    private let registry: Registry
    private let known: KnownNetworks
    private let agents: AgentRegistry
    private let connector: ServiceConnector
    private let agentTimeoutMilliseconds: Int32
    private let logger = Logger(label: "secrets")
    private var pending: [Service.ID: Pending] = [:]
    private var nextGeneration: UInt64 = 1
    /// Services whose last secret came from the store (a refusal then forgets it).
    private var answeredFromStore: Set<Service.ID> = []

    init(registry: Registry, known: KnownNetworks, agents: AgentRegistry, connector: ServiceConnector,
         agentTimeoutMilliseconds: Int32) {
        self.registry = registry
        self.known = known
        self.agents = agents
        self.connector = connector
        self.agentTimeoutMilliseconds = agentTimeoutMilliseconds
        registry.observe { [weak self] event in
            guard case .serviceRemoved(let service) = event, let self else { return }
            self.answeredFromStore.remove(service.id)
            // Typically inside the plugin's own service_remove(): answered later.
            if let answer = self.withdraw(service.id, reason: .outOfRange) {
                MainLoop.shared.soon { answer(.serviceGone) }
            }
        }
    }

    /// Starts a request; `answer` runs later on the loop, exactly once.
    /// Returns 0, or -EBUSY while the service already has one.
    func request(_ id: Service.ID, plugin: String, askUser: Bool, answer: @escaping Answer) -> Int32 {
        guard let service = registry.services[id] else { return -ENOENT }
        guard pending[id] == nil else { return -EBUSY }
        let generation = nextGeneration
        nextGeneration += 1
        pending[id] = Pending(plugin: plugin, generation: generation, answer: answer, agent: nil)
        if !askUser, let stored = known.secret(for: service) {
            logger.debug("secret of \(service.identifier) answered from the known-network store")
            MainLoop.shared.soon { [weak self] in self?.finish(id, generation, .success(stored), fromStore: true) }
            return 0
        }
        guard let agent = agents.agent(preferring: connector.requester(of: id)), let caller = agents.caller(for: agent.api) else {
            logger.info("secret of \(service.identifier) needed but no agent is registered")
            MainLoop.shared.soon { [weak self] in self?.finish(id, generation, .failure(.noAgent), fromStore: false) }
            return 0
        }
        pending[id]?.agent = agent
        logger.info("asking the \(agent.api.rawValue) agent \(agent.owner)\(agent.path) for the secret of \(service.identifier)")
        let started = MonotonicClock.milliseconds()
        caller.requestPassphrase(from: agent, for: service, timeoutMilliseconds: agentTimeoutMilliseconds) { [weak self] result in
            guard let self, self.pending[id]?.generation == generation else { return }
            switch result {
            case .success(let text):
                guard let secret = NetworkSecret(userInput: text) else {
                    self.logger.warning("the agent's answer for \(service.identifier) is neither an 8 to 63 character passphrase nor a 64 hex digit key")
                    return self.finish(id, generation, .failure(.invalidAnswer), fromStore: false)
                }
                self.finish(id, generation, .success(secret), fromStore: false)
            // NoReply also comes at once when the agent leaves the bus: only a full wait is a timeout.
            case .failure(.noReply) where Int64(MonotonicClock.milliseconds() - started) >= Int64(self.agentTimeoutMilliseconds) - 100:
                self.logger.warning("the agent did not answer for \(service.identifier) within \(self.agentTimeoutMilliseconds) ms")
                caller.cancel(agent, reason: .timedOut)
                self.finish(id, generation, .failure(.timedOut), fromStore: false)
            case .failure(let failure):
                self.logger.info("the agent gave no secret for \(service.identifier): \(failure)")
                self.finish(id, generation, .failure(.canceled), fromStore: false)
            }
        }
        return 0
    }

    /// How a connection that used a secret ended: 0 with the secret that
    /// worked (stored), -EKEYREJECTED (a stored secret that no longer works
    /// is forgotten; nothing is stored), anything else changes nothing.
    func result(_ id: Service.ID, secret: NetworkSecret?, error: Int32) -> Int32 {
        guard let service = registry.services[id] else { return -ENOENT }
        let fromStore = answeredFromStore.remove(id) != nil
        switch error {
        case 0:
            guard let secret else { return -EINVAL }
            do throws(KnownNetworkStore.WriteError) {
                try known.remember(secret, for: service)
            } catch {
                logger.error("cannot store the credentials of \(service.identifier): \(error)")
                return -EIO
            }
        case -EKEYREJECTED:
            guard let stored = known.secret(for: service) else { break }
            if secret.map({ $0.agrees(with: stored) }) ?? fromStore {
                logger.info("\(service.identifier) refused its stored credentials")
                known.forget(service)
            }
        default:
            break
        }
        return 0
    }

    /// A plugin going away: its requests end, answered with -ECANCELED when
    /// `notify` (before plugin_exit) or silently (its init failed).
    func cancelAll(of plugin: String, notify: Bool) {
        for (id, request) in pending where request.plugin == plugin {
            // Now, not later: plugin_exit runs next and no callback may follow it.
            withdraw(id, reason: .shutdown)?(notify ? .canceled : nil)
        }
    }

    /// Ends a pending request early and tells its agent; returns what answers its plugin.
    private func withdraw(_ id: Service.ID, reason: AgentCancelReason) -> ((SecretError?) -> Void)? {
        guard let request = pending.removeValue(forKey: id) else { return nil }
        if let agent = request.agent { agents.caller(for: agent.api)?.cancel(agent, reason: reason) }
        return { error in if let error { request.answer(.failure(error)) } }
    }

    private func finish(_ id: Service.ID, _ generation: UInt64, _ result: Result<NetworkSecret, SecretError>, fromStore: Bool) {
        guard let request = pending[id], request.generation == generation else { return }
        pending[id] = nil
        if fromStore { answeredFromStore.insert(id) } else { answeredFromStore.remove(id) }
        request.answer(result)
    }
}

/// Milliseconds of CLOCK_MONOTONIC, for measuring how long an agent took.
enum MonotonicClock {
    static func milliseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1000 + UInt64(now.tv_nsec) / 1_000_000
    }
}
