internal import CDBus

/// Reads the arguments of a libdbus message. libdbus has already validated incoming
/// messages, so failures here are limited to what DBusValue cannot hold (Unix fds).
enum Unmarshal {
    static func arguments(of message: OpaquePointer) throws(DBusError) -> [DBusValue] {
        var iter = DBusMessageIter()
        guard dbus_message_iter_init(message, &iter) != 0 else { return [] }
        var values: [DBusValue] = []
        repeat {
            values.append(try value(&iter))
        } while dbus_message_iter_next(&iter) != 0
        return values
    }

    private static func basic<T: BitwiseCopyable>(_ initial: T, _ iter: inout DBusMessageIter) -> T {
        var v = initial
        dbus_message_iter_get_basic(&iter, &v)
        return v
    }

    private static func string(_ iter: inout DBusMessageIter) -> String {
        var pointer: UnsafePointer<CChar>? = nil
        dbus_message_iter_get_basic(&iter, &pointer)
        return pointer.map { String(cString: $0) } ?? ""
    }

    /// The signature of the value under the iterator, e.g. "a{sv}" for a dictionary.
    private static func signature(_ iter: inout DBusMessageIter) throws(DBusError) -> DBusType {
        guard let raw = dbus_message_iter_get_signature(&iter) else { throw .noMemory }
        defer { dbus_free(raw) }
        return try DBusType.parseSingle(String(cString: raw))
    }

    private static func children(_ iter: inout DBusMessageIter) throws(DBusError) -> [DBusValue] {
        var sub = DBusMessageIter()
        dbus_message_iter_recurse(&iter, &sub)
        var values: [DBusValue] = []
        while dbus_message_iter_get_arg_type(&sub) != SB_DBUS_TYPE_INVALID {
            values.append(try value(&sub))
            dbus_message_iter_next(&sub)
        }
        return values
    }

    private static func value(_ iter: inout DBusMessageIter) throws(DBusError) -> DBusValue {
        let code = dbus_message_iter_get_arg_type(&iter)
        switch code {
        case SB_DBUS_TYPE_BYTE: return .byte(basic(UInt8(0), &iter))
        case SB_DBUS_TYPE_BOOLEAN: return .boolean(basic(dbus_bool_t(0), &iter) != 0)
        case SB_DBUS_TYPE_INT16: return .int16(basic(Int16(0), &iter))
        case SB_DBUS_TYPE_UINT16: return .uint16(basic(UInt16(0), &iter))
        case SB_DBUS_TYPE_INT32: return .int32(basic(Int32(0), &iter))
        case SB_DBUS_TYPE_UINT32: return .uint32(basic(UInt32(0), &iter))
        case SB_DBUS_TYPE_INT64: return .int64(basic(Int64(0), &iter))
        case SB_DBUS_TYPE_UINT64: return .uint64(basic(UInt64(0), &iter))
        case SB_DBUS_TYPE_DOUBLE: return .double(basic(Double(0), &iter))
        case SB_DBUS_TYPE_STRING: return .string(string(&iter))
        case SB_DBUS_TYPE_SIGNATURE: return .signature(string(&iter))
        case SB_DBUS_TYPE_OBJECT_PATH:
            let raw = string(&iter)
            guard let path = ObjectPath(raw) else { throw .invalidArgs("Invalid object path \"\(raw)\"") }
            return .objectPath(path)
        case SB_DBUS_TYPE_VARIANT:
            guard let inner = try children(&iter).first else { throw .invalidArgs("Empty variant") }
            return .variant(inner)
        case SB_DBUS_TYPE_STRUCT:
            return .structure(try children(&iter))
        case SB_DBUS_TYPE_ARRAY:
            switch try signature(&iter) {
            case .dictionary(let key, let valueType):
                var entries: [DBusDictEntry] = []
                var sub = DBusMessageIter()
                dbus_message_iter_recurse(&iter, &sub)
                while dbus_message_iter_get_arg_type(&sub) == SB_DBUS_TYPE_DICT_ENTRY {
                    let pair = try children(&sub)
                    guard pair.count == 2 else { throw .invalidArgs("Malformed dict entry") }
                    entries.append(DBusDictEntry(key: pair[0], value: pair[1]))
                    dbus_message_iter_next(&sub)
                }
                return .dictionary(key: key, value: valueType, entries)
            case .array(.byte):
                var sub = DBusMessageIter()
                dbus_message_iter_recurse(&iter, &sub)
                var pointer: UnsafePointer<UInt8>?
                var count: Int32 = 0
                dbus_message_iter_get_fixed_array(&sub, &pointer, &count)
                let bytes = pointer.map { Array(UnsafeBufferPointer(start: $0, count: Int(count))) } ?? []
                return .array(element: .byte, bytes.map(DBusValue.byte))
            case .array(let element):
                return .array(element: element, try children(&iter))
            default:
                throw .invalidArgs("Malformed array")
            }
        case SB_DBUS_TYPE_UNIX_FD:
            // Never call get_basic on an fd: it dups the descriptor, which we could leak.
            throw .invalidArgs("Unix file descriptors are not supported")
        default:
            throw .invalidArgs("Unsupported type code \(code)")
        }
    }
}
