internal import CDBus

/// Values to and from the D-Bus wire format (a complete little-endian message), through
/// libdbus' own marshaller and validator. Used by tests and fuzzing; decoding accepts
/// arbitrary bytes safely because libdbus validates before we read.
public enum WireCodec {
    public static func encode(_ values: [DBusValue]) throws(DBusError) -> [UInt8] {
        guard let created = dbus_message_new_signal("/", "org.example.Codec", "Values") else { throw .noMemory }
        let message = Message(adopting: created)
        try Marshal.append(values, to: message.raw)
        // Serial 0 is not allowed on the wire; marshal would otherwise produce an invalid message.
        dbus_message_set_serial(message.raw, 1)
        var buffer: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        guard dbus_message_marshal(message.raw, &buffer, &length) != 0, let buffer else { throw .noMemory }
        defer { dbus_free(buffer) }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
            Array(UnsafeBufferPointer(start: $0, count: Int(length)))
        }
    }

    public static func decode(_ bytes: [UInt8]) throws(DBusError) -> [DBusValue] {
        var error = CDBus.DBusError()
        dbus_error_init(&error)
        defer { dbus_error_free(&error) }
        guard bytes.count >= 16, bytes.count <= Int(Int32.max) else { throw .invalidArgs("Message too short") }
        // demarshal needs the exact message length; a short buffer would be read past its end.
        let needed = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { dbus_message_demarshal_bytes_needed($0.baseAddress, Int32(bytes.count)) }
        }
        guard needed > 0, Int(needed) == bytes.count else { throw .invalidArgs("Incomplete or oversized message") }
        let raw = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { dbus_message_demarshal($0.baseAddress, Int32(bytes.count), &error) }
        }
        guard let raw else { throw DBusError(consuming: &error) }
        return try Message(adopting: raw).arguments()
    }
}
