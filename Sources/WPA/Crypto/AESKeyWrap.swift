import COpenSSL

/// AES key wrap (RFC 3394) with the default IV, on OpenSSL's
/// `AES-{128,192,256}-WRAP`.  EAPOL-Key Key Data is wrapped with the KEK
/// (IEEE 802.11-2020 12.7.2, descriptor versions 2 and 3).
public enum AESKeyWrap {
    /// `plaintext` is at least 16 octets, a multiple of 8; `kek` 16, 24 or 32.
    public static func wrap(_ plaintext: [UInt8], kek: [UInt8]) throws(WPAError) -> [UInt8] {
        guard plaintext.count >= 16, plaintext.count % 8 == 0 else {
            throw .malformed("key wrap input of \(plaintext.count) octets")
        }
        return try run(plaintext, kek: kek, encrypt: true)
    }

    /// The plaintext, or `keyUnwrapFailed` when the integrity check fails
    /// (another KEK, or altered input).
    public static func unwrap(_ ciphertext: [UInt8], kek: [UInt8]) throws(WPAError) -> [UInt8] {
        guard ciphertext.count >= 24, ciphertext.count % 8 == 0 else {
            throw .malformed("wrapped key data of \(ciphertext.count) octets")
        }
        return try run(ciphertext, kek: kek, encrypt: false)
    }

    private static func run(_ input: [UInt8], kek: [UInt8], encrypt: Bool) throws(WPAError) -> [UInt8] {
        guard [16, 24, 32].contains(kek.count) else { throw .malformed("KEK of \(kek.count) octets") }
        guard input.count <= 1 << 20 else { throw .malformed("key wrap input of \(input.count) octets") }
        let name = "AES-\(kek.count * 8)-WRAP"
        guard let cipher = EVP_CIPHER_fetch(nil, name, nil) else { throw OpenSSLCalls.failure("EVP_CIPHER_fetch(\(name))") }
        defer { EVP_CIPHER_free(cipher) }
        guard let context = EVP_CIPHER_CTX_new() else { throw OpenSSLCalls.failure("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(context) }
        guard EVP_CipherInit_ex2(context, cipher, kek, nil, encrypt ? 1 : 0, nil) == 1 else {
            throw OpenSSLCalls.failure("EVP_CipherInit_ex2(\(name))")
        }
        // Wrapping adds one 8-octet block, unwrapping removes it; a block of
        // slack keeps OpenSSL within the buffer either way.
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var written: Int32 = 0
        guard EVP_CipherUpdate(context, &output, &written, input, Int32(input.count)) == 1,
              written == Int32(encrypt ? input.count + 8 : input.count - 8) else {
            if encrypt { throw OpenSSLCalls.failure("EVP_CipherUpdate(\(name))") }
            ERR_clear_error()
            throw .keyUnwrapFailed
        }
        return Array(output.prefix(Int(written)))
    }
}
