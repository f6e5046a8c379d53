/// The Key Information field of an EAPOL-Key frame (IEEE 802.11-2020
/// Figure 12-33): the key descriptor version in bits 0-2, then flags.
public struct KeyInformation: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `flags` with the key descriptor version in the low three bits.
    public init(version: UInt8, _ flags: KeyInformation) {
        rawValue = flags.rawValue & ~0x7 | UInt16(version & 0x7)
    }

    /// Pairwise (1) or group (0) key.
    public static let pairwise = KeyInformation(rawValue: 1 << 3)
    public static let install = KeyInformation(rawValue: 1 << 6)
    public static let ack = KeyInformation(rawValue: 1 << 7)
    public static let mic = KeyInformation(rawValue: 1 << 8)
    public static let secure = KeyInformation(rawValue: 1 << 9)
    public static let error = KeyInformation(rawValue: 1 << 10)
    public static let request = KeyInformation(rawValue: 1 << 11)
    public static let encryptedKeyData = KeyInformation(rawValue: 1 << 12)
    public static let smkMessage = KeyInformation(rawValue: 1 << 13)

    /// 1: HMAC-MD5/RC4, 2: HMAC-SHA1-128/AES key wrap, 3: AES-128-CMAC/AES key wrap.
    public var descriptorVersion: UInt8 { UInt8(rawValue & 0x7) }
}
