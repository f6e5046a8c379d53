import XCTest
@testable import EasyConnect

/// Hostile and mistaken peers: every case ends the session cleanly with a
/// failure (or ignores a frame that is not for the current step) and never
/// reports success.
final class DPPSessionHostileTests: XCTestCase {
    private func refused(_ status: DPPStatus, _ error: EasyConnectError) -> DPPEvent {
        .failed(.refused(status, error))
    }

    // MARK: - Wrong keys and roles

    func testWrongPeerKeyIsRefusedAndInitiatorTimesOut() throws {
        let scenario = try Scenario(curve: .p256)
        let stranger = try BootstrappingURI(publicKey: ECKeyPair.generate(curve: .p256).publicKey)
        var (initiator, output) = try DPPSession.initiator(peer: stranger, role: scenario.role(configurator: true))
        var responder = try DPPSession.responder(ownKey: scenario.responderKey, role: scenario.role(configurator: false))
        let answer = responder.receive(output.frames[0])
        XCTAssertEqual(answer.events, [refused(.authenticationFailure, .protocolViolation(.bootstrappingKeyMismatch))])
        XCTAssertTrue(answer.frames.isEmpty)
        XCTAssertEqual(initiator.timeoutExpired().events, [.failed(.timedOut)])
    }

    func testMutualRequiredButNotOfferedOrWrongKey() throws {
        let scenario = try Scenario(curve: .p256)
        // The initiator names no key of its own.
        var run = try scenario.run(initiatorIsConfigurator: true, mutual: true, initiatorNamesKey: false)
        XCTAssertEqual(run.responderEvents, [refused(.authenticationFailure,
                                                     .protocolViolation(.mutualAuthenticationRequired))])
        XCTAssertTrue(run.initiatorEvents.isEmpty)
        // The responder expects another initiator key.
        let other = try BootstrappingURI(publicKey: ECKeyPair.generate(curve: .p256).publicKey)
        let (initiator, output) = try DPPSession.initiator(peer: scenario.responderURI, ownKey: scenario.initiatorKey,
                                                           role: scenario.role(configurator: true))
        let responder = try DPPSession.responder(ownKey: scenario.responderKey, peer: other,
                                                 role: scenario.role(configurator: false))
        run = EngineRun(initiator: initiator, firstOutput: output, responder: responder)
        XCTAssertEqual(run.responderEvents, [refused(.authenticationFailure,
                                                     .protocolViolation(.bootstrappingKeyMismatch))])
    }

    func testIncompatibleRolesAreRefusedToThePeer() throws {
        let scenario = try Scenario(curve: .p256)
        for configurator in [true, false] {
            let (initiator, output) = try DPPSession.initiator(peer: scenario.responderURI,
                                                               role: scenario.role(configurator: configurator))
            let responder = try DPPSession.responder(ownKey: scenario.responderKey,
                                                     role: scenario.role(configurator: configurator))
            let run = EngineRun(initiator: initiator, firstOutput: output, responder: responder)
            XCTAssertEqual(run.responderEvents, [refused(.notCompatible, .protocolViolation(.incompatibleRoles))])
            XCTAssertEqual(run.initiatorEvents, [.failed(.peerReported(.notCompatible))])
        }
    }

    // MARK: - Tampered, truncated, misplaced frames

    /// Flipping any octet of any frame of a complete exchange: never a
    /// success; every octet of a Wrapped Data value ends the session.
    func testEveryFlippedOctetFailsCleanly() throws {
        for (curve, mutual) in [(Curve.p256, false), (.p256, true), (.p384, true), (.p521, false)] {
            let run = try Scenario(curve: curve).run(initiatorIsConfigurator: curve != .p384, mutual: mutual)
            XCTAssertEqual(run.deliveries.count, 6)
            for (step, delivery) in run.deliveries.enumerated() {
                let wrappedStart = delivery.frame.count - (try wrappedLength(delivery.frame))
                for index in delivery.frame.indices {
                    var tampered = delivery.frame
                    tampered[index] ^= 0x01
                    var receiver = delivery.receiver
                    let output = receiver.receive(tampered)
                    let label = "\(curve) mutual=\(mutual) step \(step) octet \(index)"
                    XCTAssertFalse(output.events.contains { $0.isSuccess }, label)
                    if index >= wrappedStart {
                        XCTAssertEqual(output.events.count, 1, label)
                        XCTAssertTrue(output.events.first?.isFailure ?? false, label)
                        XCTAssertTrue(receiver.isFinished, label)
                    }
                }
            }
        }
    }

    /// Every truncation of every frame that keeps its header ends the
    /// session with a failure; one that cuts into the header cannot be told
    /// from any other short frame and is ignored.
    func testEveryTruncationFails() throws {
        let run = try Scenario(curve: .p256).run(initiatorIsConfigurator: false, mutual: true)
        for (step, delivery) in run.deliveries.enumerated() {
            // 04 09 OUI(4) suite type; 04 0a token element(10); 04 0b token status delay element(10).
            let headerLength = [0x09: 8, 0x0a: 13, 0x0b: 17][delivery.frame[1]]!
            for length in 0..<delivery.frame.count {
                var receiver = delivery.receiver
                let output = receiver.receive(Array(delivery.frame.prefix(length)))
                let label = "step \(step) cut at \(length)"
                if length < headerLength {
                    XCTAssertTrue(output.events.isEmpty && output.frames.isEmpty && !receiver.isFinished, label)
                } else {
                    XCTAssertEqual(output.events.count, 1, label)
                    XCTAssertTrue(output.events.first?.isFailure ?? false, label)
                }
            }
        }
    }

    /// Frames a step does not wait for are ignored before they are parsed,
    /// so neither another protocol's action frame, nor a DPP frame type the
    /// engine does not speak, nor a malformed frame of another step can end
    /// a session (found by the `dpp-session` and `gas` fuzz targets: each of
    /// these ended even a listening responder).
    func testForeignAndMalformedMisplacedFramesAreIgnored() throws {
        let run = try Scenario(curve: .p256).run(initiatorIsConfigurator: true, mutual: false)
        let foreign: [[UInt8]] = [
            [0x7f, 0x50, 0x6f, 0x9a, 0x1a, 0x01, 0x00],                        // vendor-specific category
            [0x04, 0x09, 0x50, 0x6f, 0x9a, 0x09, 0x00, 0xdd, 0x00],            // Wi-Fi P2P public action
            [0x04, 0x09, 0x50, 0x6f, 0x9a, 0x1a, 0x01, 0x0e, 0x1a, 0x10, 0x02, 0x00, 0x13, 0x00],  // Reconfig Announcement
            [0x04, 0x0b, 0x11, 0x00, 0x00, 0x00, 0x00, 0x6c, 0x02, 0x7f, 0x00, 0x00, 0x00],  // ANQP response
            [0x04, 0x0d, 0x11, 0x00, 0x00, 0x80, 0x00, 0x00],                  // GAS Comeback Response
            [0x04, 0x0c, 0x11],                                                // GAS Comeback Request
            [0x04],
        ]
        for (step, delivery) in run.deliveries.enumerated() {
            // Every other step's frame, cut short so that it does not parse.
            let misplaced = run.deliveries.filter { kind($0.frame) != kind(delivery.frame) }
                .map { Array($0.frame.dropLast()) }
            XCTAssertFalse(misplaced.isEmpty)
            for frame in foreign + misplaced {
                var receiver = delivery.receiver
                let output = receiver.receive(frame)
                XCTAssertTrue(output.events.isEmpty && output.frames.isEmpty, "step \(step): \(frame.hex)")
                XCTAssertEqual(output.timeout, .unchanged, "step \(step)")
                XCTAssertFalse(receiver.isFinished, "step \(step): \(frame.hex)")
                // The session goes on: the real frame still gets its answer.
                let answer = receiver.receive(delivery.frame)
                XCTAssertFalse(answer.events.contains { $0.isFailure }, "step \(step) after \(frame.hex)")
            }
        }
    }

    /// A frame for another step is ignored: no events, the session goes on.
    func testMisplacedFramesAreIgnored() throws {
        let run = try Scenario(curve: .p256).run(initiatorIsConfigurator: true, mutual: false)
        let request = run.deliveries[0], confirm = run.deliveries[2]
        var idle = request.receiver
        XCTAssertTrue(idle.receive(confirm.frame).events.isEmpty)
        XCTAssertFalse(idle.isFinished)
        // A retransmitted Request while the Confirm is awaited.
        var answering = confirm.receiver
        let output = answering.receive(request.frame)
        XCTAssertTrue(output.events.isEmpty && output.frames.isEmpty)
        // Ignoring a frame does not re-arm the timer: junk cannot keep a session alive.
        XCTAssertEqual(output.timeout, .unchanged)
        XCTAssertFalse(answering.isFinished)
        XCTAssertEqual(answering.receive(confirm.frame).events.first, .authenticated(mutual: false, peerVersion: 2))
    }

    // MARK: - Associated data and points

    /// The same attributes in another order are other associated data.
    func testReorderedClearAttributesFailToUnwrap() throws {
        let run = try Scenario(curve: .p256).run(initiatorIsConfigurator: true, mutual: false)
        let request = run.deliveries[0]
        var attributes = try dppFrame(request.frame).attributes.attributes
        attributes.swapAt(0, 1)
        var receiver = request.receiver
        let output = receiver.receive(try rebuild(request.frame, attributes))
        XCTAssertEqual(output.events, [refused(.unwrapFailure, .authenticationFailed)])
    }

    /// A Configuration Result carries a zero-length second component; a clear
    /// attribute before its Wrapped Data changes that component.
    func testConfigurationResultWithClearAttributeFails() throws {
        let run = try Scenario(curve: .p256).run(initiatorIsConfigurator: true, mutual: false)
        let result = try XCTUnwrap(run.deliveries.last)
        let attributes = try dppFrame(result.frame).attributes.attributes
        var receiver = result.receiver
        let output = receiver.receive(try rebuild(result.frame, [Attribute(.status, octet: 0)] + attributes))
        XCTAssertEqual(output.events, [refused(.unwrapFailure, .authenticationFailed)])
    }

    /// Protocol keys off the curve, all zeros (how some encode infinity) or
    /// with coordinates above the prime, in the Request and the Response.
    func testBadProtocolKeysEndTheSession() throws {
        for curve in Curve.allCases {
            let run = try Scenario(curve: curve).run(initiatorIsConfigurator: true, mutual: true)
            for (step, id) in [(0, AttributeID.initiatorProtocolKey), (1, .responderProtocolKey)] {
                let delivery = run.deliveries[step]
                let attributes = try dppFrame(delivery.frame).attributes.attributes
                let index = try XCTUnwrap(attributes.firstIndex { $0.id == id })
                var offCurve = attributes[index].value
                offCurve[offCurve.count - 1] ^= 0x01
                let zeros = [UInt8](repeating: 0, count: offCurve.count)
                let tooLarge = [UInt8](repeating: 0xff, count: offCurve.count)
                for (value, expected) in [(offCurve, EasyConnectError.pointNotOnCurve), (zeros, .pointNotOnCurve),
                                          (tooLarge, .invalidPointEncoding("coordinate not below the field prime"))] {
                    var replaced = attributes
                    replaced[index] = Attribute(id, value)
                    var receiver = delivery.receiver
                    let output = receiver.receive(try rebuild(delivery.frame, replaced))
                    XCTAssertEqual(output.events, [refused(.authenticationFailure, expected)], "\(curve) step \(step)")
                }
                var short = attributes
                short[index] = Attribute(id, Array(attributes[index].value.dropLast()))
                var receiver = delivery.receiver
                XCTAssertEqual(receiver.receive(try rebuild(delivery.frame, short)).events,
                               [refused(.authenticationFailure, .malformedFrame(.invalidAttributeLength(
                                   id, 2 * curve.primeLength - 1)))])
            }
        }
    }

    // MARK: - Helpers

    /// The public action code, and the frame type of a DPP frame.
    private func kind(_ frame: [UInt8]) -> [UInt8] {
        frame[1] == 0x09 ? [frame[1], frame[7]] : [frame[1]]
    }

    private func dppFrame(_ frame: [UInt8]) throws -> DPPFrame {
        guard case .dpp(let dpp) = try FrameParser.parse(frame) else { throw EasyConnectError.malformedFrame(.notDPP) }
        return dpp
    }

    private func rebuild(_ frame: [UInt8], _ attributes: [Attribute]) throws -> [UInt8] {
        FrameSerializer.dpp(try dppFrame(frame).type, attributes: try AttributeSerializer.serialize(attributes))
    }

    /// The length of the Wrapped Data value, which ends every frame of the
    /// exchange (DPP frames and GAS queries alike).
    private func wrappedLength(_ frame: [UInt8]) throws -> Int {
        switch try FrameParser.parse(frame) {
        case .dpp(let dpp): return try dpp.attributes.required(.wrappedData).count
        case .gasInitialRequest(let gas): return try AttributeParser.parse(gas.query).required(.wrappedData).count
        case .gasInitialResponse(let gas): return try AttributeParser.parse(gas.query).required(.wrappedData).count
        }
    }
}
