/// Hexadecimal text: MAC addresses in DPP URIs, constants in the source, the
/// tools' PSKs and key files, and iwd's SSID spellings (known-network file
/// names, object paths).
public enum Hex {
    /// The octets of `text` (an even number of hex digits, either case), or
    /// nil if it is anything else.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        decode(digits: text.utf8)
    }

    /// The same for ASCII digits given as octets.
    public static func decode(digits: some Collection<UInt8>) -> [UInt8]? {
        let digits = Array(digits)
        guard digits.count % 2 == 0 else { return nil }
        var octets: [UInt8] = []
        octets.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            octets.append(high << 4 | low)
            index += 2
        }
        return octets
    }

    public static func encode(_ octets: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for octet in octets {
            text.append(digits[Int(octet >> 4)])
            text.append(digits[Int(octet & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Octets as `aa:bb:cc:dd:ee:ff`, the usual text of a MAC address.
    public static func colonSeparated(_ octets: some Sequence<UInt8>) -> String {
        octets.map { encode([$0]) }.joined(separator: ":")
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
