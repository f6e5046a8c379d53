/// A JSON value, as the configuration request and configuration object use
/// them.  Numbers keep their text: DPP never computes with them, and keeping
/// the text avoids any float rounding question.
public indirect enum JSONValue: Equatable, Sendable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    public var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }
}

/// Writes JSON text.  Object members come out in the order given (peers are
/// not required to care, but stable output makes frames reproducible), and
/// every string is escaped: quote, backslash and control characters; other
/// characters go out as UTF-8.
enum JSONWriter {
    /// What we emit: objects (members written in the order given) and strings.
    indirect enum JSONOutput {
        case object([(String, JSONOutput)])
        case string(String)
    }

    static func write(_ value: JSONOutput) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    private static func write(_ value: JSONOutput, into out: inout [UInt8]) {
        switch value {
        case .string(let text):
            writeString(text, into: &out)
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, member)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ text: String, into out: inout [UInt8]) {
        let hexDigits = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for octet in text.utf8 {
            switch octet {
            case UInt8(ascii: "\""): out += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case 0x0a: out += Array("\\n".utf8)
            case 0x0d: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0x00..<0x20, 0x7f:
                out += Array("\\u00".utf8) + [hexDigits[Int(octet >> 4)], hexDigits[Int(octet & 0x0f)]]
            default: out.append(octet)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
