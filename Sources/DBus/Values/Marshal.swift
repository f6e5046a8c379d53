internal import CDBus

/// Appends values to a libdbus message. Everything is validated first, because libdbus
/// treats malformed input as a programming error and aborts.
enum Marshal {
    static func append(_ values: [DBusValue], to message: OpaquePointer) throws(DBusError) {
        for value in values { try value.validate() }
        guard values.reduce(0, { $0 + $1.type.signatureLength }) <= SignatureParser.maximumLength else {
            throw .invalidArgs("Message signature longer than 255 bytes")
        }
        var iter = DBusMessageIter()
        dbus_message_iter_init_append(message, &iter)
        for value in values { try append(value, to: &iter) }
    }

    private static func append(_ value: DBusValue, to iter: inout DBusMessageIter) throws(DBusError) {
        switch value {
        case .byte(let v): try basic(v, SB_DBUS_TYPE_BYTE, &iter)
        case .boolean(let v): try basic(dbus_bool_t(v ? 1 : 0), SB_DBUS_TYPE_BOOLEAN, &iter)
        case .int16(let v): try basic(v, SB_DBUS_TYPE_INT16, &iter)
        case .uint16(let v): try basic(v, SB_DBUS_TYPE_UINT16, &iter)
        case .int32(let v): try basic(v, SB_DBUS_TYPE_INT32, &iter)
        case .uint32(let v): try basic(v, SB_DBUS_TYPE_UINT32, &iter)
        case .int64(let v): try basic(v, SB_DBUS_TYPE_INT64, &iter)
        case .uint64(let v): try basic(v, SB_DBUS_TYPE_UINT64, &iter)
        case .double(let v): try basic(v, SB_DBUS_TYPE_DOUBLE, &iter)
        case .string(let v): try string(v, SB_DBUS_TYPE_STRING, &iter)
        case .objectPath(let v): try string(v.rawValue, SB_DBUS_TYPE_OBJECT_PATH, &iter)
        case .signature(let v): try string(v, SB_DBUS_TYPE_SIGNATURE, &iter)
        case .variant(let inner):
            try container(SB_DBUS_TYPE_VARIANT, inner.type.signature, &iter) { (sub) throws(DBusError) in
                try append(inner, to: &sub)
            }
        case .array(.byte, let values):
            // Byte arrays (SSIDs, keys, payloads) go in one call instead of one per element.
            let bytes = values.map { value -> UInt8 in
                if case .byte(let byte) = value { return byte }
                return 0  // unreachable: validate() checked the element types
            }
            try container(SB_DBUS_TYPE_ARRAY, "y", &iter) { (sub) throws(DBusError) in
                let ok = bytes.withUnsafeBufferPointer { buffer -> dbus_bool_t in
                    guard let base = buffer.baseAddress else { return 1 }
                    var pointer: UnsafePointer<UInt8>? = base
                    return dbus_message_iter_append_fixed_array(&sub, SB_DBUS_TYPE_BYTE, &pointer, Int32(buffer.count))
                }
                guard ok != 0 else { throw .noMemory }
            }
        case .array(let element, let values):
            try container(SB_DBUS_TYPE_ARRAY, element.signature, &iter) { (sub) throws(DBusError) in
                for v in values { try append(v, to: &sub) }
            }
        case .dictionary(let key, let valueType, let entries):
            let entrySignature = "{" + key.signature + valueType.signature + "}"
            try container(SB_DBUS_TYPE_ARRAY, entrySignature, &iter) { (sub) throws(DBusError) in
                for entry in entries {
                    try container(SB_DBUS_TYPE_DICT_ENTRY, nil, &sub) { (pair) throws(DBusError) in
                        try append(entry.key, to: &pair)
                        try append(entry.value, to: &pair)
                    }
                }
            }
        case .structure(let fields):
            try container(SB_DBUS_TYPE_STRUCT, nil, &iter) { (sub) throws(DBusError) in
                for v in fields { try append(v, to: &sub) }
            }
        }
    }

    private static func basic<T: BitwiseCopyable>(_ value: T, _ code: Int32, _ iter: inout DBusMessageIter) throws(DBusError) {
        var copy = value
        guard dbus_message_iter_append_basic(&iter, code, &copy) != 0 else { throw .noMemory }
    }

    private static func string(_ value: String, _ code: Int32, _ iter: inout DBusMessageIter) throws(DBusError) {
        let ok = value.withCString { cString -> dbus_bool_t in
            var pointer: UnsafePointer<CChar>? = cString
            return dbus_message_iter_append_basic(&iter, code, &pointer)
        }
        guard ok != 0 else { throw .noMemory }
    }

    private static func container(
        _ code: Int32, _ signature: String?, _ iter: inout DBusMessageIter,
        _ body: (inout DBusMessageIter) throws(DBusError) -> Void
    ) throws(DBusError) {
        var sub = DBusMessageIter()
        let opened: dbus_bool_t
        if let signature {
            opened = signature.withCString { dbus_message_iter_open_container(&iter, code, $0, &sub) }
        } else {
            opened = dbus_message_iter_open_container(&iter, code, nil, &sub)
        }
        guard opened != 0 else { throw .noMemory }
        do {
            try body(&sub)
        } catch {
            dbus_message_iter_abandon_container(&iter, &sub)
            throw error
        }
        guard dbus_message_iter_close_container(&iter, &sub) != 0 else { throw .noMemory }
    }
}
