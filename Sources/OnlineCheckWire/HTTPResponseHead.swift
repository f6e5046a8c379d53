/// The status line and headers of an HTTP/1.x response, which is all an
/// online check reads.  Bytes come from the network, so every rule is
/// checked and nothing is trusted: bounded size, CRLF lines, a three-digit
/// status, `name: value` headers of visible ASCII.
public struct HTTPHeader: Equatable, Sendable {
    public let name: String
    public let value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

public struct HTTPResponseHead: Equatable, Sendable {
    public enum ParseError: Error, Equatable {
        case tooLarge, badStatusLine, badHeader
    }

    /// Larger heads are refused: no check endpoint needs more.
    public static let maximumSize = 16 * 1024

    public let status: Int
    /// Names lower-cased, values trimmed, in arrival order.
    public let headers: [HTTPHeader]

    /// The head at the start of `bytes`, nil when its end (an empty line)
    /// has not arrived yet.
    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> HTTPResponseHead? {
        guard let end = headEnd(bytes) else {
            if bytes.count > maximumSize { throw .tooLarge }
            return nil
        }
        guard end <= maximumSize else { throw .tooLarge }
        var lines = split(bytes[..<end])
        guard !lines.isEmpty else { throw .badStatusLine }
        let status = try statusCode(lines.removeFirst())
        var headers: [HTTPHeader] = []
        for line in lines {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else { throw .badHeader }
            let name = line[..<colon], value = line[(colon + 1)...]
            guard name.allSatisfy(isTokenByte), value.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7f) }) else {
                throw .badHeader
            }
            headers.append(HTTPHeader(name: String(decoding: name, as: UTF8.self).lowercased(),
                                      value: String(decoding: trimmingOptionalWhitespace(value), as: UTF8.self)))
        }
        return HTTPResponseHead(status: status, headers: headers)
    }

    public func value(of name: String) -> String? {
        let name = name.lowercased()
        return headers.first { $0.name == name }?.value
    }

    /// Index just past the first "\r\n\r\n".
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        let blankLine: [UInt8] = [0x0d, 0x0a, 0x0d, 0x0a]
        return (0...(bytes.count - 4)).first { bytes[$0..<($0 + 4)].elementsEqual(blankLine) }.map { $0 + 4 }
    }

    /// The CRLF-terminated lines of a head (its final empty line dropped).
    private static func split(_ head: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = head.startIndex
        var i = head.startIndex
        while i + 1 < head.endIndex {
            if head[i] == 0x0d && head[i + 1] == 0x0a {
                lines.append(head[start..<i])
                i += 2
                start = i
            } else {
                i += 1
            }
        }
        return lines.filter { !$0.isEmpty }
    }

    /// "HTTP/1.x NNN reason".
    private static func statusCode(_ line: ArraySlice<UInt8>) throws(ParseError) -> Int {
        let prefix = Array("HTTP/1.".utf8)
        guard line.count >= 12, line.starts(with: prefix) else { throw .badStatusLine }
        let start = line.startIndex
        guard (0x30...0x39).contains(line[start + 7]), line[start + 8] == 0x20,
              line[(start + 9)..<(start + 12)].allSatisfy({ (0x30...0x39).contains($0) }),
              line.count == 12 || line[start + 12] == 0x20 else { throw .badStatusLine }
        return line[(start + 9)..<(start + 12)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// A field value without the spaces and tabs around it (RFC 9110 §5.5).
    private static func trimmingOptionalWhitespace(_ value: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        guard let first = value.firstIndex(where: { !isSpace($0) }) else { return [] }
        return value[first...value.lastIndex(where: { !isSpace($0) })!]
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5a, 0x61...0x7a: true
        default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
