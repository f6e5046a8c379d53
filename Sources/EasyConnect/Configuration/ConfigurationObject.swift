/// A Configuration Object for an infrastructure network with a passphrase or
/// a PSK:
/// `{"wi-fi_tech":"infra","discovery":{"ssid":".."},"cred":{"akm":"psk","pass":".."}}`.
///
/// We send a PSK as `psk_hex` (64 hex digits), the name wpa_supplicant and
/// hostapd read.  We accept `pass`, `psk_hex`, and `psk` (what iwd sends), in
/// that order of preference; `akm` is split on `+`; unknown members are
/// ignored.  Connector-only (`dpp`) networks are not provisioned by this
/// engine: a received object needs a `psk` or `sae` AKM and a credential.
public struct ConfigurationObject: Equatable, Sendable {
    public enum Credential: Equatable, Sendable {
        /// 8 to 63 printable ASCII characters.
        case passphrase(String)
        /// The 32-octet pre-shared key.
        case psk([UInt8])
    }

    public let ssid: String
    /// AKM suite names as in `akm` (`psk`, `sae`, `dpp`, ...), in order.
    public let akms: [String]
    public let credential: Credential

    /// The one place every field is checked, for built and parsed objects.
    public init(ssid: String, credential: Credential, akms: [String] = ["psk"]) throws {
        guard !ssid.isEmpty, ssid.utf8.count <= 32 else {
            throw EasyConnectError.invalidConfiguration("SSID of \(ssid.utf8.count) octets")
        }
        guard !akms.isEmpty, akms.allSatisfy({ !$0.isEmpty && !$0.contains("+") }) else {
            throw EasyConnectError.invalidConfiguration("malformed akm list")
        }
        guard akms.contains("psk") || akms.contains("sae") else {
            throw EasyConnectError.invalidConfiguration("no psk or sae AKM in \(akms.joined(separator: "+"))")
        }
        switch credential {
        case .passphrase(let passphrase):
            guard (8...63).contains(passphrase.utf8.count), passphrase.utf8.allSatisfy({ (0x20...0x7e).contains($0) })
            else {
                throw EasyConnectError.invalidConfiguration("passphrase must be 8 to 63 printable ASCII characters")
            }
        case .psk(let psk):
            guard psk.count == 32 else { throw EasyConnectError.invalidConfiguration("PSK of \(psk.count) octets") }
            guard akms.contains("psk") else { throw EasyConnectError.invalidConfiguration("SAE needs a passphrase") }
        }
        self.ssid = ssid
        self.akms = akms
        self.credential = credential
    }

    /// The JSON text to send.
    public func encoded() -> [UInt8] {
        let secret: (String, JSONWriter.JSONOutput)
        switch credential {
        case .passphrase(let passphrase): secret = ("pass", .string(passphrase))
        case .psk(let psk): secret = ("psk_hex", .string(Hex.encode(psk)))
        }
        return JSONWriter.write(.object([
            ("wi-fi_tech", .string(ConfigurationRequest.infrastructure)),
            ("discovery", .object([("ssid", .string(ssid))])),
            ("cred", .object([("akm", .string(akms.joined(separator: "+"))), secret])),
        ]))
    }

    /// A received object; refused unless strict JSON that yields a usable
    /// network (see the type's comment).
    public init(parsing octets: some Collection<UInt8>) throws {
        let json = try JSONReader.parse(octets)
        guard json["wi-fi_tech"]?.stringValue == ConfigurationRequest.infrastructure else {
            throw EasyConnectError.invalidConfiguration("missing or unsupported wi-fi_tech")
        }
        guard let ssid = json["discovery"]?["ssid"]?.stringValue else {
            throw EasyConnectError.invalidConfiguration("no discovery.ssid")
        }
        guard let cred = json["cred"], let akm = cred["akm"]?.stringValue else {
            throw EasyConnectError.invalidConfiguration("no cred.akm")
        }
        let akms = akm.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        let credential: Credential
        if let passphrase = cred["pass"]?.stringValue {
            credential = .passphrase(passphrase)
        } else if let hex = cred["psk_hex"]?.stringValue ?? cred["psk"]?.stringValue {
            guard hex.utf8.count == 64, let psk = Hex.decode(hex) else {
                throw EasyConnectError.invalidConfiguration("PSK is not 64 hex digits")
            }
            credential = .psk(psk)
        } else {
            throw EasyConnectError.invalidConfiguration("no pass, psk_hex or psk")
        }
        try self.init(ssid: ssid, credential: credential, akms: akms)
    }
}
