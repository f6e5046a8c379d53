/// Takes octets from the front of a buffer.  Taking more than is left throws
/// `truncated` with the name of the structure being read, so no parser of
/// this module can index past its input.
struct ByteCursor {
    private var rest: ArraySlice<UInt8>
    private let structure: String

    init(_ bytes: ArraySlice<UInt8>, reading structure: String) {
        rest = bytes
        self.structure = structure
    }

    var isAtEnd: Bool { rest.isEmpty }
    var remainingCount: Int { rest.count }

    mutating func take(_ count: Int) throws(WPAError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= rest.count else { throw .truncated(structure) }
        defer { rest = rest.dropFirst(count) }
        return rest.prefix(count)
    }

    mutating func takeArray(_ count: Int) throws(WPAError) -> [UInt8] { Array(try take(count)) }

    mutating func takeByte() throws(WPAError) -> UInt8 {
        let octet = try take(1)
        return octet[octet.startIndex]
    }

    /// An unsigned integer of `T`'s width, most significant octet first (EAPOL).
    mutating func takeBigEndian<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) throws(WPAError) -> T {
        try take(T.bitWidth / 8).reduce(0) { $0 << 8 | T($1) }
    }

    /// A 16-bit integer, least significant octet first (802.11 elements).
    mutating func takeLittleEndianUInt16() throws(WPAError) -> UInt16 {
        let value: UInt16 = try takeBigEndian(UInt16.self)
        return value.byteSwapped
    }

    mutating func takeRest() -> ArraySlice<UInt8> {
        defer { rest = rest.suffix(0) }
        return rest
    }
}

extension FixedWidthInteger {
    /// The octets, most significant first.
    var bigEndianBytes: [UInt8] {
        stride(from: Self.bitWidth - 8, through: 0, by: -8).map { UInt8(truncatingIfNeeded: self >> $0) }
    }
}

extension Array where Element == UInt8 {
    /// `self` cut or zero-padded to `count` octets: the serializers write
    /// fixed-size fields at their size whatever a caller stored.
    func fitted(to count: Int) -> [UInt8] {
        self.count == count ? self : Array(prefix(count)) + [UInt8](repeating: 0, count: Swift.max(0, count - self.count))
    }
}
