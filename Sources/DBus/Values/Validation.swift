/// Checks a value before it reaches libdbus: libdbus aborts the process on malformed input
/// (embedded NULs, bad signatures, mismatched container types), and "no input can crash".
extension DBusValue {
    static let maximumDepth = 64

    func validate() throws(DBusError) {
        try validate(depth: 0)
    }

    private func validate(depth: Int) throws(DBusError) {
        guard depth < Self.maximumDepth else { throw .invalidArgs("Value nested too deeply") }
        switch self {
        case .string, .signature:
            try validateBasic()
        case .variant(let inner):
            try inner.validate(depth: depth + 1)
            guard inner.type.isValid else { throw .invalidArgs("Invalid type inside a variant") }
        case .array(let element, let values):
            guard DBusType.array(element).isValid else { throw .invalidArgs("Invalid array element type") }
            if element.isBasic {
                // Fast path for big basic arrays: no DBusType is built per element.
                for value in values {
                    guard value.hasBasicType(element) else {
                        throw .invalidArgs("Array element of type \(value.type) in an array of \(element)")
                    }
                    try value.validateBasic()
                }
                return
            }
            for value in values {
                guard value.type == element else {
                    throw .invalidArgs("Array element of type \(value.type) in an array of \(element)")
                }
                try value.validate(depth: depth + 1)
            }
        case .dictionary(let key, let valueType, let entries):
            guard DBusType.dictionary(key: key, value: valueType).isValid else {
                throw .invalidArgs("Invalid dictionary type")
            }
            for entry in entries {
                guard entry.key.type == key, entry.value.type == valueType else {
                    throw .invalidArgs("Dictionary entry does not match a{\(key)\(valueType)}")
                }
                try entry.key.validate(depth: depth + 2)
                try entry.value.validate(depth: depth + 2)
            }
        case .structure(let fields):
            guard !fields.isEmpty else { throw .invalidArgs("Empty struct") }
            for field in fields { try field.validate(depth: depth + 1) }
        default:
            break
        }
    }

    private func validateBasic() throws(DBusError) {
        switch self {
        case .string(let s):
            guard !s.utf8.contains(0) else { throw .invalidArgs("String contains a NUL byte") }
        case .signature(let s):
            guard !s.utf8.contains(0) else { throw .invalidArgs("Signature contains a NUL byte") }
            _ = try DBusType.parse(s)
        default:
            break
        }
    }

    private func hasBasicType(_ type: DBusType) -> Bool {
        switch (self, type) {
        case (.byte, .byte), (.boolean, .boolean), (.int16, .int16), (.uint16, .uint16), (.int32, .int32),
             (.uint32, .uint32), (.int64, .int64), (.uint64, .uint64), (.double, .double), (.string, .string),
             (.objectPath, .objectPath), (.signature, .signature):
            true
        default:
            false
        }
    }
}
