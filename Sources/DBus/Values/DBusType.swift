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

    /// True when this type is well formed: the rules `parse` enforces (non-empty structs,
    /// basic dict keys, nesting limits, 255 bytes), checked on the tree itself because this
    /// runs for every container value sent and building a signature string to parse it
    /// again was a measurable part of each message's cost.
    public var isValid: Bool {
        isWellFormed(arrayDepth: 0, structDepth: 0) && signatureLength <= SignatureParser.maximumLength
    }

    private func isWellFormed(arrayDepth: Int, structDepth: Int) -> Bool {
        switch self {
        case .array(let element):
            arrayDepth < SignatureParser.maximumArrayDepth
                && element.isWellFormed(arrayDepth: arrayDepth + 1, structDepth: structDepth)
        case .dictionary(let key, let value):
            arrayDepth < SignatureParser.maximumArrayDepth && key.isBasic
                && value.isWellFormed(arrayDepth: arrayDepth + 1, structDepth: structDepth)
        case .structure(let fields):
            !fields.isEmpty && structDepth < SignatureParser.maximumStructDepth
                && fields.allSatisfy { $0.isWellFormed(arrayDepth: arrayDepth, structDepth: structDepth + 1) }
        default:
            true
        }
    }

    /// The length of `signature`, without building it.
    var signatureLength: Int {
        switch self {
        case .array(let element): 1 + element.signatureLength
        case .dictionary(let key, let value): 3 + key.signatureLength + value.signatureLength
        case .structure(let fields): fields.reduce(2) { $0 + $1.signatureLength }
        default: 1
        }
    }
}
