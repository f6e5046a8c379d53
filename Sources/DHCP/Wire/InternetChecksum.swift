/// The Internet checksum of RFC 1071 (the IPv4 header and UDP checksums): the
/// ones' complement of the ones' complement sum of 16-bit big-endian words,
/// an odd last byte padded with zero.
struct InternetChecksum {
    private var sum: UInt32 = 0
    /// Whether an odd byte is waiting for its partner (data may be added in pieces).
    private var pendingHighByte: UInt8?

    mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            if let high = pendingHighByte {
                addWord(UInt16(high) << 8 | UInt16(byte))
                pendingHighByte = nil
            } else {
                pendingHighByte = byte
            }
        }
    }

    mutating func addWord(_ word: UInt16) {
        sum += UInt32(word)
        sum = (sum & 0xFFFF) + (sum >> 16)  // fold at once: never overflows
    }

    /// The checksum to put in a header (ones' complement of the folded sum).
    var value: UInt16 {
        var copy = self
        if let high = copy.pendingHighByte { copy.addWord(UInt16(high) << 8) }
        return ~UInt16(truncatingIfNeeded: copy.sum)
    }

    static func of<Bytes: Sequence>(_ bytes: Bytes) -> UInt16 where Bytes.Element == UInt8 {
        var checksum = InternetChecksum()
        checksum.add(bytes)
        return checksum.value
    }
}
