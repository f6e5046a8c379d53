import XCTest
@testable import WPA

/// RFC 3394 section 4: every KEK and key data size, both ways.
final class AESKeyWrapTests: XCTestCase {
    private let data128 = hex("00112233445566778899AABBCCDDEEFF")
    private let data192 = hex("00112233445566778899AABBCCDDEEFF0001020304050607")
    private let data256 = hex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F")
    private let kek128 = hex("000102030405060708090A0B0C0D0E0F")
    private let kek192 = hex("000102030405060708090A0B0C0D0E0F1011121314151617")
    private let kek256 = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")

    private func check(_ kek: [UInt8], _ plaintext: [UInt8], _ ciphertext: String,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try AESKeyWrap.wrap(plaintext, kek: kek), hex(ciphertext), file: file, line: line)
        XCTAssertEqual(try AESKeyWrap.unwrap(hex(ciphertext), kek: kek), plaintext, file: file, line: line)
    }

    func testRFC3394Section4Vectors() throws {
        try check(kek128, data128, "1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5")  // 4.1
        try check(kek192, data128, "96778B25AE6CA435 F92B5B97C050AED2 468AB8A17AD84E5D")  // 4.2
        try check(kek256, data128, "64E8C3F9CE0F5BA2 63E9777905818A2A 93C8191E7D6E8AE7")  // 4.3
        try check(kek192, data192, "031D33264E15D332 68F24EC260743EDC E1C6C7DDEE725A93 6BA814915C6762D2")  // 4.4
        try check(kek256, data192, "A8F9BC1612C68B3F F6E6F4FBE30E71E4 769C8B80A32CB895 8CD5D17D6B254DA1")  // 4.5
        try check(kek256, data256, """
            28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21
            """)  // 4.6
    }

    func testAnyChangedOctetOrAnotherKEKFailsTheIntegrityCheck() throws {
        let wrapped = hex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5")
        for index in wrapped.indices {
            var altered = wrapped
            altered[index] ^= 0x01
            XCTAssertThrowsError(try AESKeyWrap.unwrap(altered, kek: kek128)) {
                XCTAssertEqual($0 as? WPAError, .keyUnwrapFailed)
            }
        }
        XCTAssertThrowsError(try AESKeyWrap.unwrap(wrapped, kek: [UInt8](repeating: 0, count: 16))) {
            XCTAssertEqual($0 as? WPAError, .keyUnwrapFailed)
        }
    }

    func testSizesOutsideTheRFCAreRefused() {
        for count in [0, 8, 16, 20, 31] {
            XCTAssertThrowsError(try AESKeyWrap.unwrap([UInt8](repeating: 0, count: count), kek: kek128), "\(count)")
        }
        for count in [0, 8, 12, 17] {
            XCTAssertThrowsError(try AESKeyWrap.wrap([UInt8](repeating: 0, count: count), kek: kek128), "\(count)")
        }
        XCTAssertThrowsError(try AESKeyWrap.wrap(data128, kek: [UInt8](repeating: 0, count: 15)))
    }
}
