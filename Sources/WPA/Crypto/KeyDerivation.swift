/// The two key derivation functions of IEEE 802.11-2020 12.7.1.
public enum KeyDerivation {
    /// PRF-n (12.7.1.2): HMAC-SHA1(K, A ‖ 0 ‖ B ‖ i) for i = 0, 1, ...,
    /// concatenated and cut to `bits` (a multiple of 8; 384 for a CCMP PTK).
    public static func prf(key: [UInt8], label: String, data: [UInt8], bits: Int) throws(WPAError) -> [UInt8] {
        // i is one octet: at most 256 blocks of 160 bits.
        guard bits > 0, bits % 8 == 0, bits <= 256 * 160 else { throw .malformed("PRF length of \(bits) bits") }
        let prefix = Array(label.utf8) + [0] + data
        var output: [UInt8] = []
        var counter: UInt8 = 0
        while output.count * 8 < bits {
            output += try MessageAuthentication.hmacSHA1(key: key, prefix + [counter])
            counter &+= 1
        }
        return Array(output.prefix(bits / 8))
    }

    /// KDF-SHA256-n (12.7.1.6.2): HMAC-SHA256(K, i ‖ label ‖ context ‖ n)
    /// for i = 1, 2, ..., with i and n as 16-bit little-endian integers,
    /// concatenated and cut to `bits` (a multiple of 8).
    public static func kdfSHA256(key: [UInt8], label: String, context: [UInt8], bits: Int) throws(WPAError) -> [UInt8] {
        guard bits > 0, bits % 8 == 0, bits <= Int(UInt16.max) else { throw .malformed("KDF length of \(bits) bits") }
        let suffix = Array(label.utf8) + context + UInt16(bits).littleEndianBytes
        var output: [UInt8] = []
        var counter: UInt16 = 1
        while output.count * 8 < bits {
            output += try MessageAuthentication.hmacSHA256(key: key, counter.littleEndianBytes + suffix)
            counter &+= 1
        }
        return Array(output.prefix(bits / 8))
    }
}

extension UInt16 {
    /// The two octets, least significant first (RSNE counts, KDF counters).
    var littleEndianBytes: [UInt8] { [UInt8(truncatingIfNeeded: self), UInt8(truncatingIfNeeded: self >> 8)] }
}
