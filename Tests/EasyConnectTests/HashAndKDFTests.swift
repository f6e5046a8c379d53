import XCTest
@testable import EasyConnect

/// SHA-2, HMAC and HKDF beyond what the DPP vectors exercise (expected values
/// computed with Python's hashlib/hmac), plus the small secret-handling helpers.
final class HashAndKDFTests: XCTestCase {
    func testHashOfPartsIsHashOfConcatenation() throws {
        for hash in HashFunction.allCases {
            let whole = try hash.hash([Array("abcdef".utf8)])
            XCTAssertEqual(try hash.hash([Array("ab".utf8), [UInt8](), Array("cdef".utf8)]), whole)
            XCTAssertEqual(whole.count, hash.digestLength)
        }
        XCTAssertEqual(try HashFunction.sha256.hash([Array("abc".utf8)]).hex,
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// DPP's `HKDF(<>, ...)` is HMAC with an empty key.
    func testHMACWithEmptyKey() throws {
        XCTAssertEqual(try HashFunction.sha256.hmac(key: [UInt8](), [Array("abc".utf8)]).hex,
                       "fd7adb152c05ef80dccf50a1fa4c05d5a3ec6da95575fc312ae7c5d091836351")
        XCTAssertEqual(try HashFunction.sha512.hmac(key: [UInt8](), [Array("a".utf8), Array("bc".utf8)]).hex,
                       "29689f6b79a8dd686068c2eeae97fd8769ad3ba65cb5381f838358a8045a358e"
                       + "e3ba1739c689c7805e31734fb6072f87261d1256995370d55725cba00d10bdd0")
    }

    func testHKDFExtractExpandAndOneShot() throws {
        let hkdf = HKDF(hash: .sha384)
        let salt = Array("salt".utf8)
        let ikm: [any ContiguousOctets] = [Array("ikm-part1".utf8), SecretBytes(Array("ikm-part2".utf8))]
        let prk = try hkdf.extract(salt: salt, ikm: ikm)
        XCTAssertEqual(prk.hex, "3c0951224b144f4a80d694b6fbcf720fe20280afedda356b78d2db2a3a105289"
                       + "b1c6fe9a4e5fc33590e7a27413822c6c")
        let expected = "9ede7e7ef3c2eff548dfa2462be6ae07fb26ded5eb6debbcb5f7afdffa24bc0ef78dd37bfca7d6c069d042c9b8"
            + "e04c4bb33aebff68064fb93b0dd93a751a1e9938a6e297d5b0d91189fe1d896ec75ff1ebdb5be320046144328e73"
            + "26595d5112b66ab450"
        XCTAssertEqual(try hkdf.expand(prk: prk, info: [Array("info".utf8)], length: 100).hex, expected)
        XCTAssertEqual(try hkdf.deriveKey(salt: salt, info: [Array("in".utf8), Array("fo".utf8)], ikm: ikm,
                                          length: 100).hex, expected)
        XCTAssertThrowsError(try hkdf.expand(prk: prk, info: [], length: 255 * 48 + 1))
        XCTAssertThrowsError(try hkdf.expand(prk: [UInt8](repeating: 0, count: 47), info: [], length: 48))
    }

    func testSecretBytesAndConstantTime() throws {
        let secret = SecretBytes([1, 2, 3])
        XCTAssertTrue(secret.constantTimeEquals([1, 2, 3] as [UInt8]))
        XCTAssertFalse(secret.constantTimeEquals([1, 2, 4] as [UInt8]))
        XCTAssertFalse(secret.constantTimeEquals([1, 2] as [UInt8]))
        XCTAssertTrue(ConstantTime.equals([UInt8](), [UInt8]()))
        XCTAssertEqual(SecretBytes(concatenating: [secret, SecretBytes([]), SecretBytes([9])]).unprotectedCopy(),
                       [1, 2, 3, 9])
        let random = try Random.secret(32)
        XCTAssertEqual(random.count, 32)
        XCTAssertNotEqual(try Random.bytes(16), try Random.bytes(16))
    }
}
