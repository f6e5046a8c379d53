/// Netlink attributes (struct nlattr: u16 length, u16 type, payload padded to
/// 4 octets), read from bytes the kernel sent.  Pure and bounds-checked: a
/// truncated or oversized attribute ends the walk instead of trapping, so
/// whatever arrives from the socket is safe to parse.
public struct NetlinkAttributes: Sendable {
    /// Attribute types carry two flag bits (nested, network byte order).
    static let typeMask: UInt16 = 0x3FFF

    /// Each attribute's payload by type; a repeated type keeps the last.
    private var payloads: [UInt16: ArraySlice<UInt8>] = [:]
    /// Payloads in the order they came (for lists of nested entries).
    public private(set) var ordered: [(type: UInt16, payload: ArraySlice<UInt8>)] = []

    public init<C: Collection>(_ bytes: C) where C.Element == UInt8, C.Index == Int {
        var offset = bytes.startIndex
        while bytes.endIndex - offset >= 4 {
            let length = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
            let type = (UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3]) << 8) & Self.typeMask
            guard length >= 4, length <= bytes.endIndex - offset else { break }
            let payload = ArraySlice(bytes[(offset + 4)..<(offset + length)])
            payloads[type] = payload
            ordered.append((type, payload))
            offset += (length + 3) & ~3
        }
    }

    public init(_ bytes: [UInt8]) {
        self.init(bytes[...])
    }

    public subscript(type: UInt32) -> ArraySlice<UInt8>? {
        guard type <= UInt32(Self.typeMask) else { return nil }
        return payloads[UInt16(type)]
    }

    public func has(_ type: UInt32) -> Bool { self[type] != nil }

    public func u8(_ type: UInt32) -> UInt8? {
        guard let value = self[type], value.count >= 1 else { return nil }
        return value[value.startIndex]
    }

    public func u16(_ type: UInt32) -> UInt16? { integer(type, UInt16.self) }
    public func u32(_ type: UInt32) -> UInt32? { integer(type, UInt32.self) }
    public func u64(_ type: UInt32) -> UInt64? { integer(type, UInt64.self) }
    public func s32(_ type: UInt32) -> Int32? { u32(type).map { Int32(bitPattern: $0) } }

    /// A NUL-terminated (or not) string attribute.
    public func string(_ type: UInt32) -> String? {
        guard let value = self[type] else { return nil }
        let bytes = value.prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func bytes(_ type: UInt32) -> [UInt8]? { self[type].map(Array.init) }

    public func nested(_ type: UInt32) -> NetlinkAttributes? { self[type].map(NetlinkAttributes.init) }

    /// A nested attribute holding a list (entries numbered 0, 1, ... or 1, 2, ...).
    public func list(_ type: UInt32) -> [NetlinkAttributes] {
        nested(type)?.ordered.map { NetlinkAttributes($0.payload) } ?? []
    }

    /// Host byte order (little-endian on every platform we build for); a
    /// payload shorter than the type is no value.
    private func integer<T: FixedWidthInteger>(_ type: UInt32, _: T.Type) -> T? {
        guard let value = self[type], value.count >= MemoryLayout<T>.size else { return nil }
        var result: T = 0
        for (shift, byte) in value.prefix(MemoryLayout<T>.size).enumerated() {
            result |= T(byte) << (shift * 8)
        }
        return result
    }
}

/// Builds netlink attributes for a request.
public struct NetlinkAttributeWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func put(_ type: UInt32, _ payload: [UInt8]) {
        let length = 4 + payload.count
        bytes += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(type & 0xFF), UInt8((type >> 8) & 0xFF)]
        bytes += payload
        bytes += [UInt8](repeating: 0, count: (4 - length % 4) % 4)
    }

    public mutating func flag(_ type: UInt32) { put(type, []) }
    public mutating func u8(_ type: UInt32, _ value: UInt8) { put(type, [value]) }
    public mutating func u16(_ type: UInt32, _ value: UInt16) { put(type, Self.littleEndian(value)) }
    public mutating func u32(_ type: UInt32, _ value: UInt32) { put(type, Self.littleEndian(value)) }
    public mutating func u64(_ type: UInt32, _ value: UInt64) { put(type, Self.littleEndian(value)) }
    public mutating func string(_ type: UInt32, _ value: String) { put(type, Array(value.utf8) + [0]) }

    /// A nested attribute (NLA_F_NESTED set, as strict kernel policies want).
    public mutating func nested(_ type: UInt32, _ build: (inout NetlinkAttributeWriter) -> Void) {
        var inner = NetlinkAttributeWriter()
        build(&inner)
        put(type | 0x8000, inner.bytes)
    }

    /// A nested list whose entries are numbered from 1.
    public mutating func list(_ type: UInt32, _ entries: [[UInt8]]) {
        nested(type) { inner in
            for (index, entry) in entries.enumerated() { inner.put(UInt32(index + 1), entry) }
        }
    }

    public static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<MemoryLayout<T>.size).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}
