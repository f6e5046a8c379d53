internal import CDBus

/// A no-reply method call marshalled once and sent to any number of (destination, path)
/// pairs.  Marshalling through libdbus's iterators is most of what sending a call with a
/// dictionary of variants costs; copying a marshalled message and setting its path and
/// destination costs a fraction of that.  The Session API's Update is the case it is for:
/// sessions created alike get the same first Update, and every session on a service gets
/// the same one when the service changes.
@MainActor
public final class PreparedCall {
    public let interface: String
    public let member: String
    public let arguments: [DBusValue]
    /// A call without path or destination; `send` copies it and adds both.  Adding a header
    /// field is cheap, replacing one is not: libdbus then re-aligns every field after it,
    /// which cost more than marshalling the body did.
    let template: Message

    public init(interface: String, member: String, arguments: [DBusValue]) throws(DBusError) {
        self.interface = interface
        self.member = member
        self.arguments = arguments
        try Names.checkInterface(interface)
        try Names.checkMember(member)
        guard let created = dbus_message_new(DBUS_MESSAGE_TYPE_METHOD_CALL) else { throw .noMemory }
        template = Message(adopting: created)
        guard interface.withCString({ dbus_message_set_interface(created, $0) }) != 0,
              member.withCString({ dbus_message_set_member(created, $0) }) != 0 else { throw .noMemory }
        dbus_message_set_no_reply(created, 1)
        try Marshal.append(arguments, to: created)
    }

    /// True when this call carries exactly these, so a caller can reuse it.
    public func carries(interface: String, member: String, arguments: [DBusValue]) -> Bool {
        self.member == member && self.interface == interface && self.arguments == arguments
    }
}

extension DBusConnection {
    /// Sends a prepared call (NO_REPLY_EXPECTED) to `path` at `destination`; returns at once.
    /// False if it could not be queued.
    @discardableResult
    public func send(_ call: PreparedCall, destination: String, path: ObjectPath) -> Bool {
        // libdbus aborts on an invalid destination rather than failing.
        guard Names.isValidBusName(destination), let copy = dbus_message_copy(call.template.raw) else { return false }
        let message = Message(adopting: copy)
        let addressed = path.rawValue.withCString { dbus_message_set_path(copy, $0) } != 0
            && destination.withCString { dbus_message_set_destination(copy, $0) } != 0
        return addressed && sendMessage(message)
    }
}
