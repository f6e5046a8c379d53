import XCTest
@testable import EasyConnect

/// AES-SIV against RFC 5297 and the DPP-specific vectors (AAD component
/// counting, AES-192/256-SIV), plus forged inputs.
final class AESSIVTests: XCTestCase {
    private func siv(_ keyHex: String) throws -> AESSIV {
        try AESSIV(key: SecretBytes([UInt8](hex: keyHex)))
    }

    func testEveryVectorSealsAndOpens() throws {
        let vectors = try Vectors.load().aes_siv
        XCTAssertEqual(vectors.count, 7)
        for vector in vectors {
            let siv = try siv(vector.key)
            let ad = vector.ad.map { [UInt8](hex: $0) }
            let plaintext = [UInt8](hex: vector.plaintext)
            XCTAssertEqual(try siv.seal(plaintext, associatedData: ad).hex, vector.output, vector.id)
            XCTAssertEqual(try siv.open([UInt8](hex: vector.output), associatedData: ad).hex, vector.plaintext,
                           vector.id)
        }
    }

    /// [hdr, ""], [hdr] and [] are three different inputs.
    func testZeroLengthComponentCounts() throws {
        let vectors = try Vectors.load().aes_siv.filter { $0.id.hasPrefix("dpp_zero") || $0.id == "dpp_one_component" }
        XCTAssertEqual(vectors.count, 3)
        XCTAssertEqual(Set(vectors.map(\.output)).count, 3)
        let zeroLength = try XCTUnwrap(vectors.first { $0.id == "dpp_zero_length_component" })
        // Opening with the empty component dropped must fail.
        XCTAssertThrowsError(try siv(zeroLength.key).open([UInt8](hex: zeroLength.output),
                                                          associatedData: [[UInt8](hex: zeroLength.ad[0])])) {
            XCTAssertEqual($0 as? EasyConnectError, .authenticationFailed)
        }
    }

    func testForgedInputsFailCleanly() throws {
        let vector = try XCTUnwrap(try Vectors.load().aes_siv.first { $0.id == "rfc5297_a2" })
        let siv = try siv(vector.key)
        let ad = vector.ad.map { [UInt8](hex: $0) }
        let sealed = [UInt8](hex: vector.output)
        for index in [0, 15, 16, sealed.count - 1] {
            var forged = sealed
            forged[index] ^= 0x01
            XCTAssertThrowsError(try siv.open(forged, associatedData: ad)) {
                XCTAssertEqual($0 as? EasyConnectError, .authenticationFailed, "flip at \(index)")
            }
        }
        // Wrong AAD: changed, reordered, merged, missing.
        for wrongAD in [[ad[0], ad[1], ad[2] + [0]], [ad[1], ad[0], ad[2]], [ad[0] + ad[1], ad[2]], [ad[0], ad[1]]] {
            XCTAssertThrowsError(try siv.open(sealed, associatedData: wrongAD)) {
                XCTAssertEqual($0 as? EasyConnectError, .authenticationFailed)
            }
        }
        XCTAssertThrowsError(try siv.open(Array(sealed.prefix(15)), associatedData: ad)) {
            guard case .invalidLength? = $0 as? EasyConnectError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try AESSIV(key: SecretBytes([UInt8](repeating: 0, count: 16)))) {
            guard case .invalidLength? = $0 as? EasyConnectError else { return XCTFail("\($0)") }
        }
    }

    /// OpenSSL 3.0 cannot seal an empty plaintext: refused up front, both ways.
    func testEmptyPlaintextIsRefused() throws {
        let siv = try siv(String(repeating: "ab", count: 32))
        XCTAssertThrowsError(try siv.seal([UInt8](), associatedData: [[1, 2, 3]])) {
            guard case .invalidLength? = $0 as? EasyConnectError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try siv.open([UInt8](repeating: 0, count: AESSIV.tagLength), associatedData: [])) {
            guard case .invalidLength? = $0 as? EasyConnectError else { return XCTFail("\($0)") }
        }
    }
}
