import XCTest
@testable import EasyConnect

/// R-auth and I-auth checks, which flipped octets never reach (the outer
/// wrapping fails first): states built from the B.1 vector's keys receive
/// correctly wrapped frames carrying a wrong tag.
final class AuthenticatingTagTests: XCTestCase {
    private func mutualVector() throws -> DerivedAuthKeys {
        try DerivedAuthKeys(try XCTUnwrap(Vectors.load().dpp_auth.first { $0.id == "B1_p256_mutual" }))
    }

    private func context(_ keys: DerivedAuthKeys, role: DPPRole, ownKey: ECKeyPair) throws -> AuthenticationContext {
        try AuthenticationContext(role: role, responder: BootstrapIdentity(keys.bR.publicKey),
                                  initiator: BootstrapIdentity(try XCTUnwrap(keys.bI).publicKey), ownKey: ownKey,
                                  timeouts: DPPTimeouts())
    }

    private func ended(_ body: () throws -> Transition<DPPSession.State>?) -> SessionEnded? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? SessionEnded
        }
    }

    func testWrongResponderTagIsAnsweredWithAFailedConfirm() throws {
        let keys = try mutualVector()
        let role = DPPRole.configurator(try ConfigurationObject(ssid: "n", credential: .passphrase("12345678")))
        let state = InitiatorAwaitingResponseState(context: try context(keys, role: role, ownKey: try XCTUnwrap(keys.bI)),
                                                   protocolKey: keys.pI, initiatorNonce: keys.initiatorNonce,
                                                   mx: keys.mx, k1: keys.k1)
        let hashes = state.context.hashes(mutual: true)
        func response(tag: [UInt8]) throws -> ActionFrame {
            try FrameParser.parse(AuthenticationFrames.response(
                hashes: hashes, responderProtocolKey: keys.pR.publicKey, responderNonce: keys.responderNonce,
                initiatorNonce: keys.initiatorNonce, responderCapabilities: .enrollee, responderAuthTag: tag,
                k2: keys.k2, ke: keys.ke))
        }
        // The right tag authenticates (and the Confirm is the reference one).
        let accepted = try XCTUnwrap(try state.receive(response(tag: keys.rAuth)))
        XCTAssertEqual(accepted.events, [.authenticated(mutual: true, peerVersion: 2)])
        let reference = try Vectors.load().dpp_auth_frames.first { $0.for == "B1_p256_mutual" }?.auth_confirm
        XCTAssertEqual(Array(accepted.frames[0].dropFirst(2)).hex, reference)

        var wrongTag = keys.rAuth
        wrongTag[0] ^= 0x80
        let failure = try XCTUnwrap(ended { try state.receive(try response(tag: wrongTag)) })
        XCTAssertEqual(failure.failure, .refused(.authenticationFailure,
                                                 .protocolViolation(.authenticatingTagMismatch)))
        guard case .dpp(let confirm) = try FrameParser.parse(try XCTUnwrap(failure.farewell)) else {
            return XCTFail("no Confirm")
        }
        XCTAssertEqual(confirm.type, .authenticationConfirm)
        XCTAssertEqual(try confirm.attributes.requiredStatus(), .authenticationFailure)
        XCTAssertEqual(try WrappedData.open(confirm, key: keys.k2).value(.responderNonce), keys.responderNonce)
    }

    func testWrongInitiatorTagEndsTheResponder() throws {
        let keys = try mutualVector()
        let role = DPPRole.enrollee(try ConfigurationRequest(name: "e"))
        let state = ResponderAwaitingConfirmState(context: try context(keys, role: role, ownKey: keys.bR), mutual: true,
                                                  peerVersion: 2, ke: keys.ke,
                                                  expectedInitiatorAuthTag: SecretBytes(keys.iAuth))
        let hashes = state.context.hashes(mutual: true)
        var wrongTag = keys.iAuth
        wrongTag[wrongTag.count - 1] ^= 0x01
        let forged = try FrameParser.parse(AuthenticationFrames.confirm(hashes: hashes, initiatorAuthTag: wrongTag,
                                                                        ke: keys.ke))
        XCTAssertThrowsError(try state.receive(forged)) {
            XCTAssertEqual($0 as? EasyConnectError, .protocolViolation(.authenticatingTagMismatch))
        }
        // A failed Confirm from the initiator: the peer's status, nothing sent.
        let failed = try FrameParser.parse(AuthenticationFrames.failedConfirm(
            .authenticationFailure, hashes: hashes, responderNonce: keys.responderNonce, k2: keys.k2))
        let failure = try XCTUnwrap(ended { try state.receive(failed) })
        XCTAssertEqual(failure.failure, .peerReported(.authenticationFailure))
        XCTAssertNil(failure.farewell)
        // The right tag moves on to configuration (this enrollee asks).
        let transition = try XCTUnwrap(try state.receive(try FrameParser.parse(
            AuthenticationFrames.confirm(hashes: hashes, initiatorAuthTag: keys.iAuth, ke: keys.ke))))
        XCTAssertEqual(transition.events, [.authenticated(mutual: true, peerVersion: 2)])
        XCTAssertEqual(transition.frames.count, 1)
    }
}
