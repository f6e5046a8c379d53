import EasyConnect

/// A JSON writer for `JSONValue`, written for the fuzz checks only and
/// deliberately unlike the module's writer: `escapingEverything` writes
/// every character of every string as `\uXXXX` (surrogate pairs above the
/// BMP), so a round trip through it also drives the reader's escapes.
enum JSONOracle {
    static func write(_ value: JSONValue, escapingEverything: Bool) -> [UInt8] {
        switch value {
        case .null: return Array("null".utf8)
        case .bool(let flag): return Array((flag ? "true" : "false").utf8)
        case .number(let text): return Array(text.utf8)
        case .string(let text): return string(text, escapingEverything: escapingEverything)
        case .array(let elements):
            return list(elements.map { write($0, escapingEverything: escapingEverything) }, open: "[", close: "]")
        case .object(let members):
            // Sorted by UTF-8, so the output is the same on every run.
            let sorted = members.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            return list(sorted.map { key, member in
                string(key, escapingEverything: escapingEverything) + Array(":".utf8)
                    + write(member, escapingEverything: escapingEverything)
            }, open: "{", close: "}")
        }
    }

    /// Nested arrays and objects, counting the outermost (a scalar is 0).
    static func depth(_ value: JSONValue) -> Int {
        switch value {
        case .array(let elements): return 1 + (elements.map(depth).max() ?? 0)
        case .object(let members): return 1 + (members.values.map(depth).max() ?? 0)
        default: return 0
        }
    }

    /// The deepest bracket nesting of raw JSON text, outside strings.
    static func bracketDepth(_ text: [UInt8]) -> Int {
        var depth = 0, deepest = 0, inString = false, escaped = false
        for octet in text {
            if inString {
                if escaped { escaped = false } else if octet == UInt8(ascii: "\\") { escaped = true }
                else if octet == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch octet {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1; deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    private static func list(_ items: [[UInt8]], open: Character, close: Character) -> [UInt8] {
        var out = Array(String(open).utf8)
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += item
        }
        return out + Array(String(close).utf8)
    }

    private static func string(_ text: String, escapingEverything: Bool) -> [UInt8] {
        var out = Array("\"".utf8)
        for scalar in text.unicodeScalars {
            let mustEscape = scalar.value < 0x20 || scalar == "\"" || scalar == "\\"
            guard escapingEverything || mustEscape else {
                out += Array(String(scalar).utf8)
                continue
            }
            for unit in String(scalar).utf16 {
                let digits = String(unit, radix: 16)
                out += Array(("\\u" + String(repeating: "0", count: 4 - digits.count) + digits).utf8)
            }
        }
        return out + Array("\"".utf8)
    }
}
