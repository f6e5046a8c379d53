/// Strict recursive-descent parser for the D-Bus signature grammar.
struct SignatureParser {
    static let maximumLength = 255
    static let maximumArrayDepth = 32
    static let maximumStructDepth = 32

    private let bytes: [UInt8]
    private let original: String
    private var index = 0

    init(_ signature: String) {
        original = signature
        bytes = Array(signature.utf8)
    }

    mutating func parseAll() throws(DBusError) -> [DBusType] {
        guard bytes.count <= Self.maximumLength else { throw failure("longer than 255 bytes") }
        var types: [DBusType] = []
        while index < bytes.count {
            types.append(try parseOne(arrayDepth: 0, structDepth: 0))
        }
        return types
    }

    private func failure(_ reason: String) -> DBusError {
        .invalidArgs("Invalid signature \"\(original)\": \(reason)")
    }

    private static func basicType(_ code: UInt8) -> DBusType? {
        switch code {
        case UInt8(ascii: "y"): .byte
        case UInt8(ascii: "b"): .boolean
        case UInt8(ascii: "n"): .int16
        case UInt8(ascii: "q"): .uint16
        case UInt8(ascii: "i"): .int32
        case UInt8(ascii: "u"): .uint32
        case UInt8(ascii: "x"): .int64
        case UInt8(ascii: "t"): .uint64
        case UInt8(ascii: "d"): .double
        case UInt8(ascii: "s"): .string
        case UInt8(ascii: "o"): .objectPath
        case UInt8(ascii: "g"): .signature
        case UInt8(ascii: "h"): .unixFD
        default: nil
        }
    }

    private mutating func next() throws(DBusError) -> UInt8 {
        guard index < bytes.count else { throw failure("ends inside a container") }
        defer { index += 1 }
        return bytes[index]
    }

    private mutating func parseOne(arrayDepth: Int, structDepth: Int) throws(DBusError) -> DBusType {
        let code = try next()
        if let basic = Self.basicType(code) { return basic }
        switch code {
        case UInt8(ascii: "v"):
            return .variant
        case UInt8(ascii: "a"):
            guard arrayDepth < Self.maximumArrayDepth else { throw failure("arrays nested too deeply") }
            if index < bytes.count, bytes[index] == UInt8(ascii: "{") {
                index += 1
                guard let key = Self.basicType(try next()) else { throw failure("dict key must be a basic type") }
                let value = try parseOne(arrayDepth: arrayDepth + 1, structDepth: structDepth)
                guard try next() == UInt8(ascii: "}") else { throw failure("dict entry must hold exactly two types") }
                return .dictionary(key: key, value: value)
            }
            return .array(try parseOne(arrayDepth: arrayDepth + 1, structDepth: structDepth))
        case UInt8(ascii: "("):
            guard structDepth < Self.maximumStructDepth else { throw failure("structs nested too deeply") }
            var fields: [DBusType] = []
            while true {
                guard index < bytes.count else { throw failure("unterminated struct") }
                if bytes[index] == UInt8(ascii: ")") {
                    index += 1
                    break
                }
                fields.append(try parseOne(arrayDepth: arrayDepth, structDepth: structDepth + 1))
            }
            guard !fields.isEmpty else { throw failure("empty struct") }
            return .structure(fields)
        default:
            throw failure("unexpected character at offset \(index - 1)")
        }
    }
}
