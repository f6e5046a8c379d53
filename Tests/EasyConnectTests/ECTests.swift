import XCTest
@testable import EasyConnect

/// EC points, scalars, keys and DER SubjectPublicKeyInfo: encodings, the PKEX
/// role elements, arithmetic, and hostile inputs that must throw cleanly.
final class ECTests: XCTestCase {
    func testRoleElementsMatchVectorsAndValidate() throws {
        let elements = try Vectors.load().pkex_role_elements
        for curve in Curve.allCases {
            let vector = try XCTUnwrap(elements[curve.rawValue], "\(curve)")
            for (role, hex) in [(PKEXRole.initiator, vector.Pi), (.responder, vector.Pr)] {
                let fromVector = try ECPoint(curve: curve, xy: [UInt8](hex: hex))
                let builtIn = try role.element(on: curve)
                XCTAssertEqual(try builtIn.xy.hex, hex, "\(curve) \(role)")
                XCTAssertEqual(builtIn, fromVector)
            }
        }
    }

    func testEncodingsRoundTripOnEveryCurve() throws {
        for curve in Curve.allCases {
            let key = try ECKeyPair.generate(curve: curve)
            let point = key.publicKey
            let compressed = try point.encoded(compressed: true)
            XCTAssertEqual(compressed.count, 1 + curve.primeLength)
            XCTAssertEqual(try ECPoint(curve: curve, sec1: compressed), point)
            XCTAssertEqual(try ECPoint(curve: curve, sec1: point.encoded(compressed: false)), point)
            XCTAssertEqual(try ECPoint(curve: curve, xy: point.xy), point)
            XCTAssertEqual(try point.x, Array(try point.xy.prefix(curve.primeLength)))
            let der = try point.subjectPublicKeyInfo()
            XCTAssertEqual(try SubjectPublicKeyInfo.decode(der), point)
            // The same key from its private scalar.
            let again = try ECKeyPair(curve: curve, privateKey: key.privateKey.bytes())
            XCTAssertEqual(again.publicKey, point)
            // ECDH agrees both ways and is prime-length.
            let peer = try ECKeyPair.generate(curve: curve)
            let shared = try key.sharedSecret(with: peer.publicKey)
            XCTAssertEqual(shared.count, curve.primeLength)
            XCTAssertTrue(shared.constantTimeEquals(try peer.sharedSecret(with: point)))
        }
    }

    func testArithmetic() throws {
        let curve = Curve.p384
        let a = try ECKeyPair.generate(curve: curve)
        let b = try ECKeyPair.generate(curve: curve)
        // (a + b)·G == A + B
        let sum = try a.privateKey.adding(b.privateKey)
        XCTAssertEqual(try ECPoint.generatorMultiplied(by: sum), try a.publicKey.adding(b.publicKey))
        // A + (−A) is infinity: refused.
        XCTAssertThrowsError(try a.publicKey.adding(a.publicKey.negated())) {
            XCTAssertEqual($0 as? EasyConnectError, .pointAtInfinity)
        }
        // Mixing curves is refused.
        let other = try ECKeyPair.generate(curve: .p256)
        XCTAssertThrowsError(try a.publicKey.adding(other.publicKey)) {
            XCTAssertEqual($0 as? EasyConnectError, .curveMismatch)
        }
        XCTAssertThrowsError(try other.sharedSecret(with: a.publicKey)) {
            XCTAssertEqual($0 as? EasyConnectError, .curveMismatch)
        }
    }

    func testHostilePoints() throws {
        let curve = Curve.p256
        let good = try PKEXRole.initiator.element(on: curve).xy
        var offCurve = good
        offCurve[offCurve.count - 1] ^= 0x01
        let cases: [([UInt8], EasyConnectError)] = [
            ([0x04] + offCurve, .pointNotOnCurve),
            ([0x00], .pointAtInfinity),
            ([0x04] + [UInt8](repeating: 0, count: 64), .pointNotOnCurve),
            ([0x04] + [UInt8](repeating: 0xff, count: 64),
             .invalidPointEncoding("coordinate not below the field prime")),
            ([0x04] + good.dropLast(), .invalidPointEncoding("uncompressed P-256 point of 64 octets")),
            ([0x06] + good, .invalidPointEncoding("prefix octet 6")),
            ([], .invalidPointEncoding("empty")),
            ([0x02] + good.prefix(31), .invalidPointEncoding("compressed P-256 point of 32 octets")),
        ]
        for (octets, expected) in cases {
            XCTAssertThrowsError(try ECPoint(curve: curve, sec1: octets)) {
                XCTAssertEqual($0 as? EasyConnectError, expected)
            }
        }
        // A compressed X with no point on the curve (the first small one).
        let noSuchX = try firstXWithoutPoint(curve)
        XCTAssertThrowsError(try ECPoint(curve: curve, sec1: [0x02] + noSuchX)) {
            XCTAssertEqual($0 as? EasyConnectError, .invalidPointEncoding("no point with this X coordinate"))
        }
        XCTAssertThrowsError(try ECPoint(curve: curve, xy: good.dropLast()))
    }

    private func firstXWithoutPoint(_ curve: Curve) throws -> [UInt8] {
        for value in UInt8(1)...UInt8(64) {
            let x = [UInt8](repeating: 0, count: curve.primeLength - 1) + [value]
            if (try? ECPoint(curve: curve, sec1: [0x02] + x)) == nil { return x }
        }
        throw XCTSkip("no small x without a point")
    }

    func testHostileScalars() throws {
        let curve = Curve.p256
        let zero = [UInt8](repeating: 0, count: 32)
        XCTAssertThrowsError(try ECScalar(curve: curve, bytes: zero))
        XCTAssertThrowsError(try ECScalar(curve: curve, bytes: [UInt8](repeating: 0xff, count: 32)))  // > n
        XCTAssertThrowsError(try ECScalar(curve: curve, bytes: [UInt8](repeating: 1, count: 31)))
        XCTAssertThrowsError(try ECScalar(curve: curve, reducing: zero))
    }

    func testHostileDER() throws {
        let point = try ECKeyPair.generate(curve: .p256).publicKey
        let der = try point.subjectPublicKeyInfo()
        XCTAssertEqual(der.count, 59)
        XCTAssertEqual(Array(der.prefix(2)), [0x30, 0x39])
        func rejects(_ bytes: [UInt8], _ line: UInt = #line) {
            XCTAssertThrowsError(try SubjectPublicKeyInfo.decode(bytes), line: line) { error in
                switch error as? EasyConnectError {
                case .invalidPublicKeyInfo?, .unsupportedCurve?, .invalidPointEncoding?, .pointNotOnCurve?,
                     .pointAtInfinity?: break
                default: XCTFail("unexpected \(error)", line: line)
                }
            }
        }
        // Every truncation, and trailing garbage.
        for length in 0..<der.count { rejects(Array(der.prefix(length))) }
        rejects(der + [0])
        // Non-minimal length, wrong outer tag.
        rejects([0x30, 0x81, 0x39] + der.dropFirst(2))
        rejects([0x31] + der.dropFirst())
        // Unknown curve OID (P-256's last arc changed), other algorithm.
        var unknownCurve = der
        unknownCurve[22] = 0x08
        XCTAssertThrowsError(try SubjectPublicKeyInfo.decode(unknownCurve)) {
            XCTAssertEqual($0 as? EasyConnectError, .unsupportedCurve("OID 1.2.840.10045.3.1.8"))
        }
        var otherAlgorithm = der
        otherAlgorithm[10] = 0x02
        rejects(otherAlgorithm)
        // Unused bits in the BIT STRING; a point off the curve.
        var unusedBits = der
        unusedBits[25] = 0x01
        rejects(unusedBits)
        var hybrid = der
        hybrid[26] = 0x06
        rejects(hybrid)
        // An uncompressed point in the DER is accepted (see SubjectPublicKeyInfo).
        let uncompressed = [0x30, 0x59, 0x30, 0x13] + der[4..<23] + [0x03, 0x42, 0x00]
            + (try point.encoded(compressed: false))
        XCTAssertEqual(try SubjectPublicKeyInfo.decode(uncompressed), point)
    }
}
