import XCTest
@testable import EasyConnect

/// Engine-to-engine runs in memory for every combination of initiator or
/// responder, configurator or enrollee, mutual or not, on every curve.
final class DPPSessionTests: XCTestCase {
    func testEveryCombinationCompletes() throws {
        for curve in Curve.allCases {
            let scenario = try Scenario(curve: curve)
            for initiatorIsConfigurator in [true, false] {
                for mutual in [false, true] {
                    for namesKey in mutual ? [true] : [true, false] {
                        let label = "\(curve) initiator-configurator=\(initiatorIsConfigurator) mutual=\(mutual) "
                            + "names-key=\(namesKey)"
                        let run = try scenario.run(initiatorIsConfigurator: initiatorIsConfigurator, mutual: mutual,
                                                   initiatorNamesKey: namesKey)
                        let authenticated = DPPEvent.authenticated(mutual: mutual, peerVersion: 2)
                        let sent = DPPEvent.configurationSent(to: scenario.request)
                        let received = DPPEvent.configurationReceived(scenario.configuration)
                        XCTAssertEqual(run.initiatorEvents, [authenticated, initiatorIsConfigurator ? sent : received],
                                       label)
                        XCTAssertEqual(run.responderEvents, [authenticated, initiatorIsConfigurator ? received : sent],
                                       label)
                        XCTAssertTrue(run.initiator.isFinished && run.responder.isFinished, label)
                        // Request, Response, Confirm, GAS request, GAS response, Result.
                        let types = try run.deliveries.map { try kind($0.frame) }
                        XCTAssertEqual(types, ["dpp0", "dpp1", "dpp2", "gas-request", "gas-response", "dpp11"], label)
                    }
                }
            }
        }
    }

    private func kind(_ frame: [UInt8]) throws -> String {
        switch try FrameParser.parse(frame) {
        case .dpp(let dpp): return "dpp\(dpp.type.rawValue)"
        case .gasInitialRequest: return "gas-request"
        case .gasInitialResponse: return "gas-response"
        }
    }

    /// The configuration the enrollee reports is the configurator's, PSK too.
    func testPSKConfigurationArrives() throws {
        let key = try ECKeyPair.generate(curve: .p256)
        let psk = try ConfigurationObject(ssid: "psk-net", credential: .psk([UInt8](repeating: 0x5a, count: 32)))
        let (initiator, output) = try DPPSession.initiator(peer: BootstrappingURI(publicKey: key.publicKey),
                                                           role: .configurator(psk))
        let responder = try DPPSession.responder(ownKey: key, role: .enrollee(ConfigurationRequest(name: "e")))
        let run = EngineRun(initiator: initiator, firstOutput: output, responder: responder)
        XCTAssertEqual(run.responderEvents.last, .configurationReceived(psk))
    }

    func testTimeouts() throws {
        let scenario = try Scenario(curve: .p256)
        var (initiator, output) = try DPPSession.initiator(peer: scenario.responderURI,
                                                           role: scenario.role(configurator: true))
        XCTAssertEqual(output.timeout, .arm(.seconds(10)))
        XCTAssertEqual(initiator.timeoutExpired().events, [.failed(.timedOut)])
        XCTAssertTrue(initiator.isFinished)
        XCTAssertTrue(initiator.receive(output.frames[0]).events.isEmpty)

        // A listening responder has no timer of its own; once answering, it has.
        var responder = try DPPSession.responder(ownKey: scenario.responderKey, role: scenario.role(configurator: false))
        XCTAssertTrue(responder.timeoutExpired().events.isEmpty)
        XCTAssertFalse(responder.isFinished)
        let answer = responder.receive(output.frames[0])
        XCTAssertEqual(answer.timeout, .arm(.seconds(10)))
        XCTAssertEqual(responder.timeoutExpired().events, [.failed(.timedOut)])

        // An untimed opening: the initiator waits for the response until told
        // to stop; the steps after it are timed.
        var patient: DPPSession
        (patient, output) = try DPPSession.initiator(peer: scenario.responderURI,
                                                     role: scenario.role(configurator: true),
                                                     timeouts: DPPTimeouts(timesOpening: false))
        XCTAssertEqual(output.timeout, .cancel)
        XCTAssertTrue(patient.timeoutExpired().events.isEmpty)
        XCTAssertFalse(patient.isFinished)
        responder = try DPPSession.responder(ownKey: scenario.responderKey, role: scenario.role(configurator: false))
        let confirm = patient.receive(responder.receive(output.frames[0]).frames[0])
        XCTAssertEqual(confirm.timeout, .arm(.seconds(10)))
        XCTAssertEqual(patient.timeoutExpired().events, [.failed(.timedOut)])
    }

    func testCurveMismatchIsRefusedAtStart() throws {
        let p384 = try ECKeyPair.generate(curve: .p384)
        let p256 = try ECKeyPair.generate(curve: .p256)
        XCTAssertThrowsError(try DPPSession.initiator(peer: BootstrappingURI(publicKey: p384.publicKey), ownKey: p256,
                                                      role: .enrollee(ConfigurationRequest(name: "e"))))
        XCTAssertThrowsError(try DPPSession.responder(ownKey: p384, peer: BootstrappingURI(publicKey: p256.publicKey),
                                                      role: .enrollee(ConfigurationRequest(name: "e"))))
    }

    func testPresenceAnnouncement() throws {
        let scenario = try Scenario(curve: .p384)
        let chirp = try PresenceAnnouncement.frame(announcing: scenario.responderURI)
        XCTAssertEqual(Array(chirp.prefix(8)), [0x04, 0x09, 0x50, 0x6f, 0x9a, 0x1a, 0x01, 13])
        guard case .dpp(let frame) = try FrameParser.parse(chirp) else { return XCTFail("not DPP") }
        XCTAssertEqual(try PresenceAnnouncement.chirpHash(of: frame), try scenario.responderURI.chirpHash)
        let found = try PresenceAnnouncement.announcedPeer(in: chirp, among: [scenario.initiatorURI,
                                                                              scenario.responderURI])
        XCTAssertEqual(found, try scenario.responderURI)
        XCTAssertNil(try PresenceAnnouncement.announcedPeer(in: chirp, among: [scenario.initiatorURI]))
        XCTAssertThrowsError(try PresenceAnnouncement.announcedPeer(in: Array(chirp.dropLast()),
                                                                    among: [scenario.responderURI]))
    }

    /// The frame builders reproduce the vectors' reference frames from the
    /// same inputs (hostap's attribute order).
    func testBuildersReproduceReferenceFrames() throws {
        let vectors = try Vectors.load()
        for frames in vectors.dpp_auth_frames {
            let keys = try DerivedAuthKeys(try XCTUnwrap(vectors.dpp_auth.first { $0.id == frames.for }))
            let rHash = try BootstrappingKeyHash.keyHash(der: keys.bR.publicKey.subjectPublicKeyInfo())
            let requestIHash = try FrameParser.parseDPP(fromHeader: [UInt8](hex: frames.auth_request)).attributes
                .required(.initiatorBootstrappingKeyHash)
            let mutualHash = try keys.bI.map { try BootstrappingKeyHash.keyHash(der: $0.publicKey.subjectPublicKeyInfo()) }
            let request = try AuthenticationFrames.request(
                hashes: .init(responder: rHash, initiator: requestIHash), initiatorProtocolKey: keys.pI.publicKey,
                initiatorNonce: keys.initiatorNonce, initiatorCapabilities: .configurator, k1: keys.k1)
            let response = try AuthenticationFrames.response(
                hashes: .init(responder: rHash, initiator: mutualHash), responderProtocolKey: keys.pR.publicKey,
                responderNonce: keys.responderNonce, initiatorNonce: keys.initiatorNonce,
                responderCapabilities: .enrollee, responderAuthTag: keys.rAuth, k2: keys.k2, ke: keys.ke)
            let confirm = try AuthenticationFrames.confirm(hashes: .init(responder: rHash, initiator: mutualHash),
                                                           initiatorAuthTag: keys.iAuth, ke: keys.ke)
            XCTAssertEqual(Array(request.dropFirst(2)).hex, frames.auth_request, frames.id)
            XCTAssertEqual(Array(response.dropFirst(2)).hex, frames.auth_response, frames.id)
            XCTAssertEqual(Array(confirm.dropFirst(2)).hex, frames.auth_confirm, frames.id)
        }
    }

    /// A version 1 initiator (no Protocol Version attribute): the responding
    /// configurator does not wait for a Configuration Result.  The request
    /// is built from the B.2 vector's keys, whose bR our responder holds.
    func testVersionOnePeerIsNotAskedForAResult() throws {
        let keys = try DerivedAuthKeys(try XCTUnwrap(Vectors.load().dpp_auth.first {
            $0.id == "B2_p256_responder_only"
        }))
        let configuration = try ConfigurationObject(ssid: "v1", credential: .passphrase("12345678"))
        let request = try ConfigurationRequest(name: "old")
        let responder = try DPPSession.responder(ownKey: keys.bR, role: .configurator(configuration))
        let rHash = try BootstrappingKeyHash.keyHash(der: keys.bR.publicKey.subjectPublicKeyInfo())
        let versionOneRequest = try WrappedData.frame(.authenticationRequest, clear: [
            Attribute(.responderBootstrappingKeyHash, rHash),
            Attribute(.initiatorProtocolKey, try keys.pI.publicKey.xy),
        ], wrapping: [
            Attribute(.initiatorNonce, keys.initiatorNonce),
            Attribute(.initiatorCapabilities, octet: Capabilities.enrollee.rawValue),
        ], key: keys.k1)
        let context = try AuthenticationContext(role: .enrollee(request), responder: BootstrapIdentity(keys.bR.publicKey),
                                                initiator: nil, ownKey: nil, timeouts: DPPTimeouts())
        let initiator = DPPSession(state: .initiatorAwaitingResponse(InitiatorAwaitingResponseState(
            context: context, protocolKey: keys.pI, initiatorNonce: keys.initiatorNonce, mx: keys.mx, k1: keys.k1)),
            timeouts: DPPTimeouts())
        let run = EngineRun(initiator: initiator, firstOutput: DPPOutput(frames: [versionOneRequest]),
                            responder: responder)
        XCTAssertEqual(run.responderEvents, [.authenticated(mutual: false, peerVersion: 1),
                                             .configurationSent(to: request)])
        XCTAssertEqual(run.initiatorEvents, [.authenticated(mutual: false, peerVersion: 2),
                                             .configurationReceived(configuration)])
    }
}
