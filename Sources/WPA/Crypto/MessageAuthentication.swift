import COpenSSL

/// The MACs IEEE 802.11 builds on: HMAC-SHA1 (PRF, descriptor version 2
/// MIC), HMAC-SHA256 (KDF-SHA256) and AES-128-CMAC (descriptor version 3
/// MIC), each one `EVP_Q_mac` call over the whole input.  EAPOL-Key frames
/// and PRF inputs are a few hundred octets, so callers concatenate first.
enum MessageAuthentication {
    static func hmacSHA1(key: [UInt8], _ data: [UInt8]) throws(WPAError) -> [UInt8] {
        try mac("HMAC", subAlgorithm: "SHA1", key: key, data, length: 20)
    }

    static func hmacSHA256(key: [UInt8], _ data: [UInt8]) throws(WPAError) -> [UInt8] {
        try mac("HMAC", subAlgorithm: "SHA256", key: key, data, length: 32)
    }

    /// AES-CMAC (RFC 4493); a 16-octet key makes it AES-128-CMAC.
    static func aesCMAC(key: [UInt8], _ data: [UInt8]) throws(WPAError) -> [UInt8] {
        guard [16, 32].contains(key.count) else { throw .cryptoFailure("AES-CMAC key of \(key.count) octets") }
        return try mac("CMAC", subAlgorithm: "AES-\(key.count * 8)-CBC", key: key, data, length: 16)
    }

    private static func mac(_ name: String, subAlgorithm: String, key: [UInt8], _ data: [UInt8],
                            length: Int) throws(WPAError) -> [UInt8] {
        // OpenSSL 3.0 refuses a NULL key; HMAC pads any key with zeros, so
        // one zero octet is the same key as none.
        let keyBytes = key.isEmpty ? [0] : key
        var out = [UInt8](repeating: 0, count: length)
        var written = 0
        guard EVP_Q_mac(nil, name, nil, subAlgorithm, nil, keyBytes, keyBytes.count, data, data.count,
                        &out, out.count, &written) != nil, written == length else {
            throw OpenSSLCalls.failure("EVP_Q_mac(\(name)-\(subAlgorithm))")
        }
        return out
    }
}
