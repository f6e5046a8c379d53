/// A strict JSON reader (RFC 8259) for the small documents DPP carries.
/// Refused: anything that is not one complete JSON value, invalid UTF-8,
/// control characters in strings, lone surrogates, duplicate object keys,
/// leading zeros, more than `maximumDepth` nested arrays/objects and input longer than
/// `maximumLength`.  It never recurses deeper than `maximumDepth`, so hostile
/// input cannot exhaust the stack.
public enum JSONReader {
    public static let maximumDepth = 16
    public static let maximumLength = 64 * 1024

    public static func parse(_ octets: some Collection<UInt8>) throws -> JSONValue {
        guard octets.count <= maximumLength else { throw invalid("document of \(octets.count) octets") }
        var cursor = Cursor(octets: Array(octets))
        let value = try cursor.value(depth: 0)
        cursor.skipWhitespace()
        guard cursor.isAtEnd else { throw invalid("text after the value") }
        return value
    }

    static func invalid(_ why: String) -> EasyConnectError { .invalidJSON(why) }

    private struct Cursor {
        let octets: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset >= octets.count }
        var peek: UInt8? { isAtEnd ? nil : octets[offset] }

        mutating func skipWhitespace() {
            while let octet = peek, [0x20, 0x09, 0x0a, 0x0d].contains(octet) { offset += 1 }
        }

        mutating func expect(_ octet: UInt8) throws {
            guard peek == octet else { throw invalid("expected '\(Character(Unicode.Scalar(octet)))' at \(offset)") }
            offset += 1
        }

        /// `depth` counts the arrays and objects around the value: only
        /// opening one more can go past the limit (a scalar inside the
        /// deepest allowed container is fine).
        mutating func value(depth: Int) throws -> JSONValue {
            skipWhitespace()
            guard let octet = peek else { throw invalid("unexpected end") }
            switch octet {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < JSONReader.maximumDepth else { throw invalid("nesting deeper than \(maximumDepth)") }
                return octet == UInt8(ascii: "{") ? try object(depth: depth) : try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw invalid("unexpected octet \(octet) at \(offset)")
            }
        }

        mutating func object(depth: Int) throws -> JSONValue {
            try expect(UInt8(ascii: "{"))
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            if peek == UInt8(ascii: "}") { offset += 1; return .object(members) }
            while true {
                skipWhitespace()
                let key = try string()
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                let member = try value(depth: depth + 1)
                guard members.updateValue(member, forKey: key) == nil else { throw invalid("duplicate key \"\(key)\"") }
                skipWhitespace()
                if peek == UInt8(ascii: ",") { offset += 1; continue }
                try expect(UInt8(ascii: "}"))
                return .object(members)
            }
        }

        mutating func array(depth: Int) throws -> JSONValue {
            try expect(UInt8(ascii: "["))
            var elements: [JSONValue] = []
            skipWhitespace()
            if peek == UInt8(ascii: "]") { offset += 1; return .array(elements) }
            while true {
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
                if peek == UInt8(ascii: ",") { offset += 1; continue }
                try expect(UInt8(ascii: "]"))
                return .array(elements)
            }
        }

        mutating func literal(_ word: String) throws {
            for octet in word.utf8 { try expect(octet) }
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
        mutating func number() throws -> String {
            let start = offset
            if peek == UInt8(ascii: "-") { offset += 1 }
            if peek == UInt8(ascii: "0") {
                offset += 1
            } else {
                guard try digits() > 0 else { throw invalid("malformed number at \(start)") }
            }
            if peek == UInt8(ascii: ".") {
                offset += 1
                guard try digits() > 0 else { throw invalid("malformed fraction at \(start)") }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                offset += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { offset += 1 }
                guard try digits() > 0 else { throw invalid("malformed exponent at \(start)") }
            }
            return String(decoding: octets[start..<offset], as: UTF8.self)
        }

        private mutating func digits() throws -> Int {
            var count = 0
            while let octet = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(octet) {
                offset += 1
                count += 1
            }
            return count
        }

        mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            var out: [UInt8] = []
            while true {
                guard let octet = peek else { throw invalid("unterminated string") }
                offset += 1
                switch octet {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: out, as: UTF8.self) else { throw invalid("invalid UTF-8") }
                    return text
                case UInt8(ascii: "\\"):
                    try escape(into: &out)
                case 0x00..<0x20:
                    throw invalid("control character in a string")
                default:
                    out.append(octet)
                }
            }
        }

        private mutating func escape(into out: inout [UInt8]) throws {
            guard let octet = peek else { throw invalid("unterminated escape") }
            offset += 1
            let simple: [UInt8: UInt8] = [UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5c, UInt8(ascii: "/"): 0x2f,
                                          UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0c, UInt8(ascii: "n"): 0x0a,
                                          UInt8(ascii: "r"): 0x0d, UInt8(ascii: "t"): 0x09]
            if let replacement = simple[octet] { out.append(replacement); return }
            guard octet == UInt8(ascii: "u") else { throw invalid("unknown escape") }
            var scalar = try hex4()
            if (0xd800..<0xdc00).contains(scalar) {
                try expect(UInt8(ascii: "\\"))
                try expect(UInt8(ascii: "u"))
                let low = try hex4()
                guard (0xdc00..<0xe000).contains(low) else { throw invalid("lone high surrogate") }
                scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00)
            } else if (0xdc00..<0xe000).contains(scalar) {
                throw invalid("lone low surrogate")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw invalid("invalid \\u escape") }
            out += Array(String(Character(unicode)).utf8)
        }

        private mutating func hex4() throws -> UInt32 {
            guard octets.count - offset >= 4, let bytes = Hex.decode(digits: octets[offset..<(offset + 4)]) else {
                throw invalid("malformed \\u escape")
            }
            offset += 4
            return UInt32(bytes[0]) << 8 | UInt32(bytes[1])
        }
    }
}
