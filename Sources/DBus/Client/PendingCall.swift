internal import CDBus
import Dispatch

/// One outstanding outgoing call: owns the libdbus pending call and the reply handler.
@MainActor
final class PendingCall {
    private var raw: OpaquePointer?
    private var handler: (@MainActor (Result<[DBusValue], DBusError>) -> Void)?
    private weak var integration: MainQueueIntegration?

    init(raw: OpaquePointer, integration: MainQueueIntegration,
         handler: @escaping @MainActor (Result<[DBusValue], DBusError>) -> Void) {
        self.raw = raw
        self.integration = integration
        self.handler = handler
    }

    /// Arms libdbus' notification; the notify callback only queues the reply.
    func arm() {
        guard let raw else { return }
        let data = Unmanaged.passRetained(self).toOpaque()
        dbus_pending_call_set_notify(raw, { _, data in
            guard let data else { return }
            MainActor.assumeIsolated {
                Unmanaged<PendingCall>.fromOpaque(data).takeUnretainedValue().replyArrived()
            }
        }, data, { data in
            guard let data else { return }
            Unmanaged<PendingCall>.fromOpaque(data).release()
        })
        // A reply that completed before the notify was set would otherwise be lost.
        if dbus_pending_call_get_completed(raw) != 0 { replyArrived() }
    }

    private func replyArrived() {
        guard let raw, let stolen = dbus_pending_call_steal_reply(raw) else { return }
        integration?.enqueue(.reply(Message(adopting: stolen), self))
    }

    /// Delivers the reply (or error) once and drops the libdbus pending call.
    func complete(_ reply: Message) {
        let result: Result<[DBusValue], DBusError>
        if reply.isError {
            result = .failure(reply.asError())
        } else {
            do throws(DBusError) {
                result = .success(try reply.arguments())
            } catch {
                result = .failure(error)
            }
        }
        finish(result)
    }

    /// Gives up (connection closed): libdbus forgets the call, the handler gets `error` later.
    func cancel(with error: DBusError) {
        if let raw { dbus_pending_call_cancel(raw) }
        guard let handler else { return finish(nil) }
        finish(nil)
        DispatchQueue.main.async { handler(.failure(error)) }
    }

    private func finish(_ result: Result<[DBusValue], DBusError>?) {
        let handler = self.handler
        self.handler = nil
        if let raw { dbus_pending_call_unref(raw) }
        raw = nil
        if let result { handler?(result) }
    }
}
