/// Accessors for handlers. Scalar accessors look through variants, because property
/// dictionaries (a{sv}) wrap every value in one.
extension DBusValue {
    /// The value with every variant layer removed.
    public var unwrapped: DBusValue {
        if case .variant(let inner) = self { return inner.unwrapped }
        return self
    }

    /// The content of a variant (one layer), nil for anything else.
    public var variantValue: DBusValue? {
        if case .variant(let inner) = self { return inner }
        return nil
    }

    public var stringValue: String? {
        if case .string(let v) = unwrapped { return v }
        return nil
    }

    public var objectPathValue: ObjectPath? {
        if case .objectPath(let v) = unwrapped { return v }
        return nil
    }

    public var signatureValue: String? {
        if case .signature(let v) = unwrapped { return v }
        return nil
    }

    public var boolValue: Bool? {
        if case .boolean(let v) = unwrapped { return v }
        return nil
    }

    public var byteValue: UInt8? {
        if case .byte(let v) = unwrapped { return v }
        return nil
    }

    public var int16Value: Int16? {
        if case .int16(let v) = unwrapped { return v }
        return nil
    }

    public var uint16Value: UInt16? {
        if case .uint16(let v) = unwrapped { return v }
        return nil
    }

    public var int32Value: Int32? {
        if case .int32(let v) = unwrapped { return v }
        return nil
    }

    public var uint32Value: UInt32? {
        if case .uint32(let v) = unwrapped { return v }
        return nil
    }

    public var int64Value: Int64? {
        if case .int64(let v) = unwrapped { return v }
        return nil
    }

    public var uint64Value: UInt64? {
        if case .uint64(let v) = unwrapped { return v }
        return nil
    }

    public var doubleValue: Double? {
        if case .double(let v) = unwrapped { return v }
        return nil
    }

    public var arrayValues: [DBusValue]? {
        if case .array(_, let v) = unwrapped { return v }
        return nil
    }

    public var dictionaryEntries: [DBusDictEntry]? {
        if case .dictionary(_, _, let v) = unwrapped { return v }
        return nil
    }

    public var structureValues: [DBusValue]? {
        if case .structure(let v) = unwrapped { return v }
        return nil
    }

    public var stringArrayValue: [String]? {
        guard let values = arrayValues else { return nil }
        let strings = values.compactMap(\.stringValue)
        return strings.count == values.count ? strings : nil
    }

    /// Reads an a{sv}: keys to the variants' contents. Later duplicates win.
    public var propertyDictionary: [String: DBusValue]? {
        guard case .dictionary(.string, .variant, let entries) = unwrapped else { return nil }
        var result: [String: DBusValue] = [:]
        for entry in entries {
            guard case .string(let key) = entry.key else { continue }
            result[key] = entry.value.variantValue ?? entry.value
        }
        return result
    }

    /// Builds an a{sv}, wrapping each value in a variant, in the given order.
    public static func properties(_ pairs: [(String, DBusValue)]) -> DBusValue {
        .dictionary(key: .string, value: .variant,
                    pairs.map { DBusDictEntry(key: .string($0.0), value: .variant($0.1)) })
    }

    public static func stringArray(_ strings: [String]) -> DBusValue {
        .array(element: .string, strings.map { .string($0) })
    }

    public static func objectPathArray(_ paths: [ObjectPath]) -> DBusValue {
        .array(element: .objectPath, paths.map { .objectPath($0) })
    }
}
