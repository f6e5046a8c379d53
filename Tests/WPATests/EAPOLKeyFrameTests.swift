import XCTest
@testable import WPA

final class EAPOLKeyFrameTests: XCTestCase {
    private let frame = EAPOLKeyFrame(protocolVersion: 1, keyInformation: KeyInformation(version: 2, [.pairwise, .ack]),
                                      keyLength: 16, replayCounter: 0x0102_0304_0506_0708,
                                      nonce: (0..<32).map { UInt8($0) }, rsc: [1, 2, 3, 4, 5, 6, 7, 8],
                                      keyData: [0xDD, 0x02, 0xAA, 0xBB])

    func testLayout() {
        let bytes = frame.bytes
        XCTAssertEqual(bytes.count, 4 + 95 + 4)
        XCTAssertEqual(Array(bytes[0..<4]), [1, 3, 0, 99])  // version, EAPOL-Key, body length
        XCTAssertEqual(Array(bytes[4..<9]), [2, 0x00, 0x8A, 0x00, 0x10])  // RSN, Key Information, Key Length
        XCTAssertEqual(Array(bytes[9..<17]), [1, 2, 3, 4, 5, 6, 7, 8])  // replay counter, big-endian
        XCTAssertEqual(Array(bytes[65..<73]), [1, 2, 3, 4, 5, 6, 7, 8])  // Key RSC as given
        XCTAssertEqual(Array(bytes[97..<103]), [0, 4, 0xDD, 0x02, 0xAA, 0xBB])  // Key Data length and data
        XCTAssertEqual(frame.receiveSequenceCounter, [1, 2, 3, 4, 5, 6])
    }

    func testRoundTripAndEthernetPaddingIgnored() throws {
        XCTAssertEqual(try EAPOLKeyFrame(parsing: frame.bytes), frame)
        XCTAssertEqual(try EAPOLKeyFrame(parsing: frame.bytes + [0, 0, 0]), frame)
    }

    /// Every prefix of a valid frame is refused with an error, never a trap.
    func testEveryTruncationThrows() {
        let bytes = frame.bytes
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try EAPOLKeyFrame(parsing: Array(bytes.prefix(length))), "\(length)")
        }
    }

    func testBodyAndKeyDataLengthsMustAgree() {
        var bytes = frame.bytes
        bytes[98] = 5  // Key Data length 5, one more than there is
        XCTAssertThrowsError(try EAPOLKeyFrame(parsing: bytes)) {
            XCTAssertEqual($0 as? WPAError, .truncated("EAPOL-Key Key Data"))
        }
        bytes = frame.bytes
        bytes[3] += 1  // body one octet longer than the frame
        XCTAssertThrowsError(try EAPOLKeyFrame(parsing: bytes + [0]))
    }

    func testOtherEAPOLPacketsAreNotKeyFrames() throws {
        let start = EAPOLPacket(version: 2, packetType: 1, body: [])
        XCTAssertEqual(try EAPOLPacket(parsing: start.bytes), start)
        XCTAssertThrowsError(try EAPOLKeyFrame(parsing: start.bytes)) { XCTAssertEqual($0 as? WPAError, .notEAPOLKey) }
    }

    func testFixedFieldsAreWrittenAtTheirSize() throws {
        var odd = frame
        odd.nonce = [1]
        odd.iv = [UInt8](repeating: 9, count: 40)
        let parsed = try EAPOLKeyFrame(parsing: odd.bytes)
        XCTAssertEqual(parsed.nonce, [1] + [UInt8](repeating: 0, count: 31))
        XCTAssertEqual(parsed.iv, [UInt8](repeating: 9, count: 16))
    }

    func testKeyInformationBits() {
        let info = KeyInformation(rawValue: 0x13CA)  // message 3
        XCTAssertEqual(info.descriptorVersion, 2)
        XCTAssertTrue(info.isSuperset(of: [.pairwise, .install, .ack, .mic, .secure, .encryptedKeyData]))
        XCTAssertFalse(info.contains(.request))
        XCTAssertEqual(KeyInformation(version: 3, [.mic, .secure]).rawValue, 0x0303)
    }

    func testMICDependsOnTheDescriptorVersion() throws {
        let kck = [UInt8](repeating: 7, count: 16)
        let sha1 = try frame.computeMIC(kck: kck, version: .hmacSHA1AES)
        let cmac = try frame.computeMIC(kck: kck, version: .aesCMAC)
        XCTAssertNotEqual(sha1, cmac)
        XCTAssertTrue(try frame.signed(kck: kck, version: .aesCMAC).hasValidMIC(kck: kck, version: .aesCMAC))
        XCTAssertFalse(try frame.signed(kck: kck, version: .aesCMAC).hasValidMIC(kck: kck, version: .hmacSHA1AES))
        // The MIC does not depend on what the MIC field held.
        var filled = frame
        filled.mic = [UInt8](repeating: 0xFF, count: 16)
        XCTAssertEqual(try filled.computeMIC(kck: kck, version: .hmacSHA1AES), sha1)
    }
}
