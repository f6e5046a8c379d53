/// An IPv4 address in host byte order (`rawValue` 0xC0000201 is 192.0.2.1).
public struct IPv4Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: UInt32

    public static let any = IPv4Address(rawValue: 0)
    public static let broadcast = IPv4Address(rawValue: 0xFFFF_FFFF)

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        rawValue = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Dotted-quad text: four decimal parts 0...255, digits only, no leading
    /// zeros (which inet_aton would read as octal).
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ ("0"..."9").contains($0) }),
                  part.count == 1 || part.first != "0", let byte = UInt8(part) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        rawValue = value
    }

    /// The four bytes in network order.
    public var bytes: [UInt8] {
        [UInt8(truncatingIfNeeded: rawValue >> 24), UInt8(truncatingIfNeeded: rawValue >> 16),
         UInt8(truncatingIfNeeded: rawValue >> 8), UInt8(truncatingIfNeeded: rawValue)]
    }

    public var description: String { bytes.map(String.init).joined(separator: ".") }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The prefix length of a contiguous netmask (255.255.255.0 → 24); nil for
    /// a mask with holes, which no route or address can use.
    public var prefixLengthOfMask: Int? {
        let ones = (~rawValue).leadingZeroBitCount
        return Self.mask(prefixLength: ones) == self ? ones : nil
    }

    /// Whether a host may use this address as its own: not 0.0.0.0/8,
    /// loopback, multicast, reserved (240/4) nor broadcast.
    public var isUnicastHost: Bool {
        let first = rawValue >> 24
        return first != 0 && first != 127 && first < 224
    }

    /// The netmask of a prefix length 0...32.
    public static func mask(prefixLength: Int) -> IPv4Address {
        precondition((0...32).contains(prefixLength), "IPv4 prefix length out of range")
        return IPv4Address(rawValue: prefixLength == 0 ? 0 : ~UInt32(0) << (32 - prefixLength))
    }
}
