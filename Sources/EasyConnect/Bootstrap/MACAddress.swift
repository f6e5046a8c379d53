/// A 48-bit IEEE MAC address.
public struct MACAddress: Sendable, Hashable, CustomStringConvertible {
    public let octets: [UInt8]

    public init(_ octets: [UInt8]) throws {
        guard octets.count == 6 else {
            throw EasyConnectError.invalidLength(what: "MAC address", expected: "6", actual: octets.count)
        }
        self.octets = octets
    }

    /// From exactly 12 hex digits, no separators (the URI's `M:` form).
    public init?(compactHex text: some StringProtocol) {
        guard text.utf8.count == 12, let octets = Hex.decode(text) else { return nil }
        self.octets = octets
    }

    /// The group bit: set for multicast and broadcast addresses.
    public var isMulticast: Bool { octets[0] & 0x01 != 0 }

    /// 12 lowercase hex digits, no separators.
    public var compactHex: String { Hex.encode(octets) }

    /// `aa:bb:cc:dd:ee:ff`.
    public var description: String {
        Hex.colonSeparated(octets)
    }
}
