import Hexadecimal

/// One known network as iwd keeps it (iwd.network(5)): a file named after
/// the SSID and the network type, holding `[Security]` `Passphrase=` and
/// `PreSharedKey=`.  Pure: names and text only, no file system.
enum KnownNetworkFile {
    /// The network types iwd names its files after, from a service's Security.
    enum NetworkType: String, Sendable, CaseIterable {
        case open, psk, ieee8021x = "8021x"

        init?(security: String) {
            switch security {
            case "none": self = .open
            case "psk": self = .psk
            case "ieee8021x": self = .ieee8021x
            default: return nil
            }
        }
    }

    /// `<ssid>.<type>`: the SSID verbatim when it has only ASCII letters,
    /// digits, spaces, '_' and '-', else '=' and its lower-case hex.  nil for an
    /// SSID that cannot be one (empty, or more than 32 bytes).
    static func name(ssid: String, type: NetworkType) -> String? {
        let bytes = Array(ssid.utf8)
        guard (1...32).contains(bytes.count) else { return nil }
        let verbatim = bytes.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
                || byte == 0x20 || byte == 0x5f || byte == 0x2d
        }
        return (verbatim ? ssid : "=" + Hex.encode(bytes)) + "." + type.rawValue
    }

    /// The SSID and type a file name stands for; nil for other files.
    static func parse(name: String) -> (ssid: String, type: NetworkType)? {
        guard let dot = name.lastIndex(of: "."), let type = NetworkType(rawValue: String(name[name.index(after: dot)...])) else {
            return nil
        }
        let stem = name[..<dot]
        let ssid: String
        if stem.hasPrefix("=") {
            guard let bytes = Hex.decode(stem.dropFirst()), !bytes.isEmpty, let text = String(validating: bytes, as: UTF8.self) else { return nil }
            ssid = text
        } else {
            ssid = String(stem)
        }
        // Only the canonical spelling counts, so one network has one file.
        guard Self.name(ssid: ssid, type: type) == name else { return nil }
        return (ssid, type)
    }

    /// The file's text for a PSK network's secret.
    static func text(for secret: NetworkSecret) -> String {
        var text = "[Security]\n"
        if let passphrase = secret.passphrase { text += "Passphrase=\(escape(passphrase))\n" }
        if let key = secret.preSharedKey { text += "PreSharedKey=\(key)\n" }
        return text
    }

    /// The secret in a PSK network's file, or why there is none.
    static func secret(in text: String, file: String) -> Result<NetworkSecret, Malformed> {
        let ini = IniFile(file: file, text: text)
        if let first = ini.diagnostics.first { return .failure(Malformed(reason: first.description)) }
        guard let security = ini.section("Security") else { return .failure(Malformed(reason: "\(file): no [Security] section")) }
        let passphrase = security.rawValue("Passphrase").map(unescape)
        let key = security.value("PreSharedKey")
        guard let secret = NetworkSecret(passphrase: passphrase, preSharedKey: key) else {
            let reason = passphrase == nil && key == nil
                ? "neither Passphrase nor PreSharedKey is set"
                : "Passphrase must be 8 to 63 printable ASCII characters and PreSharedKey 64 hex digits"
            return .failure(Malformed(reason: "\(file): \(reason)"))
        }
        return .success(secret)
    }

    struct Malformed: Error, Equatable, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    /// iwd's value escapes: backslash always, and a leading space as `\s`.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            if character == "\\" { out += "\\\\" } else { out.append(character) }
        }
        if out.hasPrefix(" ") { out = "\\s" + out.dropFirst() }
        return out
    }

    static func unescape(_ value: String) -> String {
        var out = ""
        var escaped = false
        for character in value {
            if escaped {
                switch character {
                case "s": out.append(" ")
                case "t": out.append("\t")
                case "n": out.append("\n")
                case "r": out.append("\r")
                default: out.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
