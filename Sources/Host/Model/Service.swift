/// A network a user can connect to, offered by a bearer plugin.
public struct Service: Sendable, Equatable, Identifiable {
    public typealias ID = UInt64

    /// The parts of a service that can change after it was added; observers
    /// are told which ones did.  `error` is `reportedError`; `nameservers`
    /// and `domains` are the views of the IP settings that clients see as
    /// properties of their own.  Faces report a change's fields in the order
    /// declared (`allCases`), so an address comes before the state it enables.
    public enum Field: Sendable, Hashable, CaseIterable {
        case autoConnect, domains, error, favorite, frequency, ipv4, ipv6, nameservers, state, strength
    }

    public let id: ID
    /// Name of the plugin that owns it; only that plugin may change it.
    public let plugin: String
    /// Device it belongs to, if any.
    public let device: Device.ID?
    public let bearer: String
    public let name: String
    /// Stable identifier, e.g. `ethernet_0200c0a80101_cable`; [A-Za-z0-9_].
    public let identifier: String
    public let security: String
    public var strength: UInt8
    public var state: ServiceState = .idle
    public var ipv4: IPv4Settings?
    public var ipv6: IPv6Settings?
    /// The user's choice (ConnMan's AutoConnect); the host, not the plugin, owns it.
    public var autoConnect = false
    /// Why the last connection attempt failed, in ConnMan's words ("invalid-key",
    /// ...), as the plugin reported it, or `connectFailed` for a failure it did
    /// not explain; cleared when a new Connect starts.
    public var error: String?
    public static let connectFailed = "connect-failed"
    /// The host holds credentials for it (a known network): ConnMan's Favorite.
    public var favorite = false
    /// The channel a connected Wi-Fi service uses, in MHz (0: unknown); a
    /// DPP configurator listens there.  For one not connected: where it was
    /// last seen (a shared-code enrollee searches those channels).
    public var frequency: UInt32 = 0

    /// The error clients see: none while connected, whatever the last attempt left.
    public var reportedError: String? { state.isConnected ? nil : error }
    /// Name servers of both families, IPv4's first.
    public var nameservers: [String] { (ipv4?.nameservers ?? []) + (ipv6?.nameservers ?? []) }
    /// Search domains (from IPv4's configuration).
    public var domains: [String] { ipv4?.domains ?? [] }

    /// True when `identifier` can name a service: non-empty, [A-Za-z0-9_]
    /// only (it becomes a D-Bus object path element), at most 255 bytes.
    public static func isValidIdentifier(_ identifier: String) -> Bool {
        !identifier.isEmpty && identifier.utf8.count <= 255 && identifier.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x5f
        }
    }

    /// True when `error` can be an Error property: ConnMan's kind of name
    /// ("invalid-key"), [a-z0-9-], 1 to 64 bytes.
    public static func isValidError(_ error: String) -> Bool {
        !error.isEmpty && error.utf8.count <= 64 && error.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x2d
        }
    }

    /// True when `bearer` can name a bearer type: [a-z0-9], 1 to 32 bytes.
    public static func isValidBearer(_ bearer: String) -> Bool {
        !bearer.isEmpty && bearer.utf8.count <= 32 && bearer.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7a)
        }
    }
}
