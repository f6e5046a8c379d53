import EasyConnect
import EasyConnectTCP

/// Carries out an `ExchangePlan` over one TCP connection: connect or accept,
/// optionally PKEX, then DPP Authentication and Configuration.  Returns the
/// final, successful event; every failure is a `ToolError`.
struct ExchangeRunner {
    let plan: ExchangePlan
    /// Progress lines (`--verbose`).
    let report: (String) -> Void

    func run() throws -> DPPEvent {
        do {
            return try runOverTCP()
        } catch let error as TCPTransportError {
            throw ToolError(error)
        } catch let error as EasyConnectError {
            throw ToolError.exchangeFailed("\(error)")
        }
    }

    private var timeouts: DPPTimeouts { DPPTimeouts(peerResponse: min(plan.timeout, .seconds(10))) }

    private func runOverTCP() throws -> DPPEvent {
        let deadline = Deadline.now + plan.timeout
        let connection = DPPTCPConnection(socket: try open(deadline: deadline))
        defer { connection.close() }

        switch plan.start {
        case .initiator(let peer):
            return try authenticate(initiatingTo: peer, on: connection, until: deadline)
        case .responder(let knownPeer):
            var session = try DPPSession.responder(ownKey: plan.ownKey, peer: knownPeer, role: plan.role,
                                                   timeouts: timeouts)
            guard case .configurator = plan.role, let knownPeer else {
                return try drive(&session, first: DPPOutput(), on: connection, until: deadline)
            }
            // A configurator that knows the enrollee also answers its chirp
            // on this connection, as the initiator.
            guard let frame = try connection.receive(until: deadline) else { throw TCPTransportError.timedOut }
            guard Self.isPresenceAnnouncement(frame) else {
                return try drive(&session, first: session.receive(frame), on: connection, until: deadline)
            }
            guard try PresenceAnnouncement.announcedPeer(in: frame, among: [knownPeer]) != nil else {
                throw ToolError.exchangeFailed("a presence announcement of a key other than the peer URI's")
            }
            report("presence announcement of the peer's key")
            return try authenticate(initiatingTo: knownPeer, on: connection, until: deadline)
        case .chirp(let knownPeer):
            var session = try DPPSession.responder(ownKey: plan.ownKey, peer: knownPeer, role: plan.role,
                                                   timeouts: timeouts)
            let announcement = try PresenceAnnouncement.frame(announcing: BootstrappingURI(publicKey: plan.ownKey.publicKey))
            report("sending a presence announcement")
            try connection.send(announcement, until: deadline)
            return try drive(&session, first: DPPOutput(), on: connection, until: deadline)
        case .pkex(let code, let identifier, let version):
            let parameters = try PKEXParameters(code: code, identifier: identifier, bootstrapKey: plan.ownKey,
                                                version: version)
            return try exchangeKeysThenAuthenticate(parameters, on: connection, until: deadline)
        }
    }

    private func open(deadline: Deadline) throws -> TCPSocket {
        switch plan.transport {
        case .connect(let endpoint):
            report("connecting to \(endpoint)")
            return try TCPSocket.connect(to: endpoint, until: deadline)
        case .listen(let endpoint):
            let listener = try TCPListener(on: endpoint)
            report("listening on \(endpoint)")
            return try listener.accept(until: deadline)  // one exchange per run: the listener closes here
        }
    }

    private func authenticate(initiatingTo peer: BootstrappingURI, on connection: DPPTCPConnection,
                              until deadline: Deadline) throws -> DPPEvent {
        var (session, first) = try DPPSession.initiator(peer: peer, ownKey: plan.ownKey, role: plan.role,
                                                        timeouts: timeouts)
        return try drive(&session, first: first, on: connection, until: deadline)
    }

    /// PKEX, then mutual DPP on the same connection: the side that connected
    /// initiates both (a process makes one attempt, so the per-code failure
    /// limit of `PKEXCodeAttempts` is for long-lived configurators).
    private func exchangeKeysThenAuthenticate(_ parameters: PKEXParameters, on connection: DPPTCPConnection,
                                              until deadline: Deadline) throws -> DPPEvent {
        guard case .connect = plan.transport else {
            var pkex = try PKEXSession.responder(parameters, attempts: PKEXCodeAttempts(), timeouts: timeouts)
            let peer = try exchangedKey(try drive(&pkex, first: DPPOutput(), on: connection, until: deadline))
            var session = try DPPSession.responder(ownKey: plan.ownKey, peer: peer, role: plan.role, timeouts: timeouts)
            return try drive(&session, first: DPPOutput(), on: connection, until: deadline)
        }
        var (pkex, first) = try PKEXSession.initiator(parameters, attempts: PKEXCodeAttempts(), timeouts: timeouts)
        let peer = try exchangedKey(try drive(&pkex, first: first, on: connection, until: deadline))
        return try authenticate(initiatingTo: peer, on: connection, until: deadline)
    }

    private func exchangedKey(_ event: DPPEvent) throws -> BootstrappingURI {
        guard case .bootstrappingKeyExchanged(let peer) = event else {
            throw ToolError.exchangeFailed("PKEX ended without a key")
        }
        return peer
    }

    /// Runs one session to its final event, reporting each step and
    /// enforcing `--mutual` before our Confirm or Response goes out.
    private func drive<Session: FrameExchange>(_ session: inout Session, first: DPPOutput,
                                               on connection: DPPTCPConnection,
                                               until deadline: Deadline) throws -> DPPEvent {
        let final = try connection.run(&session, first: first, until: deadline) { event in
            report(Self.describe(event))
            if case .authenticated(mutual: false, _) = event, plan.requireMutual {
                throw ToolError.exchangeFailed("the peer did not authenticate mutually (--mutual)")
            }
        }
        if case .failed(let failure) = final { throw ToolError(failure) }
        return final
    }

    static func isPresenceAnnouncement(_ frame: [UInt8]) -> Bool {
        guard case .dpp(let parsed)? = try? FrameParser.parse(frame) else { return false }
        return parsed.type == .presenceAnnouncement
    }

    static func describe(_ event: DPPEvent) -> String {
        switch event {
        case .authenticated(let mutual, let version):
            return "authenticated (\(mutual ? "mutual" : "responder only"), peer version \(version))"
        case .configurationSent(let request): return "configuration sent to '\(request.name)'"
        case .configurationReceived(let object): return "configuration received for '\(object.ssid)'"
        case .bootstrappingKeyExchanged: return "PKEX: bootstrapping keys exchanged"
        case .failed(let failure): return "failed: \(ToolError(failure))"
        }
    }
}
