import COpenSSL

/// AES-SIV (RFC 5297), deterministic authenticated encryption with a vector of
/// associated-data components, on OpenSSL 3's `AES-*-SIV` ciphers.
///
/// Each component of `associatedData` goes to OpenSSL as its own
/// `EVP_*Update(ctx, NULL, ...)` call: the components are separate inputs to
/// S2V, so `[a, b]` differs from `[a ‖ b]`, and a zero-length component still
/// counts (`[header, ""]` differs from `[header]`).  Output is the 16-octet
/// synthetic IV (the tag) followed by the ciphertext.
public struct AESSIV: Sendable {
    public static let tagLength = 16

    private let key: SecretBytes

    /// `key` is 32, 48 or 64 octets: AES-128-, AES-192- or AES-256-SIV.
    public init(key: SecretBytes) throws {
        guard [32, 48, 64].contains(key.count) else {
            throw EasyConnectError.invalidLength(what: "AES-SIV key", expected: "32, 48 or 64", actual: key.count)
        }
        self.key = key
    }

    private var cipherName: String { "AES-\(key.count * 4)-SIV" }

    /// tag ‖ ciphertext.  The plaintext must not be empty: OpenSSL 3.0's SIV
    /// skips an empty update and never computes the tag (DPP never wraps
    /// nothing: Wrapped Data always holds at least one attribute).
    public func seal(_ plaintext: some ContiguousOctets, associatedData: [any ContiguousOctets]) throws -> [UInt8] {
        let plaintextLength = plaintext.withUnsafeBytes { $0.count }
        guard plaintextLength > 0 else {
            throw EasyConnectError.invalidLength(what: "AES-SIV plaintext", expected: ">= 1", actual: 0)
        }
        return try withContext(encrypt: true) { ctx in
            try Self.feedAssociatedData(associatedData, ctx: ctx, update: EVP_EncryptUpdate)
            let body = try plaintext.withUnsafeBytes { try Self.transform($0, ctx: ctx, update: EVP_EncryptUpdate) }
            var finalLength: Int32 = 0
            var scratch = [UInt8](repeating: 0, count: 16)
            guard EVP_EncryptFinal_ex(ctx, &scratch, &finalLength) == 1 else {
                throw OpenSSL.failure("EVP_EncryptFinal_ex")
            }
            var tag = [UInt8](repeating: 0, count: Self.tagLength)
            guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, Int32(Self.tagLength), &tag) == 1 else {
                throw OpenSSL.failure("EVP_CIPHER_CTX_ctrl(GET_TAG)")
            }
            return tag + body
        }
    }

    /// The plaintext of tag ‖ ciphertext, or `authenticationFailed` when the
    /// tag does not match (forged or corrupted input, wrong key or AAD).  A
    /// bare tag (empty plaintext, see `seal`) is an `invalidLength`.  The
    /// plaintext is returned as a secret: it often holds keys or nonces.
    public func open(_ sealed: some ContiguousOctets, associatedData: [any ContiguousOctets]) throws -> SecretBytes {
        try sealed.withUnsafeBytes { sealed in
            guard sealed.count > Self.tagLength else {
                throw EasyConnectError.invalidLength(what: "AES-SIV input", expected: ">= 17", actual: sealed.count)
            }
            return try withContext(encrypt: false) { ctx in
                var tag = Array(sealed.prefix(Self.tagLength))
                guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, Int32(Self.tagLength), &tag) == 1 else {
                    throw OpenSSL.failure("EVP_CIPHER_CTX_ctrl(SET_TAG)")
                }
                try Self.feedAssociatedData(associatedData, ctx: ctx, update: EVP_DecryptUpdate)
                let ciphertext = UnsafeRawBufferPointer(rebasing: sealed[Self.tagLength...])
                return try SecretBytes(count: ciphertext.count) { out in
                    // A forged input makes the update (which checks the tag)
                    // or the final call fail.
                    guard Self.transform(ciphertext, into: out, ctx: ctx, update: EVP_DecryptUpdate) else {
                        OpenSSL.clearErrors()
                        throw EasyConnectError.authenticationFailed
                    }
                    var finalLength: Int32 = 0
                    var scratch = [UInt8](repeating: 0, count: 16)
                    guard EVP_DecryptFinal_ex(ctx, &scratch, &finalLength) == 1 else {
                        OpenSSL.clearErrors()
                        throw EasyConnectError.authenticationFailed
                    }
                }
            }
        }
    }

    // MARK: - OpenSSL plumbing

    private typealias Update = (OpaquePointer?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<Int32>?,
                                UnsafePointer<UInt8>?, Int32) -> Int32

    private func withContext<R>(encrypt: Bool, _ body: (OpaquePointer) throws -> R) throws -> R {
        guard let cipher = EVP_CIPHER_fetch(nil, cipherName, nil) else {
            throw OpenSSL.failure("EVP_CIPHER_fetch(\(cipherName))")
        }
        defer { EVP_CIPHER_free(cipher) }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw OpenSSL.failure("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        let initialised = key.withUnsafeBytes { keyBytes in
            let keyPointer = keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
            return encrypt ? EVP_EncryptInit_ex2(ctx, cipher, keyPointer, nil, nil)
                           : EVP_DecryptInit_ex2(ctx, cipher, keyPointer, nil, nil)
        }
        guard initialised == 1 else { throw OpenSSL.failure(encrypt ? "EVP_EncryptInit_ex2" : "EVP_DecryptInit_ex2") }
        return try body(ctx)
    }

    /// One update per component, empty ones included.
    private static func feedAssociatedData(_ components: [any ContiguousOctets], ctx: OpaquePointer,
                                           update: Update) throws {
        // A NULL input means "final" to OpenSSL's SIV: a zero-length
        // component must still come with a valid pointer.
        var empty: UInt8 = 0
        try withUnsafeMutablePointer(to: &empty) { emptyPointer in
            for component in components {
                let ok = try component.withUnsafeBytes { bytes -> Bool in
                    guard bytes.count <= Int(Int32.max) else {
                        throw EasyConnectError.invalidLength(what: "AES-SIV associated data", expected: "< 2 GiB",
                                                             actual: bytes.count)
                    }
                    var outLength: Int32 = 0
                    let pointer = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(emptyPointer)
                    return update(ctx, nil, &outLength, pointer, Int32(bytes.count)) == 1
                }
                guard ok else { throw OpenSSL.failure("EVP_CipherUpdate(associated data)") }
            }
        }
    }

    /// Encrypts into a fresh array.
    private static func transform(_ input: UnsafeRawBufferPointer, ctx: OpaquePointer, update: Update) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: input.count)
        let ok = out.withUnsafeMutableBytes { transform(input, into: $0, ctx: ctx, update: update) }
        guard ok else { throw OpenSSL.failure("EVP_EncryptUpdate") }
        return out
    }

    /// The (single) update over the whole text; `out` has the input's size
    /// (SIV is a stream mode).
    private static func transform(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer,
                                  ctx: OpaquePointer, update: Update) -> Bool {
        guard input.count <= Int(Int32.max) else { return false }
        var empty: UInt8 = 0
        var outLength: Int32 = 0
        let inPointer = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let outPointer = out.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let ok = withUnsafeMutablePointer(to: &empty) { emptyPointer in
            update(ctx, outPointer ?? emptyPointer, &outLength, inPointer ?? UnsafePointer(emptyPointer),
                   Int32(input.count)) == 1
        }
        return ok && Int(outLength) == input.count
    }
}
