/// A suite selector (IEEE 802.11-2020 9.4.2.24.2): a 3-octet OUI and a suite
/// type, packed as nl80211 and the kernel spell them, so `rawValue` is what
/// the adapter passes as NL80211_ATTR_KEY_CIPHER or NL80211_ATTR_AKM_SUITES
/// (`WLAN_CIPHER_SUITE_CCMP` is 0x000FAC04).  `Kind` tells ciphers from AKMs.
public struct SuiteSelector<Kind: SuiteKind>: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// A selector under the IEEE 802.11 OUI, 00-0F-AC.
    init(ieee type: UInt8) { rawValue = 0x000F_AC00 | UInt32(type) }

    /// OUI then type, as the octets appear in an element.
    var octets: [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: rawValue >> $0) } }

    init(octets: ArraySlice<UInt8>) { rawValue = octets.reduce(0) { $0 << 8 | UInt32($1) } }

    /// "00-0F-AC:4", the standard's notation.
    public var description: String {
        let oui = octets.prefix(3).map { String($0, radix: 16, uppercase: true) }
            .map { $0.count == 1 ? "0" + $0 : $0 }.joined(separator: "-")
        return "\(oui):\(rawValue & 0xFF)"
    }
}

public protocol SuiteKind: Sendable {}
public enum CipherKind: SuiteKind {}
public enum AKMKind: SuiteKind {}

public typealias CipherSuite = SuiteSelector<CipherKind>
public typealias AKMSuite = SuiteSelector<AKMKind>

extension SuiteSelector where Kind == CipherKind {
    public static var useGroupCipher: Self { Self(ieee: 0) }
    public static var wep40: Self { Self(ieee: 1) }
    public static var tkip: Self { Self(ieee: 2) }
    public static var ccmp128: Self { Self(ieee: 4) }
    public static var wep104: Self { Self(ieee: 5) }
    public static var bipCMAC128: Self { Self(ieee: 6) }
    public static var groupAddressedTrafficNotAllowed: Self { Self(ieee: 7) }
    public static var gcmp128: Self { Self(ieee: 8) }
    public static var gcmp256: Self { Self(ieee: 9) }
    public static var ccmp256: Self { Self(ieee: 10) }
    public static var bipGMAC128: Self { Self(ieee: 11) }
    public static var bipGMAC256: Self { Self(ieee: 12) }
    public static var bipCMAC256: Self { Self(ieee: 13) }

    /// Octets of a temporal key of this data cipher the engine installs
    /// (IEEE 802.11-2020 Table 12-8); nil for the rest (TKIP, WEP, none).
    public var temporalKeyLength: Int? {
        switch self {
        case .ccmp128, .gcmp128: 16
        case .ccmp256, .gcmp256: 32
        default: nil
        }
    }

    /// Octets of an IGTK of this group management cipher; nil for the rest.
    public var integrityKeyLength: Int? {
        switch self {
        case .bipCMAC128, .bipGMAC128: 16
        case .bipCMAC256, .bipGMAC256: 32
        default: nil
        }
    }
}

extension SuiteSelector where Kind == AKMKind {
    public static var ieee8021X: Self { Self(ieee: 1) }
    public static var psk: Self { Self(ieee: 2) }
    public static var ftIEEE8021X: Self { Self(ieee: 3) }
    public static var ftPSK: Self { Self(ieee: 4) }
    public static var ieee8021XSHA256: Self { Self(ieee: 5) }
    public static var pskSHA256: Self { Self(ieee: 6) }
    public static var sae: Self { Self(ieee: 8) }
}
