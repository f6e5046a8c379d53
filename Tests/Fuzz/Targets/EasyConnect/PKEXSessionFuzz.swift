import EasyConnect

/// `pkex-session`: PKEX sessions fed one fuzzed frame (twice), under
/// `SessionChecks`.  The sessions: real v1 and v2 exchanges with the code,
/// identifier, MAC addresses and bootstrapping keys of Appendix D, run in
/// memory at start-up and parked at every step (so the vector's Exchange
/// Requests, seeds, reach a listening responder), plus responders without an
/// identifier and on P-384 (a bad-group refusal for every P-256 request).
/// Hostile masked keys (off the curve, unmasking to the point at infinity)
/// must end a session silently, never in success.  Each input is also sealed
/// as the plaintext of an authentic Commit-Reveal (`SealedCommitReveal`).
enum PKEXSessionFuzz {
    static let target = FuzzTarget(name: "pkex-session", summary: "PKEX v1/v2 sessions at every step fed hostile frames",
                                   run: run)

    static func run(_ bytes: [UInt8]) {
        for fixture in fixtures { SessionChecks.check(fixture, with: bytes) }
        // The input as the plaintext of an authentic Commit-Reveal: whoever
        // sealed it knew z, hence the code, so a plaintext that is not even
        // an attribute list must be refused as malformed, not counted.
        let wellFormed = (try? AttributeParser.parse(bytes)) != nil
        for parked in SealedCommitReveal.parked {
            guard let sealed = SealedCommitReveal.frame(wrapping: bytes, for: parked) else { continue }
            let events = SessionChecks.check(parked.fixture, with: sealed).events
            require(wellFormed || !events.contains(.failed(.refused(.authenticationFailure,
                                                                    .protocolViolation(.pkexCodeMismatch)))),
                    "\(parked.fixture.name): an authentic malformed Commit-Reveal is not counted against the code")
        }
    }

    static let fixtures: [SessionFixture] = {
        let code = FuzzVectors.pkexCode
        let identifier = FuzzVectors.pkexIdentifier
        var fixtures: [SessionFixture] = []
        let versions: [PKEXParameters.Version] = [
            .v1(initiatorMAC: FuzzVectors.pkexInitiatorMAC, responderMAC: FuzzVectors.pkexResponderMAC), .v2,
        ]
        for version in versions {
            let initiatorParameters = try! PKEXParameters(code: code, identifier: identifier,
                                                          bootstrapKey: FuzzVectors.pkexInitiatorBootstrapKey,
                                                          version: version)
            let (initiator, output) = try! PKEXSession.initiator(initiatorParameters, attempts: PKEXCodeAttempts())
            let responder = try! PKEXSession.responder(responderParameters(identifier: identifier, version: version),
                                                       attempts: PKEXCodeAttempts())
            let name = version == .v2 ? "D v2" : "D v1"
            fixtures += SessionChecks.parkedSessions(name, initiator: initiator, firstOutput: output,
                                                     responder: responder, pkexCode: code)
        }
        fixtures.append(listening("v2 responder, no identifier", responderParameters(identifier: nil, version: .v2)))
        let p384 = try! PKEXParameters(code: code, identifier: identifier,
                                       bootstrapKey: ECKeyPair.generate(curve: .p384), version: .v2)
        fixtures.append(listening("v2 responder on P-384", p384))
        return fixtures
    }()

    private static func responderParameters(identifier: String?, version: PKEXParameters.Version) -> PKEXParameters {
        try! PKEXParameters(code: FuzzVectors.pkexCode, identifier: identifier,
                            bootstrapKey: FuzzVectors.pkexResponderBootstrapKey, version: version)
    }

    private static func listening(_ name: String, _ parameters: PKEXParameters) -> SessionFixture {
        let awaited: FrameType = parameters.version == .v2 ? .pkexExchangeRequest : .pkexV1ExchangeRequest
        return SessionFixture(name: name, session: try! PKEXSession.responder(parameters, attempts: PKEXCodeAttempts()),
                              awaits: .dpp(awaited), pkexCode: parameters.code)
    }
}
