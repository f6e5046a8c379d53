import XCTest
import Foundation
@testable import EasyConnect

/// `DPP:` URIs: accepted forms, every rejection rule, generation and round
/// trips, and the key hashes against the vectors.
final class BootstrappingURITests: XCTestCase {
    /// B.1/B.2's responder bootstrapping key (P-256).
    private static let key = "MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgACCcWFqRtN+f0loEUgGIXDnMXPrjl92u2pV97Ff6DjUD8="

    private func rejects(_ text: String, _ problem: EasyConnectError.URIProblem, line: UInt = #line) {
        XCTAssertThrowsError(try BootstrappingURI(parsing: text), line: line) {
            XCTAssertEqual($0 as? EasyConnectError, .invalidURI(problem), text, line: line)
        }
    }

    func testVectorURIsAndHashes() throws {
        for vector in try Vectors.load().dpp_auth {
            guard let text = vector.derived["r_boot_uri"] else { continue }
            let uri = try BootstrappingURI(parsing: text)
            XCTAssertEqual(try uri.publicKey.xy.hex, vector.inputs["r_boot_pub"], vector.id)
            XCTAssertEqual(uri.publicKeyInfo.hex, vector.value("r_boot_der"), vector.id)
            XCTAssertEqual(uri.keyHash.hex, vector.derived["r_boot_hash"], vector.id)
            XCTAssertEqual(uri.chirpHash.hex, vector.derived["r_boot_chirp_hash"], vector.id)
            XCTAssertEqual(uri.uri, text, vector.id)
            // Generation from the key alone gives the same text.
            XCTAssertEqual(try BootstrappingURI(publicKey: uri.publicKey).uri, text, vector.id)
            if let der = vector.value("i_boot_der"), let hash = vector.derived["i_boot_hash"] {
                XCTAssertEqual(try BootstrappingKeyHash.keyHash(der: [UInt8](hex: der)).hex, hash, vector.id)
            }
        }
    }

    func testAcceptsEveryToken() throws {
        let text = "DPP:C:81/1,115/36;M:5254005828e5;V:2;H:192.0.2.1:8908;I:SN=4774LH2b4044;K:\(Self.key);;"
        let uri = try BootstrappingURI(parsing: text)
        XCTAssertEqual(uri.channels, [try .init(operatingClass: 81, number: 1), try .init(operatingClass: 115, number: 36)])
        XCTAssertEqual(uri.macAddress?.description, "52:54:00:58:28:e5")
        XCTAssertEqual(uri.version, 2)
        XCTAssertEqual(uri.host, "192.0.2.1:8908")
        XCTAssertEqual(uri.information, "SN=4774LH2b4044")
        XCTAssertEqual(uri.curve, .p256)
        XCTAssertEqual(uri.uri, text)
        // Any order; upper-case hex; unknown letters ignored.
        let reordered = try BootstrappingURI(parsing: "DPP:I:x y;K:\(Self.key);Z:future;M:5254005828E5;;")
        XCTAssertEqual(reordered.information, "x y")
        XCTAssertEqual(reordered.macAddress?.compactHex, "5254005828e5")
        XCTAssertEqual(try BootstrappingURI(parsing: "DPP:K:\(Self.key);;").channels, [])
    }

    func testRejectionRules() {
        let k = "K:\(Self.key);"
        rejects("", .missingScheme)
        rejects("dpp:\(k);", .missingScheme)
        rejects("DPP:\(k)", .missingTerminator)
        rejects("DPP:K:\(Self.key)", .missingTerminator)
        rejects("DPP:\(k);x", .trailingText)
        rejects("DPP:\(k);;", .trailingText)
        rejects("DPP:\(k);\n", .invalidCharacter)
        rejects("DPP:I:caf\u{e9};\(k);", .invalidCharacter)
        rejects("DPP:;", .missingPublicKey)
        rejects("DPP:I:hello;;", .missingPublicKey)
        rejects("DPP:\(k)\(k);", .duplicatedToken("K"))
        rejects("DPP:V:2;\(k)V:2;;", .duplicatedToken("V"))
        rejects("DPP:Z:a;\(k)Z:b;;", .duplicatedToken("Z"))
        rejects("DPP:I:;\(k);", .emptyValue("I"))
        rejects("DPP:K:;;", .emptyValue("K"))
        rejects("DPP:k:\(Self.key);;", .malformedToken)
        rejects("DPP:KK:\(Self.key);;", .malformedToken)
        rejects("DPP:\(k)I=x;;", .malformedToken)
        rejects("DPP:K:not base64!;;", .invalidPublicKey("not base64"))
        // (C: value, the entry reported)
        for (channels, entry) in [("81", "81"), ("81/", "81/"), ("/1", "/1"), ("81/1,", ""), ("81/1,,115/36", ""),
                                  ("0/1", "0/1"), ("81/0", "81/0"), ("256/1", "256/1"), ("81/256", "81/256"),
                                  ("81/-1", "81/-1"), ("+81/1", "+81/1"), ("81/1/2", "81/1/2"), ("8a/1", "8a/1"),
                                  ("0081/1", "0081/1"), ("115/36,81/x", "81/x")] {
            rejects("DPP:C:\(channels);\(k);", .invalidChannelList(entry))
        }
        rejects("DPP:M:5254005828;\(k);", .invalidMACAddress("5254005828"))
        rejects("DPP:M:52:54:00:58:28:e5;\(k);", .invalidMACAddress("52:54:00:58:28:e5"))
        rejects("DPP:M:5254005828eg;\(k);", .invalidMACAddress("5254005828eg"))
        rejects("DPP:M:0154005828e5;\(k);", .multicastMACAddress)
        rejects("DPP:M:ffffffffffff;\(k);", .multicastMACAddress)
        rejects("DPP:V:0;\(k);", .invalidVersion("0"))
        rejects("DPP:V:two;\(k);", .invalidVersion("two"))
        rejects("DPP:V:256;\(k);", .invalidVersion("256"))
        rejects("DPP:H:a b;\(k);", .invalidHost("a b"))
    }

    func testRejectsBadKeys() throws {
        // Truncated DER.
        let der = [UInt8](Data(base64Encoded: Self.key)!)
        let truncated = Data(der.dropLast()).base64EncodedString()
        XCTAssertThrowsError(try BootstrappingURI(parsing: "DPP:K:\(truncated);;")) {
            guard case .invalidURI(.invalidPublicKey)? = $0 as? EasyConnectError else { return XCTFail("\($0)") }
        }
        // Unknown curve: P-256's OID with its last arc changed.
        var unknownCurve = der
        unknownCurve[22] = 0x08
        rejects("DPP:K:\(Data(unknownCurve).base64EncodedString());;",
                .unsupportedCurve("OID 1.2.840.10045.3.1.8"))
        // A point not on the curve (compressed X with no Y).
        let noSuchX = [UInt8](repeating: 0, count: 31) + [try firstXWithoutPoint()]
        let offCurve = Array(der.prefix(26)) + noSuchX
        XCTAssertThrowsError(try BootstrappingURI(parsing: "DPP:K:\(Data(offCurve).base64EncodedString());;")) {
            guard case .invalidURI(.invalidPublicKey)? = $0 as? EasyConnectError else { return XCTFail("\($0)") }
        }
    }

    private func firstXWithoutPoint() throws -> UInt8 {
        for value in UInt8(1)...UInt8(64)
        where (try? ECPoint(curve: .p256, sec1: [0x02] + [UInt8](repeating: 0, count: 31) + [value])) == nil {
            return value
        }
        throw XCTSkip("no small x without a point")
    }

    func testGenerationValidatesAndRoundTrips() throws {
        for curve in Curve.allCases {
            let key = try ECKeyPair.generate(curve: curve).publicKey
            let built = try BootstrappingURI(
                publicKey: key, channels: [try .init(operatingClass: 81, number: 6)],
                macAddress: try MACAddress([0x02, 0, 0, 0, 0, 1]), version: 2, host: "[2001:db8::1]:8908",
                information: "kitchen")
            let parsed = try BootstrappingURI(parsing: built.uri)
            XCTAssertEqual(parsed, built)
            XCTAssertEqual(parsed.uri, built.uri)
            XCTAssertEqual(parsed.publicKeyInfo[parsed.publicKeyInfo.count - curve.primeLength - 1] & 0xfe, 0x02)
        }
        let key = try ECKeyPair.generate(curve: .p256).publicKey
        func refuses(_ build: @autoclosure () throws -> BootstrappingURI, _ problem: EasyConnectError.URIProblem,
                     line: UInt = #line) {
            XCTAssertThrowsError(try build(), line: line) {
                XCTAssertEqual($0 as? EasyConnectError, .invalidURI(problem), line: line)
            }
        }
        refuses(try BootstrappingURI(publicKey: key, information: "a;b"), .invalidInformation("a;b"))
        refuses(try BootstrappingURI(publicKey: key, information: ""), .invalidInformation(""))
        refuses(try BootstrappingURI(publicKey: key, information: "line\n"), .invalidInformation("line\n"))
        refuses(try BootstrappingURI(publicKey: key, host: "h;K:x"), .invalidHost("h;K:x"))
        refuses(try BootstrappingURI(publicKey: key, macAddress: try MACAddress([1, 0, 0, 0, 0, 0])),
                .multicastMACAddress)
        refuses(try BootstrappingURI(publicKey: key, version: 0), .invalidVersion("0"))
        XCTAssertThrowsError(try BootstrappingURI.Channel(operatingClass: 0, number: 1))
    }
}
