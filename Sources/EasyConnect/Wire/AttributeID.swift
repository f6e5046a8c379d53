/// The type of a DPP attribute (Wi-Fi Easy Connect, attribute table): a
/// little-endian 16-bit number on the wire.  A struct rather than an enum so
/// that attributes of future versions parse and are skipped, not refused.
public struct AttributeID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let status = AttributeID(rawValue: 0x1000)
    public static let initiatorBootstrappingKeyHash = AttributeID(rawValue: 0x1001)
    public static let responderBootstrappingKeyHash = AttributeID(rawValue: 0x1002)
    public static let initiatorProtocolKey = AttributeID(rawValue: 0x1003)
    public static let wrappedData = AttributeID(rawValue: 0x1004)
    public static let initiatorNonce = AttributeID(rawValue: 0x1005)
    public static let initiatorCapabilities = AttributeID(rawValue: 0x1006)
    public static let responderNonce = AttributeID(rawValue: 0x1007)
    public static let responderCapabilities = AttributeID(rawValue: 0x1008)
    public static let responderProtocolKey = AttributeID(rawValue: 0x1009)
    public static let initiatorAuthenticatingTag = AttributeID(rawValue: 0x100a)
    public static let responderAuthenticatingTag = AttributeID(rawValue: 0x100b)
    public static let configurationObject = AttributeID(rawValue: 0x100c)
    public static let connector = AttributeID(rawValue: 0x100d)
    public static let configurationRequestObject = AttributeID(rawValue: 0x100e)
    public static let bootstrappingKey = AttributeID(rawValue: 0x100f)
    public static let finiteCyclicGroup = AttributeID(rawValue: 0x1012)
    public static let encryptedKey = AttributeID(rawValue: 0x1013)
    public static let enrolleeNonce = AttributeID(rawValue: 0x1014)
    public static let codeIdentifier = AttributeID(rawValue: 0x1015)
    public static let transactionID = AttributeID(rawValue: 0x1016)
    public static let bootstrappingInfo = AttributeID(rawValue: 0x1017)
    public static let channel = AttributeID(rawValue: 0x1018)
    public static let protocolVersion = AttributeID(rawValue: 0x1019)

    /// Attributes that may legitimately appear more than once in one list
    /// (a configurator may hand out several configuration objects).  Any
    /// other repetition is refused: two differing copies of, say, a nonce
    /// leave it open which one a check ran on.
    var mayRepeat: Bool { self == .configurationObject }

    public var description: String { "attribute 0x" + Hex.encode([UInt8(rawValue >> 8), UInt8(rawValue & 0xff)]) }
}
