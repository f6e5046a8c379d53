/// A TCP endpoint as a user or a URI's `H:` writes it: `HOST`, `HOST:PORT`,
/// `[IPv6]`, `[IPv6]:PORT` or a bare IPv6 literal (which cannot carry a
/// port).  `HOST` is an IP literal or a name; resolving it is `SocketAddress`'s
/// business.
public struct TCPEndpoint: Equatable, Sendable, CustomStringConvertible {
    /// DPP over TCP's registered port.
    public static let dppPort: UInt16 = 8908
    /// Where `--listen PORT` binds when no address is given.
    public static let anyIPv4 = "0.0.0.0"

    public let host: String
    public let port: UInt16

    public init(host: String, port: UInt16) throws {
        guard !host.isEmpty, !host.contains(where: { $0 == "[" || $0 == "]" || $0.isWhitespace }) else {
            throw TCPTransportError.invalidEndpoint(host)
        }
        self.host = host
        self.port = port
    }

    /// A peer's address; the port defaults to DPP's.
    public init(parsing text: String, defaultPort: UInt16 = TCPEndpoint.dppPort) throws {
        let (host, port) = try Self.split(text)
        try self.init(host: host, port: try port.map { try Self.port($0, in: text) } ?? defaultPort, text: text)
    }

    /// Where to listen: `PORT` alone (every IPv4 address) or an address with
    /// a port.
    public init(listening text: String) throws {
        if !text.isEmpty, text.allSatisfy(\.isASCIIDigit) {
            try self.init(host: Self.anyIPv4, port: try Self.port(Substring(text), in: text))
            return
        }
        let (host, port) = try Self.split(text)
        guard let port else { throw TCPTransportError.invalidEndpoint(text) }
        try self.init(host: host, port: try Self.port(port, in: text), text: text)
    }

    /// As `init(host:port:)`, naming the whole `text` the user wrote when refused.
    private init(host: String, port: UInt16, text: String) throws {
        do {
            try self.init(host: host, port: port)
        } catch {
            throw TCPTransportError.invalidEndpoint(text)
        }
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    // MARK: - Parsing

    private static func split(_ text: String) throws -> (host: String, port: Substring?) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw TCPTransportError.invalidEndpoint(text) }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.isEmpty { return (host, nil) }
            guard rest.first == ":" else { throw TCPTransportError.invalidEndpoint(text) }
            return (host, rest.dropFirst())
        }
        let colons = text.filter { $0 == ":" }.count
        if colons == 1, let colon = text.firstIndex(of: ":") {
            return (String(text[..<colon]), text[text.index(after: colon)...])
        }
        return (text, nil)  // a name, an IPv4 literal, or a bare IPv6 literal
    }

    private static func port(_ digits: Substring, in text: String) throws -> UInt16 {
        guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy(\.isASCIIDigit), let port = UInt16(digits),
              port > 0
        else { throw TCPTransportError.invalidEndpoint(text) }
        return port
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
