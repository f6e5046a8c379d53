import XCTest
@testable import EasyConnect

/// Every key and tag of a `dpp_auth` vector, derived from its private keys
/// from both sides and checked against the vector's values on the way.
struct DerivedAuthKeys {
    let curve: Curve
    let initiatorNonce: [UInt8], responderNonce: [UInt8]
    let pI: ECKeyPair, pR: ECKeyPair, bR: ECKeyPair, bI: ECKeyPair?
    let k1: SecretBytes, k2: SecretBytes, ke: SecretBytes
    let mx: SecretBytes, nx: SecretBytes, lx: SecretBytes?
    let rAuth: [UInt8], iAuth: [UInt8]

    init(_ vector: Vectors.DPPAuth) throws {
        let curve = try XCTUnwrap(Curve(rawValue: vector.curve))
        let schedule = AuthenticationKeySchedule(curve: curve)
        let pI = try XCTUnwrap(Self.key(vector, "i_proto", curve))
        let pR = try XCTUnwrap(Self.key(vector, "r_proto", curve))
        let bR = try XCTUnwrap(Self.key(vector, "r_boot", curve))
        let bI = try Self.key(vector, "i_boot", curve)
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
        self.curve = curve
        (initiatorNonce, responderNonce) = (iNonce, rNonce)
        (self.pI, self.pR, self.bR, self.bI) = (pI, pR, bR, bI)
        (self.k1, self.k2, self.ke, self.rAuth, self.iAuth) = (k1, k2, ke, rAuth, iAuth)
        self.mx = mx
        self.nx = nx
        self.lx = lx
    }

    private static func key(_ vector: Vectors.DPPAuth, _ name: String, _ curve: Curve) throws -> ECKeyPair? {
        guard let hex = vector.inputs[name + "_priv"] else { return nil }
        let pair = try ECKeyPair(curve: curve, privateKey: [UInt8](hex: hex))
        if let pub = vector.inputs[name + "_pub"] {
            XCTAssertEqual(try pair.publicKey.xy.hex, pub, "\(vector.id) \(name)_pub")
        }
        return pair
    }
}
