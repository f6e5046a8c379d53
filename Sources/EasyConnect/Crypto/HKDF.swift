/// HKDF (RFC 5869) over this module's HMAC, with the hash chosen by the
/// caller (in DPP and PKEX: the curve's hash).
///
/// DPP writes `HKDF(salt, info, ikm)` for extract-then-expand with an output
/// of the hash length; `<>` (an empty salt) is an empty array here.
public struct HKDF: Sendable {
    public let hash: HashFunction

    public init(hash: HashFunction) {
        self.hash = hash
    }

    /// PRK = HMAC-Hash(salt, IKM); `ikm` is given as parts of a concatenation.
    public func extract(salt: some ContiguousOctets, ikm: [any ContiguousOctets]) throws -> SecretBytes {
        try hash.hmac(key: salt, ikm)
    }

    /// OKM of `length` octets: T(i) = HMAC-Hash(PRK, T(i-1) ‖ info ‖ i).
    public func expand(prk: some ContiguousOctets, info: [any ContiguousOctets], length: Int) throws -> SecretBytes {
        let maximum = 255 * hash.digestLength
        guard length >= 0, length <= maximum else {
            throw EasyConnectError.invalidLength(what: "HKDF output", expected: "0...\(maximum)", actual: length)
        }
        guard prk.withUnsafeBytes({ $0.count }) >= hash.digestLength else {
            throw EasyConnectError.invalidLength(what: "HKDF PRK", expected: ">= \(hash.digestLength)",
                                                 actual: prk.withUnsafeBytes { $0.count })
        }
        var blocks: [SecretBytes] = []
        var previous = SecretBytes([])
        var produced = 0
        var counter: UInt8 = 1
        while produced < length {
            previous = try hash.hmac(key: prk, [previous] + info + [[counter]])
            blocks.append(previous)
            produced += previous.count
            counter &+= 1
        }
        let all = SecretBytes(concatenating: blocks)
        return all.withUnsafeBytes { bytes in SecretBytes(bytes.prefix(length)) }
    }

    /// Extract-then-expand; `length` defaults to the hash length, as in DPP.
    public func deriveKey(salt: some ContiguousOctets, info: [any ContiguousOctets], ikm: [any ContiguousOctets],
                          length: Int? = nil) throws -> SecretBytes {
        let prk = try extract(salt: salt, ikm: ikm)
        return try expand(prk: prk, info: info, length: length ?? hash.digestLength)
    }

    /// `info` given as an ASCII label, the usual case in DPP.
    public func deriveKey(salt: some ContiguousOctets, label: String, ikm: [any ContiguousOctets]) throws -> SecretBytes {
        try deriveKey(salt: salt, info: [Array(label.utf8)], ikm: ikm)
    }
}
