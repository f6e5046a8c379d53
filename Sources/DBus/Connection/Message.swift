internal import CDBus

/// Owns one reference to a libdbus message. Not actor-bound: libdbus message refcounts
/// are atomic, so the last release may happen anywhere.
final class Message: @unchecked Sendable {
    let raw: OpaquePointer

    /// Takes over a reference the caller already owns (new_* and steal_* results).
    init(adopting raw: OpaquePointer) { self.raw = raw }

    /// Adds a reference (messages lent to us by a callback).
    init(retaining raw: OpaquePointer) {
        dbus_message_ref(raw)
        self.raw = raw
    }

    deinit { dbus_message_unref(raw) }

    var messageType: Int32 { dbus_message_get_type(raw) }
    var isMethodCall: Bool { messageType == DBUS_MESSAGE_TYPE_METHOD_CALL }
    var isSignal: Bool { messageType == DBUS_MESSAGE_TYPE_SIGNAL }
    var isError: Bool { messageType == DBUS_MESSAGE_TYPE_ERROR }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    var path: String? { Self.string(dbus_message_get_path(raw)) }
    var interface: String? { Self.string(dbus_message_get_interface(raw)) }
    var member: String? { Self.string(dbus_message_get_member(raw)) }
    var sender: String? { Self.string(dbus_message_get_sender(raw)) }
    var errorName: String? { Self.string(dbus_message_get_error_name(raw)) }
    var signature: String { Self.string(dbus_message_get_signature(raw)) ?? "" }
    var noReplyExpected: Bool { dbus_message_get_no_reply(raw) != 0 }

    func arguments() throws(DBusError) -> [DBusValue] { try Unmarshal.arguments(of: raw) }

    /// An error reply turned into a DBusError (its message is the first string argument).
    func asError() -> DBusError {
        let text = (try? arguments())?.first?.stringValue ?? ""
        return DBusError(name: errorName ?? DBusError.Name.failed, message: text)
    }

    static func methodCall(destination: String?, path: ObjectPath, interface: String?, member: String,
                           arguments: [DBusValue]) throws(DBusError) -> Message {
        if let destination { try Names.checkBusName(destination) }
        if let interface { try Names.checkInterface(interface) }
        try Names.checkMember(member)
        let created = path.rawValue.withCString { cPath in
            member.withCString { cMember in
                withOptionalCString(destination) { cDestination in
                    withOptionalCString(interface) { cInterface in
                        dbus_message_new_method_call(cDestination, cPath, cInterface, cMember)
                    }
                }
            }
        }
        guard let created else { throw .noMemory }
        let message = Message(adopting: created)
        try Marshal.append(arguments, to: created)
        return message
    }

    static func signal(path: ObjectPath, interface: String, member: String,
                       arguments: [DBusValue]) throws(DBusError) -> Message {
        try Names.checkInterface(interface)
        try Names.checkMember(member)
        let created = path.rawValue.withCString { cPath in
            interface.withCString { cInterface in
                member.withCString { dbus_message_new_signal(cPath, cInterface, $0) }
            }
        }
        guard let created else { throw .noMemory }
        let message = Message(adopting: created)
        try Marshal.append(arguments, to: created)
        return message
    }

    func methodReturn(_ values: [DBusValue]) throws(DBusError) -> Message {
        guard let created = dbus_message_new_method_return(raw) else { throw .noMemory }
        let message = Message(adopting: created)
        try Marshal.append(values, to: created)
        return message
    }

    /// An error reply; an invalid error name becomes Failed rather than a libdbus abort.
    func errorReply(_ error: DBusError) -> Message? {
        let name = Names.isValidErrorName(error.name) ? error.name : DBusError.Name.failed
        let text = String(error.message.map { $0 == "\0" ? " " : $0 })
        let created = name.withCString { cName in
            text.withCString { dbus_message_new_error(raw, cName, $0) }
        }
        return created.map { Message(adopting: $0) }
    }
}

private func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}
