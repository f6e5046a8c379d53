/// The enrollee's Configuration Request object (the JSON in the
/// Configuration Attributes attribute):
/// `{"name":"..","wi-fi_tech":"infra","netRole":"sta"}`.
/// Unknown members (`bandSupport`, `mudurl`, ...) are accepted and ignored.
public struct ConfigurationRequest: Equatable, Sendable {
    /// The role the enrollee asks to be configured for.
    public enum NetworkRole: String, Sendable, CaseIterable {
        case station = "sta"
        case accessPoint = "ap"
        case configurator
    }

    /// The only Wi-Fi technology this engine provisions.
    public static let infrastructure = "infra"

    /// A name for the enrollee, shown by the configurator.
    public let name: String
    public let networkRole: NetworkRole

    public init(name: String, networkRole: NetworkRole = .station) throws {
        guard !name.isEmpty, name.utf8.count <= 255 else {
            throw EasyConnectError.invalidConfiguration("enrollee name of \(name.utf8.count) octets")
        }
        self.name = name
        self.networkRole = networkRole
    }

    /// The JSON text to send.
    public func encoded() -> [UInt8] {
        JSONWriter.write(.object([
            ("name", .string(name)),
            ("wi-fi_tech", .string(Self.infrastructure)),
            ("netRole", .string(networkRole.rawValue)),
        ]))
    }

    /// A received request; refused unless it is strict JSON with a name, the
    /// `infra` technology and a known network role.
    public init(parsing octets: some Collection<UInt8>) throws {
        let json = try JSONReader.parse(octets)
        guard let technology = json["wi-fi_tech"]?.stringValue else {
            throw EasyConnectError.invalidConfiguration("no wi-fi_tech")
        }
        guard technology == Self.infrastructure else {
            throw EasyConnectError.invalidConfiguration("wi-fi_tech \(technology)")
        }
        guard let roleText = json["netRole"]?.stringValue, let role = NetworkRole(rawValue: roleText) else {
            throw EasyConnectError.invalidConfiguration("missing or unknown netRole")
        }
        guard let name = json["name"]?.stringValue else { throw EasyConnectError.invalidConfiguration("no name") }
        try self.init(name: name, networkRole: role)
    }
}
