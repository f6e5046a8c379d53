import DBus
import SessionArbitration

/// ConnMan's session settings on the wire: reading a client's a{sv} into a
/// SessionConfig, and writing the full settings a Notification.Update carries.
enum SessionSettings {
    enum Mode { case create, change }

    /// The read-write settings; everything else is read-only.
    static let writable: Set<String> = ["AllowedBearers", "ConnectionType", "AllowedInterface",
                                        "SourceIPRule", "ContextIdentifier"]

    /// Applies one setting to `config`.  A value of the wrong type is
    /// InvalidArguments in both modes; an invalid ConnectionType is dropped
    /// on create and refused on change (the note's rule 3); invalid bearer
    /// names are dropped (rule 2).
    static func apply(_ name: String, _ raw: DBusValue, to config: inout SessionConfig, mode: Mode,
                      knownBearers: Set<String>) throws(DBusError) {
        let value = raw.unwrapped
        switch name {
        case "AllowedBearers":
            guard case .array(.string, let items) = value else { throw typeError(name, "an array of strings (as)") }
            config.allowedBearers = SessionConfig.bearers(from: items.compactMap(\.stringValue), known: knownBearers)
        case "ConnectionType":
            guard case .string(let text) = value else { throw typeError(name, "a string") }
            if let type = SessionConfig.ConnectionType(rawValue: text) {
                config.connectionType = type
            } else if mode == .change {
                throw ConnMan.error("InvalidArguments", "ConnectionType must be local, internet or any, not '\(text)'")
            }
        case "AllowedInterface":
            guard case .string(let text) = value else { throw typeError(name, "a string") }
            config.allowedInterface = text
        case "SourceIPRule":
            guard case .boolean(let flag) = value else { throw typeError(name, "a boolean") }
            config.sourceIPRule = flag
        case "ContextIdentifier":
            guard case .string(let text) = value else { throw typeError(name, "a string") }
            config.contextIdentifier = text
        default:
            if mode == .change {
                throw ConnMan.error("InvalidArguments", "'\(name)' is not a setting that can be changed")
            }
            // On create, unknown and read-only names are ignored, as ConnMan does.
        }
    }

    private static func typeError(_ name: String, _ expected: String) -> DBusError {
        ConnMan.error("InvalidArguments", "\(name) must be \(expected)")
    }

    /// Every setting of a session, as the first Update carries them.
    static func all(config: SessionConfig, status: SessionStatus) -> [String: DBusValue] {
        [
            "State": .string(status.state.rawValue),
            "Name": .string(status.name),
            "Bearer": .string(status.bearer),
            "Interface": .string(status.interface),
            "IPv4": ipDictionary(status.ipv4),
            "IPv6": ipDictionary(status.ipv6),
            "AllowedBearers": .stringArray(config.allowedBearers.map(\.description)),
            "ConnectionType": .string(config.connectionType.rawValue),
            "AllowedInterface": .string(config.allowedInterface),
            "SourceIPRule": .boolean(config.sourceIPRule),
            "ContextIdentifier": .string(config.contextIdentifier),
        ]
    }

    /// The settings in `current` that differ from `previous` (all of them when
    /// nothing was sent yet), in a stable order.
    static func changed(_ current: [String: DBusValue], since previous: [String: DBusValue]?) -> [(String, DBusValue)] {
        current.filter { previous?[$0.key] != $0.value }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    private static func ipDictionary(_ settings: [String: String]) -> DBusValue {
        .properties(settings.sorted { $0.key < $1.key }.map { key, value in
            if key == "PrefixLength", let length = UInt8(value) { return (key, .byte(length)) }
            return (key, .string(value))
        })
    }
}
