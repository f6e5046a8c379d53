import XCTest
@testable import EasyConnect

/// PKEX v1 and v2 engine to engine, wrong codes and the brute-force limit,
/// hostile masked keys, and the frame builders against the vectors.
final class PKEXSessionTests: XCTestCase {
    private let initiatorMAC = try! MACAddress([0x02, 0, 0, 0, 0, 1])
    private let responderMAC = try! MACAddress([0x02, 0, 0, 0, 0, 2])

    private struct Run {
        var initiatorEvents: [DPPEvent] = []
        var responderEvents: [DPPEvent] = []
        var responderOutputs: [DPPOutput] = []
        var initiator: PKEXSession
        var responder: PKEXSession
    }

    /// Delivers frames back and forth until both sides fall silent.
    private func exchange(_ initiator: PKEXSession, _ first: DPPOutput, _ responder: PKEXSession) -> Run {
        var run = Run(initiator: initiator, responder: responder)
        var queue = first.frames.map { ($0, true) }
        while !queue.isEmpty {
            let (frame, toResponder) = queue.removeFirst()
            let output = toResponder ? run.responder.receive(frame) : run.initiator.receive(frame)
            if toResponder {
                run.responderEvents += output.events
                run.responderOutputs.append(output)
            } else {
                run.initiatorEvents += output.events
            }
            queue += output.frames.map { ($0, !toResponder) }
        }
        return run
    }

    private func version(_ v2: Bool) -> PKEXParameters.Version {
        v2 ? .v2 : .v1(initiatorMAC: initiatorMAC, responderMAC: responderMAC)
    }

    func testEveryVersionCurveAndIdentifierThenMutualDPP() throws {
        for curve in Curve.allCases {
            for v2 in [false, true] {
                for identifier in [nil, "joes_key"] as [String?] {
                    let label = "\(curve) v2=\(v2) identifier=\(identifier ?? "none")"
                    let a = try ECKeyPair.generate(curve: curve), b = try ECKeyPair.generate(curve: curve)
                    let (initiator, first) = try PKEXSession.initiator(
                        PKEXParameters(code: "secret code", identifier: identifier, bootstrapKey: a,
                                       version: version(v2)), attempts: PKEXCodeAttempts())
                    let responder = try PKEXSession.responder(
                        PKEXParameters(code: "secret code", identifier: identifier, bootstrapKey: b,
                                       version: version(v2)), attempts: PKEXCodeAttempts())
                    let run = exchange(initiator, first, responder)
                    guard case .bootstrappingKeyExchanged(let learntB)? = run.initiatorEvents.first,
                          case .bootstrappingKeyExchanged(let learntA)? = run.responderEvents.first else {
                        return XCTFail("\(label): \(run.initiatorEvents) \(run.responderEvents)")
                    }
                    XCTAssertEqual(learntB.publicKey, b.publicKey, label)
                    XCTAssertEqual(learntA.publicKey, a.publicKey, label)
                    XCTAssertTrue(run.initiator.isFinished && run.responder.isFinished, label)

                    // Then mutual DPP Authentication, the PKEX initiator initiating.
                    let configuration = try ConfigurationObject(ssid: "pkex", credential: .passphrase("12345678"))
                    let (dppInitiator, output) = try DPPSession.initiator(peer: learntB, ownKey: a,
                                                                          role: .configurator(configuration))
                    let dppResponder = try DPPSession.responder(ownKey: b, peer: learntA,
                                                                role: .enrollee(ConfigurationRequest(name: "e")))
                    let dpp = EngineRun(initiator: dppInitiator, firstOutput: output, responder: dppResponder)
                    XCTAssertEqual(dpp.responderEvents, [.authenticated(mutual: true, peerVersion: 2),
                                                         .configurationReceived(configuration)], label)
                }
            }
        }
    }

    func testV1InitiatorLearnsTheResponderAddressFromItsAnswer() throws {
        let a = try ECKeyPair.generate(curve: .p256), b = try ECKeyPair.generate(curve: .p256)
        let unknown = PKEXParameters.Version.v1(initiatorMAC: initiatorMAC, responderMAC: ManagementHeader.broadcast)
        let responder = try PKEXSession.responder(
            PKEXParameters(code: "secret code", bootstrapKey: b, version: version(false)), attempts: PKEXCodeAttempts())

        // Without the responder's address the commit-reveal cannot match.
        let (blind, blindFirst) = try PKEXSession.initiator(
            PKEXParameters(code: "secret code", bootstrapKey: a, version: unknown), attempts: PKEXCodeAttempts())
        let failed = exchange(blind, blindFirst, responder)
        guard case .failed? = failed.responderEvents.first else { return XCTFail("\(failed.responderEvents)") }

        var (initiator, first) = try PKEXSession.initiator(
            PKEXParameters(code: "secret code", bootstrapKey: a, version: unknown), attempts: PKEXCodeAttempts())
        var peer = responder
        let response = peer.receive(try XCTUnwrap(first.frames.first))
        initiator.answered(by: responderMAC)
        let commit = initiator.receive(try XCTUnwrap(response.frames.first))
        let reveal = peer.receive(try XCTUnwrap(commit.frames.first))
        let done = initiator.receive(try XCTUnwrap(reveal.frames.first))
        guard case .bootstrappingKeyExchanged(let learntB)? = done.events.first,
              case .bootstrappingKeyExchanged(let learntA)? = reveal.events.first else {
            return XCTFail("\(done.events) \(reveal.events)")
        }
        XCTAssertEqual(learntB.publicKey, b.publicKey)
        XCTAssertEqual(learntA.publicKey, a.publicKey)
    }

    func testWrongCodeIsCountedUntilTheCodeIsSpent() throws {
        var attempts = PKEXCodeAttempts()
        let b = try ECKeyPair.generate(curve: .p256)
        let responderParameters = try PKEXParameters(code: "right", bootstrapKey: b)
        for attempt in 1...PKEXCodeAttempts.limit {
            var (initiator, first) = try PKEXSession.initiator(
                PKEXParameters(code: "guess \(attempt)", bootstrapKey: ECKeyPair.generate(curve: .p256)),
                attempts: PKEXCodeAttempts())
            let responder = try PKEXSession.responder(responderParameters, attempts: attempts)
            let run = exchange(initiator, first, responder)
            XCTAssertEqual(run.responderEvents, [.failed(.refused(.authenticationFailure,
                                                                  .protocolViolation(.pkexCodeMismatch)))])
            XCTAssertTrue(run.initiatorEvents.isEmpty)
            for output in run.responderOutputs { attempts.record(output, code: "right") }
            XCTAssertEqual(attempts.failureCount(code: "right"), attempt)
            initiator = run.initiator
            XCTAssertEqual(initiator.timeoutExpired().events, [.failed(.timedOut)])
        }
        XCTAssertFalse(attempts.mayUse(code: "right"))
        XCTAssertTrue(attempts.mayUse(code: "other"))
        XCTAssertThrowsError(try PKEXSession.responder(responderParameters, attempts: attempts)) {
            XCTAssertEqual($0 as? EasyConnectError, .protocolViolation(.pkexCodeExhausted))
        }
        XCTAssertThrowsError(try PKEXSession.initiator(responderParameters, attempts: attempts))
    }

    /// An enrollee searching channels repeats one Exchange Request without
    /// a timer of its own; once answered, each step is timed again.
    func testAnUntimedExchangeRequestWaitsForItsAnswer() throws {
        let parameters = try PKEXParameters(code: "c", bootstrapKey: ECKeyPair.generate(curve: .p256),
                                            version: version(false))
        var (initiator, first) = try PKEXSession.initiator(parameters, attempts: PKEXCodeAttempts(),
                                                           timeouts: DPPTimeouts(timesOpening: false))
        XCTAssertEqual(first.timeout, .cancel)
        XCTAssertTrue(initiator.timeoutExpired().events.isEmpty)
        XCTAssertFalse(initiator.isFinished)
        var responder = try PKEXSession.responder(
            PKEXParameters(code: "c", bootstrapKey: ECKeyPair.generate(curve: .p256), version: version(false)),
            attempts: PKEXCodeAttempts())
        let reveal = initiator.receive(responder.receive(first.frames[0]).frames[0])
        XCTAssertEqual(reveal.frames.count, 1, "the Commit-Reveal Request")
        XCTAssertEqual(reveal.timeout, .arm(.seconds(10)))
        XCTAssertEqual(initiator.timeoutExpired().events, [.failed(.timedOut)])
    }

    func testOtherIdentifierIsIgnored() throws {
        let (_, first) = try PKEXSession.initiator(
            PKEXParameters(code: "c", identifier: "one", bootstrapKey: ECKeyPair.generate(curve: .p256)),
            attempts: PKEXCodeAttempts())
        var responder = try PKEXSession.responder(
            PKEXParameters(code: "c", identifier: "two", bootstrapKey: ECKeyPair.generate(curve: .p256)),
            attempts: PKEXCodeAttempts())
        let output = responder.receive(first.frames[0])
        XCTAssertTrue(output.events.isEmpty && output.frames.isEmpty)
        XCTAssertFalse(responder.isFinished)
    }

    /// A listening PKEX responder ignores frames that are not its Exchange
    /// Request, even malformed ones: the other version's request, a DPP
    /// frame type the engine does not speak, another protocol's action frame
    /// (found by the `pkex-session` fuzz target: each ended the session).
    func testForeignAndMalformedMisplacedFramesAreIgnored() throws {
        let parameters = try PKEXParameters(code: "c", bootstrapKey: ECKeyPair.generate(curve: .p256), version: .v2)
        let (_, first) = try PKEXSession.initiator(parameters, attempts: PKEXCodeAttempts())
        let request = first.frames[0]
        let v1Request = FrameSerializer.dpp(.pkexV1ExchangeRequest, attributes: Array(request.dropFirst(8)))
        for frame in [Array(v1Request.dropLast()), [0x04, 0x09, 0x50, 0x6f, 0x9a, 0x1a, 0x01, 0x0e],
                      [0x04, 0x09, 0x50, 0x6f, 0x9a, 0x09, 0x07], [0x7f, 0x00], []] {
            var responder = try PKEXSession.responder(parameters, attempts: PKEXCodeAttempts())
            let output = responder.receive(frame)
            XCTAssertTrue(output.events.isEmpty && output.frames.isEmpty, frame.hex)
            XCTAssertFalse(responder.isFinished, frame.hex)
            XCTAssertEqual(responder.receive(request).frames.count, 1, "still answers after \(frame.hex)")
        }
    }

    /// M = Qi unmasks to the point at infinity; an off-curve M does not
    /// decode: both end the exchange without a word to the peer.
    func testHostileMaskedKeysEndSilently() throws {
        let parameters = try PKEXParameters(code: "c", bootstrapKey: ECKeyPair.generate(curve: .p256))
        let qi = try parameters.schedule().mask(role: .initiator, identifier: nil, code: "c")
        var offCurve = try qi.xy
        offCurve[offCurve.count - 1] ^= 1
        let atInfinity = try PKEXFrames.exchangeRequest(version2: true, curve: .p256, identifier: nil, maskedKey: qi)
        let notOnCurve = FrameSerializer.dpp(.pkexExchangeRequest, attributes: try AttributeSerializer.serialize([
            Attribute(.protocolVersion, octet: 2), PKEXFrames.groupAttribute(.p256), Attribute(.encryptedKey, offCurve),
        ]))
        for (frame, error) in [(atInfinity, EasyConnectError.pointAtInfinity), (notOnCurve, .pointNotOnCurve)] {
            var responder = try PKEXSession.responder(parameters, attempts: PKEXCodeAttempts())
            let output = responder.receive(frame)
            XCTAssertEqual(output.events, [.failed(.refused(.authenticationFailure, error))])
            XCTAssertTrue(output.frames.isEmpty)
        }
    }

    func testBadGroupIsRefusedToThePeer() throws {
        let (initiator, first) = try PKEXSession.initiator(
            PKEXParameters(code: "c", bootstrapKey: ECKeyPair.generate(curve: .p384)), attempts: PKEXCodeAttempts())
        let responder = try PKEXSession.responder(
            PKEXParameters(code: "c", bootstrapKey: ECKeyPair.generate(curve: .p256)), attempts: PKEXCodeAttempts())
        let run = exchange(initiator, first, responder)
        XCTAssertEqual(run.initiatorEvents, [.failed(.peerReported(.badGroup))])
        XCTAssertEqual(run.responderEvents.count, 1)
    }

    /// Exchange and Commit-Reveal frames rebuilt from the vectors' inputs.
    func testBuildersReproduceReferenceFrames() throws {
        for vector in try Vectors.load().pkex {
            let curve = try XCTUnwrap(Curve(rawValue: vector.curve))
            func pair(_ name: String) throws -> ECKeyPair {
                try ECKeyPair(curve: curve, privateKey: [UInt8](hex: try XCTUnwrap(vector.inputs[name + "_priv"])))
            }
            let (a, b, x, y) = (try pair("a"), try pair("b"), try pair("x"), try pair("y"))
            let v2 = vector.version == 2
            let schedule = try PKEXKeySchedule(curve: curve, version: v2
                ? .v2(initiatorVersion: 2, responderVersion: 2)
                : .v1(initiatorMAC: [UInt8](hex: try XCTUnwrap(vector.mac_i)),
                      responderMAC: [UInt8](hex: try XCTUnwrap(vector.mac_r))))
            let m = try schedule.maskedKey(x.publicKey, role: .initiator, identifier: vector.identifier,
                                           code: vector.code)
            let n = try schedule.maskedKey(y.publicKey, role: .responder, identifier: vector.identifier,
                                           code: vector.code)
            let request = try PKEXFrames.exchangeRequest(version2: v2, curve: curve, identifier: vector.identifier,
                                                         maskedKey: m)
            let response = try PKEXFrames.exchangeResponse(status: .ok, version2: v2, curve: curve,
                                                           identifier: vector.identifier, maskedKey: n)
            let frames = vector.derived.frames
            XCTAssertEqual(Array(request.dropFirst(2)).hex,
                           v2 ? frames.exchange_request_type18 : frames.exchange_request_type7, vector.id)
            XCTAssertEqual(Array(response.dropFirst(2)).hex, frames.exchange_response, vector.id)

            let z = try schedule.z(mx: try m.x, nx: try n.x, code: vector.code, kx: try x.sharedSecret(with: y.publicKey))
            let u = try schedule.initiatorTag(jx: try a.sharedSecret(with: y.publicKey), initiatorBootstrapKey: a.publicKey,
                                              initiatorEphemeralKey: x.publicKey, responderEphemeralKey: y.publicKey)
            let v = try schedule.responderTag(lx: try b.sharedSecret(with: x.publicKey), responderBootstrapKey: b.publicKey,
                                              initiatorEphemeralKey: x.publicKey, responderEphemeralKey: y.publicKey)
            let commit = try PKEXFrames.commitReveal(role: .initiator, bootstrapKey: a.publicKey, tag: u, z: z)
            let reveal = try PKEXFrames.commitReveal(role: .responder, bootstrapKey: b.publicKey, tag: v, z: z)
            XCTAssertEqual(Array(commit.dropFirst(2)).hex, vector.derived.frames.commit_reveal_request, vector.id)
            XCTAssertEqual(Array(reveal.dropFirst(2)).hex, vector.derived.frames.commit_reveal_response, vector.id)
        }
    }
}
