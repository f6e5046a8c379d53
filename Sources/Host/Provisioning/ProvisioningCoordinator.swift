import Glibc
import Logging
import MainLoop
import PluginABI

/// The calls to a client's `net.connman.iwd.SharedCodeAgent` (iwd's face makes them).
@MainActor
protocol SharedCodeAgentCaller: AnyObject {
    func requestSharedCode(from agent: SharedCodeAgent, identifier: String,
                           answer: @escaping @MainActor (Result<String, AgentFailure>) -> Void)
    func cancel(_ agent: SharedCodeAgent, reason: String)
    func release(_ agent: SharedCodeAgent)
    /// Calls `vanished` once the agent's client leaves the bus; the result
    /// stops the watch when dropped or cancelled.
    func watch(_ agent: SharedCodeAgent, vanished: @escaping @MainActor () -> Void) -> () -> Void
}

/// The provisioning sessions of every device, one at most per device across
/// DPP and shared code: the host's side of the provisioning plugins.  It
/// checks a request against the device (connected? credentials known?),
/// starts the plugin serving the method, keeps the session's D-Bus-visible
/// state (Started, Role, URI), runs the shared-code agent, and ends every
/// session the same way whoever ends it: Stop(), the plugin, the device
/// going down, the agent leaving, the daemon stopping.
@MainActor
final class ProvisioningCoordinator {
    private let registry: Registry
    private let plugins: PluginHost
    private let known: KnownNetworks
    private let connector: ServiceConnector
    private let autoConnect: AutoConnect?
    private let logger = Logger(label: "provisioning")
    private(set) var sessions: [Device.ID: ProvisioningSession] = [:]
    /// The outstanding RequestSharedCode of a device: its number and the plugin's answer.
    private var codeRequests: [Device.ID: (number: UInt64, answer: @MainActor (Result<String, PluginErrno>) -> Void)] = [:]
    private var nextRequest: UInt64 = 1
    private var agentWatches: [Device.ID: () -> Void] = [:]
    /// Told when a device's session of a method starts or ends (the face's PropertiesChanged).
    var observers: [@MainActor (Device.ID, ProvisioningMethod) -> Void] = []
    weak var agentCaller: SharedCodeAgentCaller?

    init(registry: Registry, plugins: PluginHost, known: KnownNetworks, connector: ServiceConnector,
         autoConnect: AutoConnect?) {
        self.registry = registry
        self.plugins = plugins
        self.known = known
        self.connector = connector
        self.autoConnect = autoConnect
        registry.observe { [weak self] event in
            switch event {
            case .deviceRemoved(let device):
                self?.stopAfterEvent(device.id, SB_PROVISIONING_STOP_DEVICE)
            case .deviceChanged(let device, let fields) where fields.contains(.powered) && !device.powered:
                self?.stopAfterEvent(device.id, SB_PROVISIONING_STOP_DEVICE)
            case .serviceChanged(let service, let fields) where fields.contains(.state) && !service.state.isConnected:
                self?.connectionLost(service)
            case .serviceRemoved(let service):
                self?.connectionLost(service)
            default:
                break
            }
        }
    }

    /// A configurator hands out the network it is connected to (and listens
    /// on its channel): once that connection is gone, so is its session.
    private func connectionLost(_ service: Service) {
        guard let device = service.device, sessions[device]?.configuring == service.id else { return }
        stopAfterEvent(device, SB_PROVISIONING_STOP_DISCONNECTED)
    }

    /// Stops the device's session after the event: the bearer reported it from
    /// inside a host API call, and the provisioning plugin's stop op may call
    /// that bearer's frame ops (cancel_remain_on_channel), which must not run
    /// re-entrantly.
    private func stopAfterEvent(_ deviceID: Device.ID, _ reason: sb_provisioning_stop_reason) {
        guard let running = sessions[deviceID] else { return }
        MainLoop.shared.soon { [weak self] in
            guard let self, self.sessions[deviceID] == running else { return }
            self.stop(deviceID, reason: reason)
        }
    }

    /// True when a loaded plugin serves `method`.
    func offers(_ method: ProvisioningMethod) -> Bool {
        plugins.provisioningPlugin(serving: method) != nil
    }

    func session(of device: Device.ID, method: ProvisioningMethod) -> ProvisioningSession? {
        sessions[device].flatMap { $0.method == method ? $0 : nil }
    }

    // MARK: starting

    /// Starts what `request` asks for on `deviceID`; returns the device's URI
    /// ("" for shared code).
    func start(_ request: ProvisioningRequest, on deviceID: Device.ID) throws(ProvisioningError) -> String {
        guard let device = registry.devices[deviceID], device.bearer == "wifi", device.powered else { throw .notAvailable }
        guard let plugin = plugins.provisioningPlugin(serving: request.method) else { throw .notSupported }
        if sessions[deviceID] != nil {
            throw request.method == .dpp && request.action == .startEnrollee ? .alreadyExists : .busy
        }
        var network: ProvisionedNetwork?
        var frequency: UInt32 = 0
        var configuring: Service.ID?
        if request.role == .configurator {
            guard let service = connectedService(of: deviceID) else { throw .notConnected }
            guard service.security == "psk" else { throw .notSupported }
            guard let secret = known.secret(for: service) else { throw .notConfigured }
            network = ProvisionedNetwork(ssid: service.name, secret: secret)
            frequency = service.frequency
            configuring = service.id
        }
        let interrupted = request.role == .enrollee ? registry.activeService(of: deviceID) : nil
        let seen = request.role == .enrollee ? seenFrequencies(of: deviceID) : []
        let uri: String
        switch plugins.startProvisioning(plugin: plugin, device: device, request: request, network: network,
                                         frequency: frequency, seenFrequencies: seen) {
        case .success(let text): uri = text
        case .failure(let error):
            logger.info("\(plugin) refused to start \(request.action) on \(device.name): \(errnoName(error.value))")
            throw ProvisioningError(pluginError: error.value)
        }
        let session = ProvisioningSession(device: deviceID, method: request.method, role: request.role,
                                          uri: uri.isEmpty ? nil : uri, plugin: plugin, agent: request.agent,
                                          interrupted: interrupted?.id, configuring: configuring)
        sessions[deviceID] = session
        logger.info("\(device.name): \(request.method.label) \(request.role.rawValue) started by plugin \(plugin)")
        if let agent = request.agent, let caller = agentCaller {
            agentWatches[deviceID] = caller.watch(agent) { [weak self] in
                guard let self, self.sessions[deviceID]?.agent == agent else { return }
                self.logger.info("\(device.name): the shared code agent left the bus; stopping")
                self.stop(deviceID, reason: SB_PROVISIONING_STOP_AGENT)
            }
        }
        if request.role == .enrollee {
            // An enrollee listens and answers off its channel: no connection meanwhile.
            autoConnect?.hold(deviceID)
            if let interrupted {
                plugins.disconnect(service: interrupted.id) { [logger] failure in
                    if let failure { logger.warning("disconnecting \(interrupted.identifier) for provisioning failed: \(failure)") }
                }
            }
        }
        notify(session)
        return uri
    }

    // MARK: ending

    /// Stop() of `method`'s interface.
    func stop(_ deviceID: Device.ID, method: ProvisioningMethod) throws(ProvisioningError) {
        guard session(of: deviceID, method: method) != nil else { throw .notFound }
        stop(deviceID, reason: SB_PROVISIONING_STOP_USER)
    }

    /// The host ends a session: the plugin stops at once.
    func stop(_ deviceID: Device.ID, reason: sb_provisioning_stop_reason) {
        guard let session = sessions[deviceID] else { return }
        plugins.stopProvisioning(plugin: session.plugin, device: deviceID, reason: reason)
        end(session, .stopped(reason))
        // A device that went down connects nothing; at shutdown nothing connects.
        let reconnect = reason != SB_PROVISIONING_STOP_SHUTDOWN && reason != SB_PROVISIONING_STOP_DEVICE
        if session.role == .enrollee { autoConnect?.release(deviceID, reconsider: reconnect) }
    }

    /// Every session, at shutdown (before the plugins exit).
    func stopAll() {
        for device in sessions.keys.sorted() { stop(device, reason: SB_PROVISIONING_STOP_SHUTDOWN) }
    }

    /// The plugin ended its session: `error` 0 for success, with the network
    /// an enrollee received.  Returns 0 or -errno for the plugin.
    func finished(_ deviceID: Device.ID, plugin: String, error: Int32, network: ProvisionedNetwork?) -> Int32 {
        guard let session = sessions[deviceID], session.plugin == plugin else { return -ENOENT }
        if error == 0, session.role == .enrollee, network == nil { return -EINVAL }
        end(session, .finished(error: error))
        guard session.role == .enrollee else { return 0 }
        if error == 0, let network {
            // After the plugin's call returns: adopting runs the bearer's ops.
            MainLoop.shared.soon { [weak self] in self?.adopt(network, on: deviceID) }
        } else {
            autoConnect?.release(deviceID, reconsider: true)
        }
        return 0
    }

    private func end(_ session: ProvisioningSession, _ end: ProvisioningEnd) {
        let deviceID = session.device
        sessions[deviceID] = nil
        agentWatches.removeValue(forKey: deviceID)?()
        let request = codeRequests.removeValue(forKey: deviceID)
        let pending = request != nil
        if let request {
            // The ABI promises the callback exactly once; later, never inside a plugin's call.
            MainLoop.shared.soon { request.answer(.failure(PluginErrno(-ECANCELED))) }
        }
        if let agent = session.agent, let caller = agentCaller, end != .stopped(SB_PROVISIONING_STOP_AGENT) {
            if pending { caller.cancel(agent, reason: end.cancelReason) }
            caller.release(agent)
        }
        let name = registry.devices[deviceID]?.name ?? "device \(deviceID)"
        switch end {
        case .finished(0): logger.info("\(name): \(session.method.label) \(session.role.rawValue) succeeded")
        case .finished(let error): logger.info("\(name): \(session.method.label) \(session.role.rawValue) failed: \(errnoName(error))")
        case .stopped(let reason): logger.info("\(name): \(session.method.label) \(session.role.rawValue) stopped (\(reason.text))")
        }
        notify(session)
    }

    /// An enrollee's reward: the network is stored and connected (found by a
    /// scan first if the device has not seen it).
    private func adopt(_ network: ProvisionedNetwork, on deviceID: Device.ID) {
        do {
            try known.remember(network.secret, for: KnownNetworks.Key(ssid: network.ssid, type: .psk))
        } catch {
            logger.error("cannot store the provisioned network '\(network.ssid)': \(error)")
            autoConnect?.release(deviceID, reconsider: true)
            return
        }
        autoConnect?.release(deviceID, reconsider: false)
        let match = registry.services(of: deviceID).first { $0.name == network.ssid && $0.security == "psk" }
        guard let service = match else {
            logger.info("'\(network.ssid)' not seen yet; scanning (it connects once found)")
            plugins.scan(device: deviceID) { _ in }
            return
        }
        logger.info("connecting the provisioned network '\(network.ssid)'")
        connector.connect(service.id, requestedBy: nil) { [weak self, logger] failure in
            guard let failure else { return }
            logger.warning("connecting the provisioned network '\(network.ssid)' failed: \(failure)")
            self?.autoConnect?.reconsider(deviceID)
        }
    }

    // MARK: the shared code agent

    /// A plugin asks the session's agent for the code of `identifier`.
    /// `answer` runs later unless the session ends first.  Returns 0 or -errno.
    func requestSharedCode(_ deviceID: Device.ID, plugin: String, identifier: String,
                           answer: @escaping @MainActor (Result<String, PluginErrno>) -> Void) -> Int32 {
        guard let session = sessions[deviceID], session.plugin == plugin else { return -ENOENT }
        guard let agent = session.agent, let caller = agentCaller else { return -EINVAL }
        guard codeRequests[deviceID] == nil else { return -EBUSY }
        let number = nextRequest
        nextRequest += 1
        codeRequests[deviceID] = (number, answer)
        caller.requestSharedCode(from: agent, identifier: identifier) { [weak self] result in
            guard let self, self.codeRequests[deviceID]?.number == number else { return }
            self.codeRequests[deviceID] = nil
            switch result {
            case .success(let code): answer(.success(code))
            case .failure(.noReply):
                // The request failed before a reply: the agent may still be asking its user.
                caller.cancel(agent, reason: "timed-out")
                answer(.failure(PluginErrno(-ETIMEDOUT)))
            case .failure: answer(.failure(PluginErrno(-EACCES)))
            }
        }
        return 0
    }

    // MARK: helpers

    private func notify(_ session: ProvisioningSession) {
        for observer in observers { observer(session.device, session.method) }
    }

    private func connectedService(of device: Device.ID) -> Service? {
        registry.activeService(of: device).flatMap { $0.state.isConnected ? $0 : nil }
    }

    /// The channels of the networks `device` has seen, each once, the
    /// strongest network's first.
    private func seenFrequencies(of device: Device.ID) -> [UInt32] {
        let seen = registry.services.values.filter { $0.device == device && $0.frequency != 0 }
            .sorted { ($0.strength, $1.id) > ($1.strength, $0.id) }
        var frequencies: [UInt32] = []
        for service in seen where !frequencies.contains(service.frequency) { frequencies.append(service.frequency) }
        return frequencies
    }
}

/// A network as provisioning carries it: an SSID and its WPA2-Personal secret.
struct ProvisionedNetwork: Equatable {
    let ssid: String
    let secret: NetworkSecret
}

extension sb_provisioning_stop_reason {
    var text: String {
        switch self {
        case SB_PROVISIONING_STOP_USER: "Stop() called"
        case SB_PROVISIONING_STOP_DEVICE: "the device went down"
        case SB_PROVISIONING_STOP_SHUTDOWN: "the daemon is stopping"
        case SB_PROVISIONING_STOP_AGENT: "the agent left the bus"
        case SB_PROVISIONING_STOP_DISCONNECTED: "the network it hands out was disconnected"
        default: "reason \(rawValue)"
        }
    }
}
