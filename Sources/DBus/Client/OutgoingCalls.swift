internal import CDBus
import Dispatch

/// Outgoing messages. Nothing here blocks: replies, errors and timeouts (NoReply) come back
/// through the main-queue dispatch like any other message.
extension DBusConnection {
    public func call(destination: String, path: ObjectPath, interface: String, member: String,
                     arguments: [DBusValue], timeoutMilliseconds: Int32 = 25_000,
                     reply: @escaping @MainActor (Result<[DBusValue], DBusError>) -> Void) {
        do throws(DBusError) {
            guard !isClosed else { throw .disconnected }
            let message = try Message.methodCall(destination: destination, path: path, interface: interface,
                                                 member: member, arguments: arguments)
            writeCoalesced()  // libdbus writes this one itself, after what was sent before
            var pending: OpaquePointer?
            let timeout = timeoutMilliseconds > 0 ? timeoutMilliseconds : SB_DBUS_TIMEOUT_USE_DEFAULT
            guard dbus_connection_send_with_reply(raw, message.raw, &pending, timeout) != 0 else { throw .noMemory }
            // libdbus hands back no pending call when the connection is already gone.
            guard let pending else { throw .disconnected }
            let call = PendingCall(raw: pending, integration: loop, handler: reply)
            outstandingCalls[ObjectIdentifier(call)] = call
            call.arm()
        } catch {
            // Still asynchronous, so callers see one behaviour whatever went wrong.
            DispatchQueue.main.async { reply(.failure(error)) }
        }
    }

    /// Async form of `call`.
    public func call(destination: String, path: ObjectPath, interface: String, member: String,
                     arguments: [DBusValue], timeoutMilliseconds: Int32 = 25_000) async throws(DBusError) -> [DBusValue] {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<[DBusValue], DBusError>, Never>) in
            call(destination: destination, path: path, interface: interface, member: member, arguments: arguments,
                 timeoutMilliseconds: timeoutMilliseconds) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// A method call with NO_REPLY_EXPECTED; returns at once. False if it could not be queued.
    @discardableResult
    public func send(destination: String, path: ObjectPath, interface: String, member: String,
                     arguments: [DBusValue]) -> Bool {
        guard let message = try? Message.methodCall(destination: destination, path: path, interface: interface,
                                                    member: member, arguments: arguments) else { return false }
        dbus_message_set_no_reply(message.raw, 1)
        return sendMessage(message)
    }

    /// Broadcasts a signal. False if the names or arguments are invalid or the connection is closed.
    @discardableResult
    public func emitSignal(path: ObjectPath, interface: String, member: String, arguments: [DBusValue]) -> Bool {
        guard let message = try? Message.signal(path: path, interface: interface, member: member,
                                                arguments: arguments) else { return false }
        return sendMessage(message)
    }

    /// Adds or removes a bus match rule without waiting for the bus' answer.
    func setMatch(_ rule: String, active: Bool) {
        guard !isClosed else { return }
        writeCoalesced()
        if active { dbus_bus_add_match(raw, rule, nil) } else { dbus_bus_remove_match(raw, rule, nil) }
    }
}
