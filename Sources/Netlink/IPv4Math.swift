import Glibc

/// Dotted-quad arithmetic the IP layer needs (netmask ↔ prefix, broadcast).
public enum IPv4Math {
    public static func parse(_ text: String) -> UInt32? {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return UInt32(bigEndian: address.s_addr)
    }

    public static func format(_ value: UInt32) -> String {
        "\(value >> 24).\((value >> 16) & 0xff).\((value >> 8) & 0xff).\(value & 0xff)"
    }

    /// 24 for "255.255.255.0"; nil for a mask with holes.
    public static func prefixLength(netmask: String) -> Int? {
        guard let mask = parse(netmask) else { return nil }
        let length = mask.nonzeroBitCount
        return mask == Self.netmask(prefixLength: length) ? length : nil
    }

    public static func netmask(prefixLength: Int) -> UInt32 {
        prefixLength <= 0 ? 0 : UInt32.max << UInt32(32 - min(prefixLength, 32))
    }

    public static func netmaskString(prefixLength: Int) -> String {
        format(netmask(prefixLength: prefixLength))
    }

    public static func broadcast(_ address: String, prefixLength: Int) -> String? {
        guard let value = parse(address), prefixLength < 31 else { return nil }
        return format(value | ~netmask(prefixLength: prefixLength))
    }
}
