import XCTest
@testable import WPA

/// PRF-SHA1 and KDF-SHA256 vectors, and the MACs under them.
final class KeyDerivationTests: XCTestCase {
    /// IEEE 802.11-2020 J.3.2 (PRF test vectors, 512 bits, label "prefix").
    func testAnnexJ3PRFVectors() throws {
        XCTAssertEqual(try KeyDerivation.prf(key: [UInt8](repeating: 0x0B, count: 20), label: "prefix",
                                             data: Array("Hi There".utf8), bits: 512),
                       hex("""
                           bcd4c650b30b9684951829e0d75f9d54b862175ed9f00606e17d8da35402ffee
                           75df78c3d31e0f889f012120c0862beb67753e7439ae242edb8373698356cf5a
                           """))
        XCTAssertEqual(try KeyDerivation.prf(key: Array("Jefe".utf8), label: "prefix",
                                             data: Array("what do ya want for nothing?".utf8), bits: 512),
                       hex("""
                           51f4de5b33f249adf81aeb713a3c20f4fe631446fabdfa58244759ae58ef9009
                           a99abf4eac2ca5fa87e692c440eb40023e7babb206d61de7b92f41529092b8fc
                           """))
        XCTAssertEqual(try KeyDerivation.prf(key: [UInt8](repeating: 0xAA, count: 20), label: "prefix",
                                             data: [UInt8](repeating: 0xDD, count: 50), bits: 512),
                       hex("""
                           e1ac546ec4cb636f9976487be5c86be17a0252ca5d8d8df12cfb0473525249ce
                           9dd8d177ead710bc9b590547239107aef7b4abd43d87f0a68f1cbd9e2b6f7607
                           """))
    }

    /// IEEE 802.11-2016 J.6.5 (PRF vectors of other lengths: 192, 256, 384
    /// bits, a key longer than SHA-1's block).
    func testAnnexJ65PRFVectorsOfOtherLengths() throws {
        XCTAssertEqual(try KeyDerivation.prf(key: [UInt8](repeating: 0x0B, count: 20), label: "prefix",
                                             data: Array("Hi There".utf8), bits: 192),
                       hex("bcd4c650b30b9684951829e0d75f9d54b862175ed9f00606"))
        XCTAssertEqual(try KeyDerivation.prf(key: Array("Jefe".utf8), label: "prefix-2",
                                             data: Array("what do ya want for nothing?".utf8), bits: 256),
                       hex("47c4908e30c947521ad20be9053450ecbea23d3aa604b77326d8b3825ff7475c"))
        XCTAssertEqual(try KeyDerivation.prf(key: [UInt8](repeating: 0xAA, count: 80), label: "prefix-3",
                                             data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
                                             bits: 384),
                       hex("""
                           0ab6c33ccf70d0d736f4b04c8a7373255511abc5073713163bd0b8c9eeb7e195
                           6fa066820a73ddee3f6d3bd407e0682a
                           """))
        XCTAssertEqual(try KeyDerivation.prf(key: [UInt8](repeating: 0x0B, count: 20), label: "prefix-4",
                                             data: Array("Hi There Again".utf8), bits: 512),
                       hex("""
                           248cfbc532ab38ffa483c8a2e40bf170eb542a2e0916d7bf6d97da2c4c5ca877
                           736c53a65b03fa4b3745ce7613f6ad68e0e4a798b7cf691c96176fd634a59a49
                           """))
    }

    func testPRFLengthRules() {
        for bits in [0, -8, 7, 385, 256 * 160 + 8] {
            XCTAssertThrowsError(try KeyDerivation.prf(key: [1], label: "x", data: [], bits: bits), "\(bits)")
        }
        XCTAssertEqual(try KeyDerivation.prf(key: [1], label: "x", data: [], bits: 8).count, 1)
    }

    /// KDF-SHA256 (12.7.1.6.2) has no vector of its own in Annex J; SAE uses
    /// it, and IEEE 802.11-18/1104r0's SAE vectors give its output for the
    /// hunting-and-pecking label (as Fuchsia's wlan rsn crate quotes them).
    /// Both were checked against an independent Python implementation.
    func testKDFSHA256Vectors() throws {
        XCTAssertEqual(try KeyDerivation.kdfSHA256(
            key: hex("b39919ad439eee7db61d9564421700acb9ed1044577ce9345e38c97de673c3f0"),
            label: "SAE Hunting and Pecking",
            context: hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"), bits: 256),
            hex("282167aa6ba380c53a9c5230c0b53b1ebc456983cc05f0f2b869a75f7f232e91"))
        XCTAssertEqual(try KeyDerivation.kdfSHA256(
            key: hex("7457a00754dcc4e3dc2850c124d6bb8fa1699d7fa33bb0667d9c34eeb513deb9"),
            label: "SAE KCK and PMK",
            context: hex("40a09b6017cebf0072843b5352aa2b4fb1a84a84c0fe5c235896466a2d3418b1"), bits: 512),
            hex("""
                599d6f1e27548be8499dceed2feccf94818ce1c79f1b4eb3d6a53228a09bf3ed
                7aead86fba4c3221fc437f5f14d70d854ea5d5aac1690116793081eda4d557c5
                """))
    }

    /// AES-128-CMAC, the descriptor version 3 MIC: RFC 4493 section 4, examples 1 to 3.
    func testAESCMACRFC4493Vectors() throws {
        let key = hex("2b7e151628aed2a6abf7158809cf4f3c")
        let message = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411")
        XCTAssertEqual(try MessageAuthentication.aesCMAC(key: key, []), hex("bb1d6929e95937287fa37d129b756746"))
        XCTAssertEqual(try MessageAuthentication.aesCMAC(key: key, Array(message.prefix(16))),
                       hex("070a16b46b4d4144f79bdd9dd04a287c"))
        XCTAssertEqual(try MessageAuthentication.aesCMAC(key: key, message), hex("dfa66747de9ae63030ca32611497c827"))
    }

    /// The PTK splits by cipher: 16-octet KCK and KEK, then a TK of the cipher's length.
    func testPTKSplitsByCipherAndOrdersItsInputs() throws {
        let aa = hex("000c4182b255"), spa = hex("000d9382363a")
        let anonce = [UInt8](repeating: 0x11, count: 32), snonce = [UInt8](repeating: 0x22, count: 32)
        let pmk = InductionCaptureTests.pmk
        let ccmp = try PairwiseTransientKey.derive(pmk: pmk, authenticatorAddress: aa, supplicantAddress: spa,
                                                   authenticatorNonce: anonce, supplicantNonce: snonce,
                                                   akm: .psk, pairwiseCipher: .ccmp128)
        XCTAssertEqual([ccmp.kck.count, ccmp.kek.count, ccmp.tk.count], [16, 16, 16])
        // Min/Max: swapping the roles gives the same PTK.
        XCTAssertEqual(ccmp, try PairwiseTransientKey.derive(pmk: pmk, authenticatorAddress: spa, supplicantAddress: aa,
                                                             authenticatorNonce: snonce, supplicantNonce: anonce,
                                                             akm: .psk, pairwiseCipher: .ccmp128))
        let gcmp256 = try PairwiseTransientKey.derive(pmk: pmk, authenticatorAddress: aa, supplicantAddress: spa,
                                                      authenticatorNonce: anonce, supplicantNonce: snonce,
                                                      akm: .psk, pairwiseCipher: .gcmp256)
        XCTAssertEqual(gcmp256.tk.count, 32)
        XCTAssertEqual(gcmp256.kck + gcmp256.kek + gcmp256.tk.prefix(16), ccmp.kck + ccmp.kek + ccmp.tk)
        let sha256 = try PairwiseTransientKey.derive(pmk: pmk, authenticatorAddress: aa, supplicantAddress: spa,
                                                     authenticatorNonce: anonce, supplicantNonce: snonce,
                                                     akm: .pskSHA256, pairwiseCipher: .ccmp128)
        XCTAssertEqual(sha256.kck + sha256.kek + sha256.tk,
                       try KeyDerivation.kdfSHA256(key: pmk, label: "Pairwise key expansion",
                                                   context: aa + spa + anonce + snonce, bits: 384))
        XCTAssertThrowsError(try PairwiseTransientKey.derive(pmk: pmk, authenticatorAddress: aa, supplicantAddress: spa,
                                                             authenticatorNonce: anonce, supplicantNonce: snonce,
                                                             akm: .psk, pairwiseCipher: .tkip))
        XCTAssertThrowsError(try PairwiseTransientKey.derive(pmk: pmk, authenticatorAddress: aa, supplicantAddress: spa,
                                                             authenticatorNonce: anonce, supplicantNonce: snonce,
                                                             akm: .sae, pairwiseCipher: .ccmp128))
    }
}
