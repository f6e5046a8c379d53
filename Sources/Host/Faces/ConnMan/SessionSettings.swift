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
    /// names are dropped (rule 2).  `knownBearers` is only evaluated for AllowedBearers:
    /// building the set on every CreateSession was a measurable part of its cost.
    static func apply(_ name: String, _ raw: DBusValue, to config: inout SessionConfig, mode: Mode,
                      knownBearers: @autoclosure () -> Set<String>) throws(DBusError) {
        let value = raw.unwrapped
        switch name {
        case "AllowedBearers":
            guard case .array(.string, let items) = value else { throw typeError(name, "an array of strings (as)") }
            config.allowedBearers = SessionConfig.bearers(from: items.compactMap(\.stringValue), known: knownBearers())
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

    /// The names of every setting, in the order Updates list them.
    static let names = ["AllowedBearers", "AllowedInterface", "Bearer", "ConnectionType", "ContextIdentifier",
                        "IPv4", "IPv6", "Interface", "Name", "SourceIPRule", "State"]

    /// Every setting of a session, as the first Update carries them, in the
    /// order of `names`.  Values only (no dictionary): a session keeps the last
    /// ones it sent, so this is most of a session's memory.
    static func all(config: SessionConfig, status: SessionStatus, ipValues: inout IPValueCache) -> [DBusValue] {
        [
            .stringArray(config.allowedBearers.map(\.description)),
            .string(config.allowedInterface),
            .string(status.bearer),
            .string(config.connectionType.rawValue),
            .string(config.contextIdentifier),
            ipValues.value(for: status.ipv4),
            ipValues.value(for: status.ipv6),
            .string(status.interface),
            .string(status.name),
            .boolean(config.sourceIPRule),
            .string(status.state.rawValue),
        ]
    }

    /// The settings in `current` that differ from `previous` (all of them when
    /// nothing was sent yet), named and in the order of `names`.
    static func changed(_ current: [DBusValue], since previous: [DBusValue]?) -> [(String, DBusValue)] {
        zip(names, current).enumerated().compactMap { index, setting in
            previous?[index] == setting.1 ? nil : setting
        }
    }

    /// The IPv4/IPv6 dictionaries of an Update.  Every session on one service
    /// reports the same ones; building each distinct one once lets all those
    /// sessions' last-sent settings share one copy instead of one each.
    struct IPValueCache {
        private var values: [[String: String]: DBusValue] = [:]

        mutating func value(for settings: [String: String]) -> DBusValue {
            if let value = values[settings] { return value }
            if values.count >= 64 { values.removeAll() }  // addresses come and go; keep it small
            let value = DBusValue.properties(settings.sorted { $0.key < $1.key }.map { key, value in
                if key == "PrefixLength", let length = UInt8(value) { return (key, .byte(length)) }
                return (key, .string(value))
            })
            values[settings] = value
            return value
        }
    }
}
