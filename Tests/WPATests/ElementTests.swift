import XCTest
@testable import WPA

/// RSN element and information element parsing.
final class ElementTests: XCTestCase {
    /// A WPA2-Personal AP's RSNE: CCMP, PSK, 16 PTKSA and GTKSA replay counters.
    private let personal = hex("30 14 0100 000fac04 0100 000fac04 0100 000fac02 0c00")

    func testParsePersonalRSNE() throws {
        let element = try RSNElement(parsing: personal)
        XCTAssertEqual(element, RSNElement(groupCipher: .ccmp128, pairwiseCiphers: [.ccmp128], akmSuites: [.psk],
                                           capabilities: RSNCapabilities(ptksaReplayCounters: 3, gtksaReplayCounters: 0)))
        XCTAssertEqual(element.bytes, personal)
        XCTAssertEqual(CipherSuite.ccmp128.rawValue, 0x000F_AC04)  // WLAN_CIPHER_SUITE_CCMP
        XCTAssertEqual(CipherSuite.ccmp128.description, "00-0F-AC:4")
    }

    func testFullRSNEWithPMKIDsAndGroupManagementCipher() throws {
        let full = RSNElement(groupCipher: .ccmp128, pairwiseCiphers: [.ccmp128, .gcmp256], akmSuites: [.psk, .pskSHA256],
                              capabilities: [.mfpCapable], pmkids: [[UInt8](repeating: 0xAB, count: 16)],
                              groupManagementCipher: .bipCMAC128)
        XCTAssertEqual(try RSNElement(parsing: full.bytes), full)
        XCTAssertEqual(full.bytes.count, 2 + 2 + 4 + 2 + 8 + 2 + 8 + 2 + 2 + 16 + 4)
    }

    func testAbsentFieldsAndDefaults() throws {
        let versionOnly = try RSNElement(parsing: [0x30, 2, 1, 0])
        XCTAssertNil(versionOnly.groupCipher)
        XCTAssertEqual(versionOnly.effectiveGroupCipher, .ccmp128)
        XCTAssertEqual(versionOnly.effectivePairwiseCiphers, [.ccmp128])
        XCTAssertEqual(versionOnly.effectiveAKMSuites, [.ieee8021X])
        XCTAssertEqual(versionOnly.bytes, [0x30, 2, 1, 0])
        // A later field forces the earlier ones out at their defaults.
        let capabilitiesOnly = RSNElement(capabilities: [.mfpCapable])
        XCTAssertEqual(try RSNElement(parsing: capabilitiesOnly.bytes).effectiveCapabilities, [.mfpCapable])
        XCTAssertTrue(try RSNElement(parsing: capabilitiesOnly.bytes).agreesForHandshake(with: capabilitiesOnly))
    }

    func testAgreementIgnoresPMKIDsOnly() throws {
        var withPMKID = try RSNElement(parsing: personal)
        withPMKID.pmkids = [[UInt8](repeating: 1, count: 16)]
        XCTAssertTrue(withPMKID.agreesForHandshake(with: try RSNElement(parsing: personal)))
        var tkip = try RSNElement(parsing: personal)
        tkip.pairwiseCiphers = [.tkip, .ccmp128]
        XCTAssertFalse(tkip.agreesForHandshake(with: try RSNElement(parsing: personal)))
    }

    func testMalformedRSNEs() {
        XCTAssertThrowsError(try RSNElement(parsing: [])) { XCTAssertEqual($0 as? WPAError, .truncated("RSN element")) }
        XCTAssertThrowsError(try RSNElement(parsing: [0xDD, 2, 1, 0]))
        XCTAssertThrowsError(try RSNElement(parsing: [0x30, 2, 2, 0])) {
            XCTAssertEqual($0 as? WPAError, .unsupported("RSN version 2"))
        }
        XCTAssertThrowsError(try RSNElement(parsing: personal + [0]))  // octets after the element
        // Every shorter length field, and every cut inside a field, throws.
        for length in 0..<personal.count - 2 where ![2, 6, 12, 18].contains(length) {
            let cut = [0x30, UInt8(length)] + personal[2..<2 + length]
            XCTAssertThrowsError(try RSNElement(parsing: Array(cut)), "body of \(length)")
        }
        XCTAssertThrowsError(try RSNElement(parsing: hex("30 08 0100 000fac04 0500")))  // count past the end
    }

    func testInformationElements() {
        let blob = [0, 4] + Array("home".utf8) + [1, 4, 0x82, 0x84, 0x8B, 0x96] + [3, 1, 6] + personal
            + [50, 2, 0x0C, 0x12] + [0xDD, 3, 1, 2, 3]
        let elements = InformationElements(blob)
        XCTAssertTrue(elements.isWellFormed)
        XCTAssertEqual(elements.map(\.id), [0, 1, 3, 48, 50, 0xDD])
        XCTAssertEqual(elements.ssid, Array("home".utf8))
        XCTAssertEqual(elements.supportedRates, [0x82, 0x84, 0x8B, 0x96, 0x0C, 0x12])
        XCTAssertEqual(elements.dsChannel, 6)
        XCTAssertEqual(elements.rsnElementBytes, personal)
        XCTAssertEqual(elements.rsn?.effectiveAKMSuites, [.psk])
        XCTAssertEqual(elements.reduce([]) { $0 + $1.bytes }, blob)
    }

    func testTruncatedBlobsYieldTheirCompleteElements() {
        let blob = [0, 4] + Array("home".utf8) + [3, 1, 6] + personal
        for length in 0...blob.count {
            let elements = InformationElements(Array(blob.prefix(length)))
            let complete = [0, 6, 9, blob.count].filter { $0 <= length }.count - 1
            XCTAssertEqual(elements.count(where: { _ in true }), complete, "\(length)")
            XCTAssertEqual(elements.isWellFormed, [0, 6, 9, blob.count].contains(length), "\(length)")
        }
        XCTAssertNil(InformationElements([0, 33] + [UInt8](repeating: 0x41, count: 33)).ssid)  // SSID over 32
        XCTAssertNil(InformationElements([3, 2, 6, 6]).dsChannel)
        XCTAssertNil(InformationElements([48, 2, 9, 9]).rsn)  // malformed RSNE
    }
}
