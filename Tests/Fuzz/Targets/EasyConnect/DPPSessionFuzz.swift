import EasyConnect

/// `dpp-session`: DPP Authentication and Configuration sessions fed one
/// fuzzed frame (twice, as a retransmission), under `SessionChecks`.  The
/// sessions: responders listening with the key of Appendix B.1 (so the
/// vector's Authentication Request, a seed, gets answered: enrollee,
/// configurator with incompatible roles, mutual), and sessions parked at
/// every step of real exchanges run in memory at start-up (initiator waiting
/// for the Response, responder waiting for the Confirm, configurator waiting
/// for the Configuration Request or Result, enrollee waiting for the
/// Configuration Response) on P-256 and P-521.  Each input is also sealed
/// into an authentic Authentication Request for the B.1 responders
/// (`SealedAuthenticationRequest`), which must never fail to unwrap.
enum DPPSessionFuzz {
    static let target = FuzzTarget(name: "dpp-session", summary: "DPP sessions at every step fed hostile frames",
                                   run: run)

    static func run(_ bytes: [UInt8]) {
        for fixture in fixtures { SessionChecks.check(fixture, with: bytes) }
        // The input as the plaintext of an authentic request: it unwraps, so
        // an unwrap failure would mean the two sides disagree on the
        // associated data.
        guard let sealed = SealedAuthenticationRequest.frame(wrapping: bytes) else { return }
        for fixture in fixtures.prefix(listeningCount) {
            let events = SessionChecks.check(fixture, with: sealed).events
            require(!events.contains(.failed(.refused(.unwrapFailure, .authenticationFailed))),
                    "\(fixture.name): an authentic request unwraps")
        }
    }

    /// The first fixtures: responders listening with the B.1 key.
    private static let listeningCount = 3

    /// The sessions the `gas` target drives.
    static let gasFixtures = fixtures.filter { $0.awaits == .gasInitialRequest || $0.awaits == .gasInitialResponse }

    static let fixtures: [SessionFixture] = {
        let request = try! ConfigurationRequest(name: "fuzz enrollee")
        let configuration = try! ConfigurationObject(ssid: "fuzz", credential: .passphrase("fuzz passphrase"))
        let key = FuzzVectors.responderBootstrapKey
        let initiatorURI = try! BootstrappingURI(publicKey: FuzzVectors.initiatorBootstrapKey.publicKey)
        var fixtures = [  // listeningCount of them
            listening("B.1 responder, enrollee", try! DPPSession.responder(ownKey: key, role: .enrollee(request))),
            listening("B.1 responder, configurator",
                      try! DPPSession.responder(ownKey: key, role: .configurator(configuration))),
            listening("B.1 responder, enrollee, mutual",
                      try! DPPSession.responder(ownKey: key, peer: initiatorURI, role: .enrollee(request))),
        ]
        for (curve, initiatorIsConfigurator, mutual) in [(Curve.p256, true, true), (.p256, false, false),
                                                         (.p521, true, false)] {
            let responderKey = try! ECKeyPair.generate(curve: curve)
            let initiatorKey = try! ECKeyPair.generate(curve: curve)
            let roles: (DPPRole, DPPRole) = initiatorIsConfigurator ? (.configurator(configuration), .enrollee(request))
                                                                    : (.enrollee(request), .configurator(configuration))
            let (initiator, output) = try! DPPSession.initiator(
                peer: BootstrappingURI(publicKey: responderKey.publicKey), ownKey: initiatorKey, role: roles.0)
            let responder = try! DPPSession.responder(
                ownKey: responderKey, peer: mutual ? BootstrappingURI(publicKey: initiatorKey.publicKey) : nil,
                role: roles.1)
            let name = "\(curve) \(initiatorIsConfigurator ? "configurator" : "enrollee") initiator"
                + (mutual ? ", mutual" : "")
            fixtures += SessionChecks.parkedSessions(name, initiator: initiator, firstOutput: output,
                                                     responder: responder)
        }
        return fixtures
    }()

    private static func listening(_ name: String, _ session: DPPSession) -> SessionFixture {
        SessionFixture(name: name, session: session, awaits: .dpp(.authenticationRequest))
    }
}
