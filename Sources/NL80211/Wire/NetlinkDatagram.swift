/// The netlink messages in one datagram read from a socket: each with its
/// type, sequence number and bytes (header included).  A length that is too
/// small or runs past the end stops the walk.
public enum NetlinkDatagram {
    public struct Entry: Sendable {
        public let type: UInt16
        public let sequence: UInt32
        public let bytes: ArraySlice<UInt8>
    }

    public static func messages(_ datagram: ArraySlice<UInt8>) -> [Entry] {
        var entries: [Entry] = []
        var offset = datagram.startIndex
        while datagram.endIndex - offset >= 16 {
            let length = Int(word(datagram, offset))
            guard length >= 16, length <= datagram.endIndex - offset else { break }
            entries.append(Entry(type: UInt16(word(datagram, offset + 4) & 0xFFFF), sequence: word(datagram, offset + 8),
                                 bytes: datagram[offset..<(offset + length)]))
            offset += (length + 3) & ~3
        }
        return entries
    }

    /// A little-endian u32 at `offset` (the caller checked the bounds).
    static func word(_ bytes: ArraySlice<UInt8>, _ offset: Int) -> UInt32 {
        var value = UInt32(bytes[offset])
        value |= UInt32(bytes[offset + 1]) << 8
        value |= UInt32(bytes[offset + 2]) << 16
        value |= UInt32(bytes[offset + 3]) << 24
        return value
    }
}
