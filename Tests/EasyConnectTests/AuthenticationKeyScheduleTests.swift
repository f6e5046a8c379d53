import XCTest
@testable import EasyConnect

/// DPP Authentication key derivation against every `dpp_auth` vector, from
/// the private keys, computed from both sides; then the reference frames of
/// `dpp_auth_frames` unwrapped with the derived keys.
final class AuthenticationKeyScheduleTests: XCTestCase {
    private struct Derived {
        let curve: Curve
        let initiatorNonce: [UInt8], responderNonce: [UInt8]
        let pI: ECKeyPair, pR: ECKeyPair, bR: ECKeyPair, bI: ECKeyPair?
        let k1: SecretBytes, k2: SecretBytes, ke: SecretBytes
        let rAuth: [UInt8], iAuth: [UInt8]
    }

    private func key(_ vector: Vectors.DPPAuth, _ name: String, _ curve: Curve) throws -> ECKeyPair? {
        guard let hex = vector.inputs[name + "_priv"] else { return nil }
        let pair = try ECKeyPair(curve: curve, privateKey: [UInt8](hex: hex))
        if let pub = vector.inputs[name + "_pub"] {
            XCTAssertEqual(try pair.publicKey.xy.hex, pub, "\(vector.id) \(name)_pub")
        }
        return pair
    }

    private func derive(_ vector: Vectors.DPPAuth) throws -> Derived {
        let curve = try XCTUnwrap(Curve(rawValue: vector.curve))
        let schedule = AuthenticationKeySchedule(curve: curve)
        let pI = try XCTUnwrap(key(vector, "i_proto", curve))
        let pR = try XCTUnwrap(key(vector, "r_proto", curve))
        let bR = try XCTUnwrap(key(vector, "r_boot", curve))
        let bI = try key(vector, "i_boot", curve)
        XCTAssertEqual(bI != nil, vector.mutual, vector.id)
        let iNonce = [UInt8](hex: try XCTUnwrap(vector.inputs["i_nonce"]))
        let rNonce = [UInt8](hex: try XCTUnwrap(vector.inputs["r_nonce"]))

        // M, N, L from the initiator's and from the responder's side.
        let mx = try pI.sharedSecret(with: bR.publicKey)
        XCTAssertTrue(mx.constantTimeEquals(try bR.sharedSecret(with: pI.publicKey)))
        let nx = try pI.sharedSecret(with: pR.publicKey)
        XCTAssertTrue(nx.constantTimeEquals(try pR.sharedSecret(with: pI.publicKey)))
        XCTAssertEqual(mx.hex, vector.value("m_x"), vector.id)
        XCTAssertEqual(nx.hex, vector.value("n_x"), vector.id)
        var lx: SecretBytes?
        if let bI {
            let initiatorSide = try schedule.initiatorL(initiatorBootstrapKey: bI, responderBootstrapKey: bR.publicKey,
                                                        responderProtocolKey: pR.publicKey)
            let responderSide = try schedule.responderL(responderBootstrapKey: bR, responderProtocolKey: pR,
                                                        initiatorBootstrapKey: bI.publicKey)
            XCTAssertEqual(initiatorSide.hex, vector.value("l_x"), vector.id)
            XCTAssertEqual(responderSide.hex, vector.value("l_x"), vector.id)
            lx = initiatorSide
        }

        let k1 = try schedule.firstIntermediateKey(mx: mx)
        let k2 = try schedule.secondIntermediateKey(nx: nx)
        let bk = try schedule.bindingKey(initiatorNonce: iNonce, responderNonce: rNonce, mx: mx, nx: nx, lx: lx)
        XCTAssertEqual(bk.count, curve.hash.digestLength)
        let ke = try schedule.encryptionKey(bindingKey: bk)
        XCTAssertEqual(k1.hex, vector.value("k1"), vector.id)
        XCTAssertEqual(k2.hex, vector.value("k2"), vector.id)
        XCTAssertEqual(ke.hex, vector.value("ke"), vector.id)

        let rAuth = try schedule.responderAuthTag(
            initiatorNonce: iNonce, responderNonce: rNonce, initiatorProtocolKey: pI.publicKey,
            responderProtocolKey: pR.publicKey, initiatorBootstrapKey: bI?.publicKey,
            responderBootstrapKey: bR.publicKey)
        let iAuth = try schedule.initiatorAuthTag(
            initiatorNonce: iNonce, responderNonce: rNonce, initiatorProtocolKey: pI.publicKey,
            responderProtocolKey: pR.publicKey, initiatorBootstrapKey: bI?.publicKey,
            responderBootstrapKey: bR.publicKey)
        XCTAssertEqual(rAuth.hex, vector.value("r_auth"), vector.id)
        XCTAssertEqual(iAuth.hex, vector.value("i_auth"), vector.id)

        // Bootstrapping keys as DER and their hashes.
        XCTAssertEqual(try bR.publicKey.subjectPublicKeyInfo().hex, vector.value("r_boot_der"), vector.id)
        if let bI {
            XCTAssertEqual(try bI.publicKey.subjectPublicKeyInfo().hex, vector.value("i_boot_der"), vector.id)
        }
        return Derived(curve: curve, initiatorNonce: iNonce, responderNonce: rNonce, pI: pI, pR: pR, bR: bR, bI: bI,
                       k1: k1, k2: k2, ke: ke, rAuth: rAuth, iAuth: iAuth)
    }

    func testEveryVector() throws {
        let vectors = try Vectors.load().dpp_auth
        XCTAssertEqual(vectors.count, 3)
        for vector in vectors {
            for key in ["k1", "k2", "ke", "m_x", "n_x", "r_auth", "i_auth", "r_boot_der"] {
                XCTAssertNotNil(vector.value(key), "\(vector.id) lacks \(key)")
            }
            _ = try derive(vector)
        }
    }

    /// Request {I-nonce, I-caps}k1, Response {R-nonce, I-nonce, R-caps,
    /// {R-auth}ke}k2, Confirm {I-auth}ke; outer AAD = [header, attributes
    /// before Wrapped Data], the inner R-auth wrap has no AAD.
    func testReferenceFramesUnwrap() throws {
        let vectors = try Vectors.load()
        for frames in vectors.dpp_auth_frames {
            let vector = try XCTUnwrap(vectors.dpp_auth.first { $0.id == frames.for })
            let keys = try derive(vector)

            let request = try WrappedFrame([UInt8](hex: frames.auth_request))
            let requestPlain = try AESSIV(key: keys.k1).open(request.wrapped,
                                                            associatedData: [request.header, request.attributes])
            XCTAssertTrue(requestPlain.unprotectedCopy().contains(keys.initiatorNonce), frames.id)

            let response = try WrappedFrame([UInt8](hex: frames.auth_response))
            let responsePlain = try AESSIV(key: keys.k2).open(response.wrapped,
                                                             associatedData: [response.header, response.attributes])
            let inner = try XCTUnwrap(WrappedFrame.attribute(0x1004, in: responsePlain.unprotectedCopy()))
            let rAuthAttribute = try AESSIV(key: keys.ke).open(inner, associatedData: []).unprotectedCopy()
            XCTAssertTrue(rAuthAttribute.contains(keys.rAuth), frames.id)
            XCTAssertTrue(responsePlain.unprotectedCopy().contains(keys.responderNonce), frames.id)

            let confirm = try WrappedFrame([UInt8](hex: frames.auth_confirm))
            let confirmPlain = try AESSIV(key: keys.ke).open(confirm.wrapped,
                                                            associatedData: [confirm.header, confirm.attributes])
            XCTAssertTrue(confirmPlain.unprotectedCopy().contains(keys.iAuth), frames.id)

            // Wrong key or dropped AAD component: clean failure.
            XCTAssertThrowsError(try AESSIV(key: keys.k2).open(request.wrapped,
                                                               associatedData: [request.header, request.attributes]))
            XCTAssertThrowsError(try AESSIV(key: keys.ke).open(confirm.wrapped, associatedData: [confirm.header]))
        }
    }

    func testWrongLengthsAreRefused() throws {
        let schedule = AuthenticationKeySchedule(curve: .p256)
        let shortX = SecretBytes([UInt8](repeating: 1, count: 31))
        XCTAssertThrowsError(try schedule.firstIntermediateKey(mx: shortX))
        let x = SecretBytes([UInt8](repeating: 1, count: 32))
        XCTAssertThrowsError(try schedule.bindingKey(initiatorNonce: [UInt8](repeating: 0, count: 24),
                                                     responderNonce: [UInt8](repeating: 0, count: 16),
                                                     mx: x, nx: x, lx: nil))
    }
}
