#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A `DPP:` bootstrapping URI: a public bootstrapping key, plus optional
/// channels, MAC address, version, host and information text.
///
/// Every value of this type is valid: it comes from `init(parsing:)`, which
/// enforces the rules of shared/notes/dpp-pkex.md, or from the member-wise
/// initialiser, which checks every field so that `uri` never emits anything a
/// peer would reject (no `;` in I or H, a unicast M, ...).
public struct BootstrappingURI: Sendable, Equatable, CustomStringConvertible {
    /// One `class/channel` entry of `C:` (global operating class, channel).
    public struct Channel: Sendable, Hashable {
        public let operatingClass: UInt8
        public let number: UInt8

        public init(operatingClass: UInt8, number: UInt8) throws {
            guard operatingClass > 0, number > 0 else {
                throw EasyConnectError.invalidURI(.invalidChannelList("\(operatingClass)/\(number)"))
            }
            self.operatingClass = operatingClass
            self.number = number
        }
    }

    /// `K:`, the bootstrapping public key.
    public let publicKey: ECPoint
    /// The DER SubjectPublicKeyInfo of the key as published: the hashes are
    /// over these octets, not over a re-encoding.
    public let publicKeyInfo: [UInt8]
    /// `C:`, empty when absent.
    public let channels: [Channel]
    /// `M:`, always unicast.
    public let macAddress: MACAddress?
    /// `V:`, the DPP protocol version.
    public let version: UInt8?
    /// `H:`, the host to reach for DPP over TCP.
    public let host: String?
    /// `I:`, free information text.
    public let information: String?
    /// SHA-256(DER), the bootstrapping key hash.
    public let keyHash: [UInt8]
    /// SHA-256("chirp" ‖ DER), the presence announcement hash.
    public let chirpHash: [UInt8]

    public var curve: Curve { publicKey.curve }

    /// A URI for our own key (encoded as DER with a compressed point).
    public init(publicKey: ECPoint, channels: [Channel] = [], macAddress: MACAddress? = nil, version: UInt8? = nil,
                host: String? = nil, information: String? = nil) throws {
        try self.init(publicKey: publicKey, publicKeyInfo: try publicKey.subjectPublicKeyInfo(), channels: channels,
                      macAddress: macAddress, version: version, host: host, information: information)
    }

    /// The one place every field is checked, for parsed and built URIs alike.
    init(publicKey: ECPoint, publicKeyInfo: [UInt8], channels: [Channel], macAddress: MACAddress?,
         version: UInt8?, host: String?, information: String?) throws {
        if let macAddress, macAddress.isMulticast { throw EasyConnectError.invalidURI(.multicastMACAddress) }
        if let version, version == 0 { throw EasyConnectError.invalidURI(.invalidVersion("0")) }
        if let host, !Self.isValidHost(host) { throw EasyConnectError.invalidURI(.invalidHost(host)) }
        if let information, !Self.isValidInformation(information) {
            throw EasyConnectError.invalidURI(.invalidInformation(information))
        }
        self.publicKey = publicKey
        self.publicKeyInfo = publicKeyInfo
        self.channels = channels
        self.macAddress = macAddress
        self.version = version
        self.host = host
        self.information = information
        self.keyHash = try BootstrappingKeyHash.keyHash(der: publicKeyInfo)
        self.chirpHash = try BootstrappingKeyHash.chirpHash(der: publicKeyInfo)
    }

    // MARK: - Generation

    /// The URI text: `DPP:[C:..;][M:..;][V:..;][H:..;][I:..;]K:..;;`.
    public var uri: String {
        var text = "DPP:"
        if !channels.isEmpty {
            text += "C:" + channels.map { "\($0.operatingClass)/\($0.number)" }.joined(separator: ",") + ";"
        }
        if let macAddress { text += "M:\(macAddress.compactHex);" }
        if let version { text += "V:\(version);" }
        if let host { text += "H:\(host);" }
        if let information { text += "I:\(information);" }
        text += "K:" + Data(publicKeyInfo).base64EncodedString() + ";;"
        return text
    }

    public var description: String { uri }

    // MARK: - Field rules

    /// `I:` is printable ASCII without `;` (spec: %x20-3A / %x3C-7E), and
    /// not empty.
    static func isValidInformation(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (0x20...0x7e).contains($0) && $0 != UInt8(ascii: ";") }
    }

    /// `H:` is a host name or an IP literal, possibly with a port: letters,
    /// digits, `.`, `-`, `:`, `[`, `]`; at most 255 octets.  (Resolving it is
    /// the transport's business; this only keeps the URI well-formed.)
    static func isValidHost(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 255 && text.utf8.allSatisfy { octet in
            switch octet {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: ":"),
                 UInt8(ascii: "["), UInt8(ascii: "]"):
                return true
            default:
                return false
            }
        }
    }
}
