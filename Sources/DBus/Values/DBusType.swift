/// A single complete D-Bus type. A dictionary is the whole `a{kv}`, so a bare dict entry
/// (only legal inside an array) cannot be written down.
public enum DBusType: Hashable, Sendable, CustomStringConvertible {
    case byte, boolean, int16, uint16, int32, uint32, int64, uint64, double
    case string, objectPath, signature, unixFD, variant
    indirect case array(DBusType)
    indirect case dictionary(key: DBusType, value: DBusType)
    case structure([DBusType])

    public var signature: String {
        switch self {
        case .byte: "y"
        case .boolean: "b"
        case .int16: "n"
        case .uint16: "q"
        case .int32: "i"
        case .uint32: "u"
        case .int64: "x"
        case .uint64: "t"
        case .double: "d"
        case .string: "s"
        case .objectPath: "o"
        case .signature: "g"
        case .unixFD: "h"
        case .variant: "v"
        case .array(let element): "a" + element.signature
        case .dictionary(let key, let value): "a{" + key.signature + value.signature + "}"
        case .structure(let fields): "(" + fields.map(\.signature).joined() + ")"
        }
    }

    public var description: String { signature }

    /// Basic types are the only ones allowed as dictionary keys.
    public var isBasic: Bool {
        switch self {
        case .variant, .array, .dictionary, .structure: false
        default: true
        }
    }

    /// The concatenated signature of a list of types (a message body, a struct's fields).
    public static func signature(of types: [DBusType]) -> String {
        types.map(\.signature).joined()
    }

    /// Parses a signature into its complete types; rejects anything the D-Bus spec rejects
    /// (bad codes, unbalanced containers, non-basic dict keys, empty structs, too deep, > 255 bytes).
    public static func parse(_ signature: String) throws(DBusError) -> [DBusType] {
        var parser = SignatureParser(signature)
        return try parser.parseAll()
    }

    /// Parses a signature holding exactly one complete type.
    public static func parseSingle(_ signature: String) throws(DBusError) -> DBusType {
        let types = try parse(signature)
        guard types.count == 1 else {
            throw .invalidArgs("Signature \"\(signature)\" is not a single complete type")
        }
        return types[0]
    }

    /// True when this type is well formed (non-empty structs, basic dict keys, nesting limits).
    public var isValid: Bool {
        (try? DBusType.parse(signature)) == [self]
    }
}
