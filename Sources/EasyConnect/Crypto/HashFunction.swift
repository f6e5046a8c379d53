import COpenSSL

/// SHA-2 and HMAC on OpenSSL's EVP interfaces.  Every function takes its input
/// as a list of parts, hashed as their concatenation, so callers never build
/// concatenations of secrets in ordinary arrays.
public enum HashFunction: Sendable, CaseIterable {
    case sha256, sha384, sha512

    public var digestLength: Int {
        switch self {
        case .sha256: return 32
        case .sha384: return 48
        case .sha512: return 64
        }
    }

    /// OpenSSL's name of the digest.
    var opensslName: String {
        switch self {
        case .sha256: return "SHA256"
        case .sha384: return "SHA384"
        case .sha512: return "SHA512"
        }
    }

    private var evpDigest: OpaquePointer? {
        switch self {
        case .sha256: return EVP_sha256()
        case .sha384: return EVP_sha384()
        case .sha512: return EVP_sha512()
        }
    }

    /// H(part1 ‖ part2 ‖ ...).
    public func hash(_ parts: [any ContiguousOctets]) throws -> [UInt8] {
        guard let ctx = EVP_MD_CTX_new() else { throw OpenSSL.failure("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestInit_ex(ctx, evpDigest, nil) == 1 else { throw OpenSSL.failure("EVP_DigestInit_ex") }
        for part in parts {
            try part.withUnsafeBytes { bytes in
                guard bytes.isEmpty || EVP_DigestUpdate(ctx, bytes.baseAddress, bytes.count) == 1 else {
                    throw OpenSSL.failure("EVP_DigestUpdate")
                }
            }
        }
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(ctx, &out, &length) == 1, Int(length) == digestLength else {
            throw OpenSSL.failure("EVP_DigestFinal_ex")
        }
        return Array(out.prefix(digestLength))
    }

    /// HMAC(key, part1 ‖ part2 ‖ ...), as a secret (it is key material in HKDF).
    ///
    /// An empty key is passed to OpenSSL as one zero octet: HMAC pads the key
    /// with zeros to the block size, so both are the same key, and OpenSSL 3.0
    /// refuses a NULL key.
    public func hmac(key: some ContiguousOctets, _ parts: [any ContiguousOctets]) throws -> SecretBytes {
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else { throw OpenSSL.failure("EVP_MAC_fetch(HMAC)") }
        defer { EVP_MAC_free(mac) }
        guard let ctx = EVP_MAC_CTX_new(mac) else { throw OpenSSL.failure("EVP_MAC_CTX_new") }
        defer { EVP_MAC_CTX_free(ctx) }
        func initialise(_ keyBytes: UnsafeRawBufferPointer) -> Int32 {
            switchboard_hmac_init(ctx, keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), keyBytes.count,
                                  opensslName)
        }
        let zeroKey: [UInt8] = [0]
        let initialised = key.withUnsafeBytes { keyBytes in
            keyBytes.isEmpty ? zeroKey.withUnsafeBytes(initialise) : initialise(keyBytes)
        }
        guard initialised == 1 else { throw OpenSSL.failure("EVP_MAC_init") }
        for part in parts {
            try part.withUnsafeBytes { bytes in
                guard bytes.isEmpty
                        || EVP_MAC_update(ctx, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count) == 1
                else { throw OpenSSL.failure("EVP_MAC_update") }
            }
        }
        return try SecretBytes(count: digestLength) { out in
            var length = 0
            guard EVP_MAC_final(ctx, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &length, out.count) == 1,
                  length == digestLength else { throw OpenSSL.failure("EVP_MAC_final") }
        }
    }
}
