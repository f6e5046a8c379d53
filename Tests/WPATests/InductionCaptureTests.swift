import XCTest
@testable import WPA

/// A real WPA2-Personal 4-way handshake: Wireshark's published sample capture
/// wpa-Induction.pcap (SSID "Coherer", passphrase "Induction", AP
/// 00:0c:41:82:b2:55, station 00:0d:93:82:36:3a; its frames 87, 89, 92 and
/// 94, from the 802.1X header on, and the AP's RSNE of frame 1).  With the
/// PMK from J.4's PBKDF2 and our PTK, the capture's own MICs verify and its
/// Key Data unwraps: an end-to-end vector for the PTK, the MIC, the frame
/// layout and the key wrap.
final class InductionCaptureTests: XCTestCase {
    static let pmk = hex("a288fcf0caaacda9a9f58633ff35e8992a01d9c10ba5e02efdf8cb5d730ce7bc")
    static let authenticatorAddress = hex("000c4182b255")
    static let supplicantAddress = hex("000d9382363a")
    static let message1 = hex("""
        0203007502008a001000000000000000003e8e967dacd960324cac5b6aa721235bf57b949771c867989f49d04ed47c6933
        0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000016
        dd14000fac04592da88096c461da246c69001e877f3d
        """)
    static let message2 = hex("""
        0203007502010a00100000000000000000cdf405ceb9d889ef3dec42609828fae546b7add7baecbb1a394eac5214b1d386
        0000000000000000000000000000000000000000000000000000000000000000a462a7029ad5ba30b6af0df391988e450016
        30140100000fac020100000fac040100000fac020000
        """)
    static let message3 = hex("""
        020300af0213ca001000000000000000013e8e967dacd960324cac5b6aa721235bf57b949771c867989f49d04ed47c6933
        f57b949771c867989f49d04ed47c6934cf0200000000000000000000000000007d0af6df51e99cde7a187453f0f935370050
        cfa72cde35b2c1e2319255806ab364179fd9673041b9a5939fa1a2010d2ac794e25168055f794ddc1fdfae3521f4446bfd11
        da98345f543df6ce199df8fe48f8cdd17adca87bf45711183c496d41aa0c
        """)
    static let message4 = hex("""
        0203005f02030a0010000000000000000100000000000000000000000000000000000000000000000000000000000000000000
        00000000000000000000000000000000000000000000000000000000000010bba3bdfbcfde2bc537509d71f2ecd10000
        """)
    /// Beacon (frame 1): group TKIP, pairwise TKIP and CCMP, PSK.
    static let authenticatorRSNE = hex("30180100000fac020200000fac04000fac020100000fac020000")
    /// Association request (frame 82): group TKIP, pairwise CCMP, PSK.
    static let supplicantRSNE = hex("30140100000fac020100000fac040100000fac020000")

    private func ptk() throws -> PairwiseTransientKey {
        try PairwiseTransientKey.derive(
            pmk: Self.pmk, authenticatorAddress: Self.authenticatorAddress, supplicantAddress: Self.supplicantAddress,
            authenticatorNonce: EAPOLKeyFrame(parsing: Self.message1).nonce,
            supplicantNonce: EAPOLKeyFrame(parsing: Self.message2).nonce, akm: .psk, pairwiseCipher: .ccmp128)
    }

    func testPTKAndTheCapturedMICs() throws {
        let ptk = try ptk()
        // Computed with Python's hmac (PRF-384): a regression value; the MICs below are what prove it.
        XCTAssertEqual(ptk.kck + ptk.kek + ptk.tk, hex("""
            b1cd792716762903f723424cd7d1651182a644133bfa4e0b75d96d230835843315798d511beae0028313c8ab32f12c7e
            """))
        for captured in [Self.message2, Self.message3, Self.message4] {
            let frame = try EAPOLKeyFrame(parsing: captured)
            XCTAssertTrue(frame.hasValidMIC(kck: ptk.kck, version: .hmacSHA1AES))
            var altered = frame
            altered.replayCounter += 1
            XCTAssertFalse(altered.hasValidMIC(kck: ptk.kck, version: .hmacSHA1AES))
        }
    }

    func testFramesParseAndSerializeBackOctetForOctet() throws {
        for captured in [Self.message1, Self.message2, Self.message3, Self.message4] {
            XCTAssertEqual(try EAPOLKeyFrame(parsing: captured).bytes, captured)
        }
        let message3 = try EAPOLKeyFrame(parsing: Self.message3)
        XCTAssertEqual(message3.keyInformation,
                       KeyInformation(version: 2, [.pairwise, .install, .ack, .mic, .secure, .encryptedKeyData]))
        XCTAssertEqual(message3.replayCounter, 1)
        XCTAssertEqual(message3.keyLength, 16)
        XCTAssertEqual(message3.receiveSequenceCounter, [0xCF, 0x02, 0, 0, 0, 0])
        // Message 1's Key Data: a PMKID KDE.
        let message1 = try EAPOLKeyFrame(parsing: Self.message1)
        XCTAssertEqual(try KeyData.parse(message1.keyData), [.pmkid(hex("592da88096c461da246c69001e877f3d"))])
    }

    func testMessage3KeyDataUnwrapsToTheBeaconRSNEAndAGTK() throws {
        let plaintext = try AESKeyWrap.unwrap(EAPOLKeyFrame(parsing: Self.message3).keyData, kek: ptk().kek)
        XCTAssertEqual(try KeyData.parse(plaintext), [
            .rsn(Self.authenticatorRSNE),
            .groupKey(GroupKeyKDE(keyIndex: 2, transmit: false,
                                  key: hex("ee22041a83853263474c38811352282071c122359b7c35a7e7d034f3cd6ac565"))),
        ])
        XCTAssertEqual(KeyData.padded(KeyData.serialize(try KeyData.parse(plaintext))), plaintext)
    }

    /// Our serializer and MIC give the station's messages 2 and 4 exactly,
    /// given the fields it chose (it wrote Key Length 16 where 802.11-2020
    /// and this engine write 0).
    func testOurMessages2And4AreTheCapturedOnes() throws {
        let ptk = try ptk()
        let message2 = EAPOLKeyFrame(protocolVersion: 2, keyInformation: KeyInformation(version: 2, [.pairwise, .mic]),
                                     keyLength: 16, replayCounter: 0,
                                     nonce: try EAPOLKeyFrame(parsing: Self.message2).nonce,
                                     keyData: Self.supplicantRSNE)
        XCTAssertEqual(try message2.signed(kck: ptk.kck, version: .hmacSHA1AES).bytes, Self.message2)
        let message4 = EAPOLKeyFrame(protocolVersion: 2,
                                     keyInformation: KeyInformation(version: 2, [.pairwise, .mic, .secure]),
                                     keyLength: 16, replayCounter: 1)
        XCTAssertEqual(try message4.signed(kck: ptk.kck, version: .hmacSHA1AES).bytes, Self.message4)
    }

    /// The capture's group cipher is TKIP, which the engine does not install.
    func testTheEngineRefusesATKIPGroup() {
        let configuration = SupplicantHandshakeConfiguration(
            pmk: Self.pmk, authenticatorAddress: Self.authenticatorAddress, supplicantAddress: Self.supplicantAddress,
            supplicantRSNE: Self.supplicantRSNE, authenticatorRSNE: Self.authenticatorRSNE)
        XCTAssertThrowsError(try SupplicantHandshake(configuration, nonce: [UInt8](repeating: 0, count: 32))) {
            XCTAssertEqual($0 as? WPAError, .unsupported("group cipher 00-0F-AC:2"))
        }
    }
}
