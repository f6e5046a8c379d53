import EasyConnect
import Glibc
import PluginKit
import ProvisioningKit

/// One shared-code session on one device, over the air: PKEX (the enrollee
/// initiates, a configurator responds), then DPP Authentication with mutual
/// authentication on the keys PKEX exchanged, over the same `AirLink`, the
/// PKEX initiator initiating.  It ends exactly once through `finish` (at the
/// latest when `timeLimit` runs out), or silently by `stop()`.
final class SharedCodeRun: ProvisioningRunning {
    /// Where the code comes from.
    enum CodeSource {
        case given(code: String, identifier: String?)
        /// StartConfigurator(agent): asked for each enrollee that names itself.
        case agent
    }

    let device: sb_device_id
    let role: DPPRole
    private let host: HostAPI
    private let air: AirLink
    private let ownKey: ECKeyPair
    private let source: CodeSource
    private let ledger: CodeLedger
    private var pkex: ExchangeDriver<PKEXSession>?
    /// The code the running PKEX exchange uses (for the brute-force count).
    private var pkexCode = ""
    private var dpp: DPPRun?
    private lazy var limit = HostTimer(host: host) { [weak self] in
        self?.end(-ETIMEDOUT, "\(self?.name ?? ""): no enrollee or configurator finished in time")
    }
    /// Agent flow: the enrollee whose code is being asked for, and its latest Exchange Request.
    private var asking: (source: MACAddress, identifier: String, request: [UInt8])?
    /// Agent flow: enrollees (address and identifier) the agent had no code for.
    private var refused: Set<String> = []
    private var finished = false
    /// Called once with 0 (and what an enrollee received) or -errno.
    var finish: (Int32, HostAPI.NetworkConfig?) -> Void = { _, _ in }

    init(host: HostAPI, device: sb_device_id, air: AirLink, role: DPPRole, source: CodeSource,
         ledger: CodeLedger) throws {
        self.host = host
        self.device = device
        self.air = air
        self.role = role
        self.source = source
        self.ledger = ledger
        ownKey = try ECKeyPair.generate(curve: .p256)
        air.log = { [weak self] level, message in self?.host.log(level, message) }
    }

    deinit { stop() }

    var name: String { role.isEnrollee ? "shared-code enrollee" : "shared-code configurator" }

    /// Starts: an enrollee sends its Exchange Request (again every two
    /// seconds until a configurator answers), a configurator listens.
    func start(timeLimit milliseconds: UInt64) throws {
        limit.arm(milliseconds: milliseconds)
        if role.isEnrollee {
            guard case .given(let code, let identifier) = source else {
                throw ProvisioningStartError(-EINVAL, "an enrollee needs a code")
            }
            try initiate(code: code, identifier: identifier)
        } else {
            air.onFrame = { [weak self] source, body in self?.heard(source, body) }
            host.log(SB_LOG_INFO, "\(name): listening on \(air.frequency) MHz")
        }
    }

    /// A management frame the device received for us.
    func frameReceived(_ frame: [UInt8]) {
        air.received(frame)
    }

    /// The host stopped the session: everything closes, nothing is reported.
    func stop() {
        finished = true
        limit.cancel()
        pkex?.cancel()
        pkex = nil
        dpp?.stop()
        air.close()
    }

    // MARK: PKEX

    private func initiate(code: String, identifier: String?) throws {
        // PKEX v1 (what hostapd and wpa_supplicant 2.10 speak over the air);
        // the responder's address is learnt from its answer.  One Exchange
        // Request for the whole search, untimed (the time limit ends it): a
        // configurator answers the first it hears, at times seconds later,
        // and then ignores every other request.
        let parameters = try PKEXParameters(code: code, identifier: identifier, bootstrapKey: ownKey,
                                            version: .v1(initiatorMAC: air.ownAddress,
                                                         responderMAC: ManagementHeader.broadcast))
        let (session, first) = try PKEXSession.initiator(parameters, attempts: ledger.attempts,
                                                         timeouts: DPPTimeouts(timesOpening: false))
        let driver = makeDriver(session, code: code)
        pkex = driver
        air.onFrame = { [weak self, weak driver] source, body in
            guard let self, let driver else { return }
            self.air.reply(to: source) {
                driver.update { $0.answered(by: source) }
                return driver.receive(body)
            }
        }
        let channels = (air.searchFrequencies.isEmpty ? [air.frequency] : air.searchFrequencies).map(String.init)
        host.log(SB_LOG_INFO, "\(name): sending PKEX exchange requests on \(channels.joined(separator: ", ")) MHz")
        driver.start(with: first)
    }

    /// Configurator: a frame before PKEX began (an Exchange Request opens
    /// it), or one of the running exchange.
    private func heard(_ sender: MACAddress, _ body: [UInt8]) {
        if let pkex { return air.reply(to: sender) { pkex.receive(body) } }
        guard case .dpp(let frame)? = try? FrameParser.parse(body),
              frame.type == .pkexV1ExchangeRequest || frame.type == .pkexExchangeRequest else { return }
        switch source {
        case .given(let code, let identifier):
            respond(to: sender, body, frame.type, code: code, identifier: identifier)
        case .agent:
            guard let raw = frame.attributes.value(.codeIdentifier),
                  let identifier = String(validating: raw, as: UTF8.self) else {
                return host.log(SB_LOG_DEBUG, "\(name): \(sender) named no identifier; not asking the agent")
            }
            if let asked = asking {
                // The enrollee repeats its request while the agent thinks: answer the latest.
                if asked.source == sender && asked.identifier == identifier { asking?.request = body }
                return
            }
            guard !refused.contains("\(sender) \(identifier)") else { return }
            asking = (sender, identifier, body)
            host.log(SB_LOG_INFO, "\(name): asking the agent for the code of '\(identifier)' (\(sender))")
            host.requestSharedCode(device, identifier: identifier) { [weak self] result in
                self?.agentAnswered(result)
            }
        }
    }

    private func agentAnswered(_ result: Result<String, HostAPI.SecretError>) {
        guard !finished, let asked = asking else { return }
        asking = nil
        switch result {
        case .failure(let error):
            refused.insert("\(asked.source) \(asked.identifier)")
            host.log(SB_LOG_INFO, "\(name): no code for '\(asked.identifier)': \(error); request dropped")
        case .success(let code):
            guard case .dpp(let frame)? = try? FrameParser.parse(asked.request) else { return }
            respond(to: asked.source, asked.request, frame.type, code: code, identifier: asked.identifier)
        }
    }

    /// Answers an Exchange Request with `code`; a request the code does not
    /// fit (another identifier) leaves us listening.
    private func respond(to sender: MACAddress, _ request: [UInt8], _ type: FrameType, code: String,
                         identifier: String?) {
        let version: PKEXParameters.Version = type == .pkexV1ExchangeRequest
            ? .v1(initiatorMAC: sender, responderMAC: air.ownAddress) : .v2
        let session: PKEXSession
        do {
            session = try PKEXSession.responder(PKEXParameters(code: code, identifier: identifier, bootstrapKey: ownKey,
                                                               version: version), attempts: ledger.attempts)
        } catch {
            refused.insert("\(sender) \(identifier ?? "")")
            return host.log(SB_LOG_WARNING, "\(name): cannot answer \(sender): \(error)")
        }
        let driver = makeDriver(session, code: code)
        pkex = driver
        air.reply(to: sender) { driver.receive(request) }
        if air.peer == nil {
            pkex = nil  // not for this code: keep listening
        } else {
            host.log(SB_LOG_INFO, "\(name): answered \(sender)'s PKEX exchange request")
        }
    }

    private func makeDriver(_ session: PKEXSession, code: String) -> ExchangeDriver<PKEXSession> {
        pkexCode = code
        return ExchangeDriver(host: host, session: session, send: { [weak air] frame in air?.send(frame) },
                              report: { [weak self] event in self?.pkexEvent(event) })
    }

    private func pkexEvent(_ event: DPPEvent) {
        ledger.attempts.record(DPPOutput(events: [event]), code: pkexCode)
        switch event {
        case .bootstrappingKeyExchanged(let peer):
            pkex?.cancel()
            pkex = nil
            host.log(SB_LOG_INFO, "\(name): PKEX done with \(air.peer?.description ?? "?"); DPP authentication next")
            do { try authenticate(peer) } catch { end(-EIO, "\(name): cannot start DPP: \(error)") }
        case .failed(let failure):
            end(failure == .timedOut ? -ETIMEDOUT : -EPROTO, "\(name): PKEX failed: \(failure)")
        default:
            break
        }
    }

    // MARK: DPP

    private func authenticate(_ peer: BootstrappingURI) throws {
        let run = try DPPRun(host: host, device: device, address: air.ownAddress, channel: nil, role: role,
                             ownKey: ownKey)
        run.finish = { [weak self] error, network in self?.end(error, nil, network) }
        dpp = run
        if role.isEnrollee {
            try run.initiate(toward: peer, over: air)
        } else {
            try run.respond(over: air, peer: peer)
        }
    }

    private func end(_ error: Int32, _ message: String?, _ network: HostAPI.NetworkConfig? = nil) {
        guard !finished else { return }
        if let message { host.log(error == 0 ? SB_LOG_INFO : SB_LOG_WARNING, message) }
        finished = true
        limit.cancel()
        pkex?.cancel()
        air.close()
        finish(error, network)
    }
}

/// Failed PKEX attempts per code, shared by every session of the plugin.
final class CodeLedger {
    var attempts = PKEXCodeAttempts()
}
