/// Bounds-checked big-endian reads over a byte buffer: every read that would
/// pass the end throws `DHCPError.truncated`, so parsers cannot index out of
/// range.
struct ByteReader {
    private let bytes: ArraySlice<UInt8>
    private(set) var position: Int
    /// Names the structure being read, for the error.
    private let what: String

    init(_ bytes: ArraySlice<UInt8>, what: String) {
        self.bytes = bytes
        self.position = bytes.startIndex
        self.what = what
    }

    var remaining: Int { bytes.endIndex - position }

    mutating func readByte() throws(DHCPError) -> UInt8 {
        guard remaining >= 1 else { throw .truncated(what) }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func readUInt16() throws(DHCPError) -> UInt16 {
        let slice = try readBytes(2)
        return UInt16(slice[slice.startIndex]) << 8 | UInt16(slice[slice.startIndex + 1])
    }

    mutating func readUInt32() throws(DHCPError) -> UInt32 {
        let slice = try readBytes(4)
        return slice.reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func readAddress() throws(DHCPError) -> IPv4Address {
        IPv4Address(rawValue: try readUInt32())
    }

    mutating func readBytes(_ count: Int) throws(DHCPError) -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else { throw .truncated(what) }
        defer { position += count }
        return bytes[position..<position + count]
    }
}

/// Big-endian appends, the serializers' counterpart of `ByteReader`.
extension Array where Element == UInt8 {
    mutating func appendUInt16(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }

    mutating func appendUInt32(_ value: UInt32) {
        appendUInt16(UInt16(truncatingIfNeeded: value >> 16))
        appendUInt16(UInt16(truncatingIfNeeded: value))
    }

    mutating func appendAddress(_ address: IPv4Address) { appendUInt32(address.rawValue) }
}
