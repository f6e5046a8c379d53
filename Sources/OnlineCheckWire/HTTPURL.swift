import DHCP
import Glibc

/// The `http://` URL an online check fetches.  Only plain HTTP: the check
/// asks "does traffic reach the Internet", which needs no TLS (and a captive
/// portal would break TLS anyway).
public struct HTTPURL: Equatable, Sendable {
    public enum Host: Equatable, Sendable {
        case ipv4(String)
        case ipv6(String)
        case name(String)
    }

    public let host: Host
    public let port: UInt16
    /// The request target, starting with "/".
    public let path: String
    /// The Host header's value, as written in the URL.
    public let authority: String

    /// Parses `http://host[:port][/path]`; nil for anything else (other
    /// schemes, user info, spaces or control characters, bad ports).
    public init?(_ text: String) {
        guard text.lowercased().hasPrefix("http://"),
              text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else { return nil }
        let rest = text.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        var path = String(rest.dropFirst(authority.count).prefix { $0 != "#" })
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }

        var hostPart = Substring(authority)
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portPart = after.dropFirst()
            }
            guard Self.isIPv6Literal(hostPart) else { return nil }
            host = .ipv6(String(hostPart))
        } else {
            if let colon = authority.lastIndex(of: ":") {
                hostPart = authority[..<colon]
                portPart = authority[authority.index(after: colon)...]
            }
            if Self.isIPv4Literal(hostPart) {
                host = .ipv4(String(hostPart))
            } else if Self.isHostName(hostPart) {
                host = .name(hostPart.lowercased())
            } else {
                return nil
            }
        }
        if let portPart {
            guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy(\.isASCIIDigit),
                  let port = UInt16(portPart), port > 0 else { return nil }
            self.port = port
        } else {
            port = 80
        }
        self.path = path
        self.authority = String(authority)
    }

    /// Dotted-quad rules are `IPv4Address`'s (no signs, no leading zeros).
    static func isIPv4Literal(_ text: Substring) -> Bool {
        IPv4Address(String(text)) != nil
    }

    static func isIPv6Literal(_ text: Substring) -> Bool {
        var address = in6_addr()
        return String(text).withCString { inet_pton(AF_INET6, $0, &address) } == 1
    }

    /// RFC 1123 host names: dot-separated labels of letters, digits and
    /// hyphens, 1–63 octets each, 253 in all; the last label is not all
    /// digits (so a bad address such as 300.1.1.1 is not taken for a name).
    static func isHostName(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard let last = labels.last, !last.allSatisfy(\.isASCIIDigit) else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCIILetterOrDigit || $0 == "-" }
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    var isASCIILetterOrDigit: Bool { isASCIIDigit || ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
