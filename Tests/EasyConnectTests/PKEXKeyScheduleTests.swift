import XCTest
@testable import EasyConnect

/// PKEX derivations against the `pkex` vectors (v1: Appendix D; v2: derived),
/// from the private keys a, b, x, y; then the reference Commit-Reveal frames
/// unwrapped with z (AAD [header, 0x00] / [header, 0x01]).
final class PKEXKeyScheduleTests: XCTestCase {
    private struct Keys {
        let a: ECKeyPair, b: ECKeyPair, x: ECKeyPair, y: ECKeyPair
    }

    private func schedule(_ vector: Vectors.PKEX, _ curve: Curve) throws -> PKEXKeySchedule {
        switch vector.version {
        case 1:
            return try PKEXKeySchedule(curve: curve, version: .v1(
                initiatorMAC: [UInt8](hex: try XCTUnwrap(vector.mac_i)),
                responderMAC: [UInt8](hex: try XCTUnwrap(vector.mac_r))))
        default:
            return try PKEXKeySchedule(curve: curve, version: .v2(initiatorVersion: 2, responderVersion: 2))
        }
    }

    func testEveryVector() throws {
        let vectors = try Vectors.load().pkex
        XCTAssertEqual(vectors.map(\.version), [1, 2])
        for vector in vectors {
            let curve = try XCTUnwrap(Curve(rawValue: vector.curve))
            let schedule = try schedule(vector, curve)
            func pair(_ name: String) throws -> ECKeyPair {
                try ECKeyPair(curve: curve, privateKey: [UInt8](hex: try XCTUnwrap(vector.inputs[name + "_priv"])))
            }
            let keys = Keys(a: try pair("a"), b: try pair("b"), x: try pair("x"), y: try pair("y"))
            for (name, point) in [("A", keys.a), ("B", keys.b), ("X", keys.x), ("Y", keys.y)] {
                if let xy = [("A", vector.derived.A), ("B", vector.derived.B), ("X", vector.derived.X),
                             ("Y", vector.derived.Y)].first(where: { $0.0 == name })?.1 {
                    XCTAssertEqual(try point.publicKey.xy.hex, xy, "\(vector.id) \(name)")
                }
                if let x = vector.expected?[name.lowercased() + "_x"] {
                    XCTAssertEqual(try point.publicKey.x.hex, x, "\(vector.id) \(name).x")
                }
            }
            try check(vector, schedule, keys)
        }
    }

    private func check(_ vector: Vectors.PKEX, _ schedule: PKEXKeySchedule, _ keys: Keys) throws {
        let id = vector.id
        let qi = try schedule.mask(role: .initiator, identifier: vector.identifier, code: vector.code)
        let qr = try schedule.mask(role: .responder, identifier: vector.identifier, code: vector.code)
        XCTAssertEqual(try qi.x.hex, vector.value("qi_x"), id)
        XCTAssertEqual(try qr.x.hex, vector.value("qr_x"), id)

        let m = try schedule.maskedKey(keys.x.publicKey, role: .initiator, identifier: vector.identifier,
                                       code: vector.code)
        let n = try schedule.maskedKey(keys.y.publicKey, role: .responder, identifier: vector.identifier,
                                       code: vector.code)
        XCTAssertEqual(try m.x.hex, vector.value("m_x"), id)
        XCTAssertEqual(try n.x.hex, vector.value("n_x"), id)
        // Each side recovers the other's ephemeral key.
        XCTAssertEqual(try schedule.unmaskedKey(m, role: .initiator, identifier: vector.identifier,
                                                code: vector.code), keys.x.publicKey)
        XCTAssertEqual(try schedule.unmaskedKey(n, role: .responder, identifier: vector.identifier,
                                                code: vector.code), keys.y.publicKey)

        let kx = try keys.x.sharedSecret(with: keys.y.publicKey)
        XCTAssertTrue(kx.constantTimeEquals(try keys.y.sharedSecret(with: keys.x.publicKey)))
        if let expected = vector.value("k_x") { XCTAssertEqual(kx.hex, expected, id) }
        let z = try schedule.z(mx: try m.x, nx: try n.x, code: vector.code, kx: kx)
        XCTAssertEqual(z.hex, vector.value("z"), id)

        let jx = try keys.a.sharedSecret(with: keys.y.publicKey)
        XCTAssertTrue(jx.constantTimeEquals(try keys.y.sharedSecret(with: keys.a.publicKey)))
        let lx = try keys.b.sharedSecret(with: keys.x.publicKey)
        XCTAssertTrue(lx.constantTimeEquals(try keys.x.sharedSecret(with: keys.b.publicKey)))
        XCTAssertEqual(jx.hex, vector.value("j_x"), id)
        XCTAssertEqual(lx.hex, vector.value("l_x"), id)

        let u = try schedule.initiatorTag(jx: jx, initiatorBootstrapKey: keys.a.publicKey,
                                          initiatorEphemeralKey: keys.x.publicKey,
                                          responderEphemeralKey: keys.y.publicKey)
        let v = try schedule.responderTag(lx: lx, responderBootstrapKey: keys.b.publicKey,
                                          initiatorEphemeralKey: keys.x.publicKey,
                                          responderEphemeralKey: keys.y.publicKey)
        if let expected = vector.expected?["u"] { XCTAssertEqual(u.hex, expected, id) }
        if let expected = vector.expected?["v"] { XCTAssertEqual(v.hex, expected, id) }

        // Commit-Reveal frames: {A, u}z with AAD [header, 0], {B, v}z with [header, 1].
        let siv = try AESSIV(key: z)
        let request = try FrameParser.parseDPP(fromHeader: [UInt8](hex: vector.derived.frames.commit_reveal_request))
        let requestWrapped = try request.attributes.required(.wrappedData)
        let requestPlain = try AttributeParser.parse(
            try siv.open(requestWrapped, associatedData: [request.header, [0]]).unprotectedCopy())
        // The key travels as X ‖ Y, not as DER.
        XCTAssertEqual(requestPlain.value(.bootstrappingKey), try keys.a.publicKey.xy, id)
        XCTAssertEqual(requestPlain.value(.initiatorAuthenticatingTag), u.unprotectedCopy(), id)
        let response = try FrameParser.parseDPP(fromHeader: [UInt8](hex: vector.derived.frames.commit_reveal_response))
        let responsePlain = try AttributeParser.parse(try siv.open(
            response.attributes.required(.wrappedData), associatedData: [response.header, [1]]).unprotectedCopy())
        XCTAssertEqual(responsePlain.value(.bootstrappingKey), try keys.b.publicKey.xy, id)
        XCTAssertEqual(responsePlain.value(.responderAuthenticatingTag), v.unprotectedCopy(), id)
        // The direction octet matters.
        XCTAssertThrowsError(try siv.open(requestWrapped, associatedData: [request.header, [1]]))
    }

    /// A masked key equal to the mask unmasks to infinity: refused.
    func testUnmaskingToInfinityIsRefused() throws {
        let schedule = try PKEXKeySchedule(curve: .p256, version: .v2(initiatorVersion: 2, responderVersion: 2))
        let qi = try schedule.mask(role: .initiator, identifier: nil, code: "secret")
        XCTAssertThrowsError(try schedule.unmaskedKey(qi, role: .initiator, identifier: nil, code: "secret")) {
            XCTAssertEqual($0 as? EasyConnectError, .pointAtInfinity)
        }
        XCTAssertThrowsError(try PKEXKeySchedule(curve: .p256, version: .v1(initiatorMAC: [1, 2, 3],
                                                                            responderMAC: [1, 2, 3, 4, 5, 6])))
    }
}
