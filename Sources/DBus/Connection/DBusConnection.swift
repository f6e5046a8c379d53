internal import CDBus
import Dispatch
import MainLoop

/// A private libdbus connection to a message bus, served on the main queue.
///
/// Only `init` (Hello) and `requestName` block; everything else is asynchronous.
@MainActor
public final class DBusConnection {
    let raw: OpaquePointer
    let loop: MainQueueIntegration
    public let uniqueName: String
    public private(set) var isClosed = false
    /// Called once if the bus drops the connection (not after `close()`).
    public var onDisconnected: (@MainActor () -> Void)?

    var ownedNames: Set<String> = []
    var objects: [ObjectPath: DBusObject] = [:]
    /// ObjectManager paths, each with the subtree it lists (by default the objects below it).
    var managers: [ObjectPath: ObjectManagerScope] = [:]
    var outstandingCalls: [ObjectIdentifier: PendingCall] = [:]
    var nameWatches: [NameWatch] = []
    var subscriptions: [SignalSubscription] = []
    /// Messages kept by `sendTogether` or `writesWhenIdle` (WriteCoalescing.swift); nil when not coalescing.
    var coalesced: [Message]?
    var coalescedSerial = DBusConnection.firstCoalescedSerial - 1
    var holdsWritesUntilIdle = false

    public init(bus: BusAddress) throws(DBusError) {
        var error = CDBus.DBusError()
        dbus_error_init(&error)
        defer { dbus_error_free(&error) }
        var connection: OpaquePointer?
        switch bus {
        case .system:
            connection = dbus_bus_get_private(DBUS_BUS_SYSTEM, &error)
        case .session:
            connection = dbus_bus_get_private(DBUS_BUS_SESSION, &error)
        case .address(let address):
            connection = dbus_connection_open_private(address, &error)
            if let opened = connection, dbus_bus_register(opened, &error) == 0 {
                dbus_connection_close(opened)
                dbus_connection_unref(opened)
                connection = nil
            }
        }
        guard let connection else { throw DBusError(consuming: &error) }
        // A daemon decides itself what a lost bus means; libdbus would call exit().
        dbus_connection_set_exit_on_disconnect(connection, 0)
        raw = connection
        uniqueName = dbus_bus_get_unique_name(connection).map { String(cString: $0) } ?? ""
        loop = MainQueueIntegration(connection: connection)
        loop.deliver = { [weak self] item in self?.handle(item) }
        loop.install()
    }

    isolated deinit {
        close()
        dbus_connection_unref(raw)
    }

    /// Requests a well-known name (DO_NOT_QUEUE). Blocks: call before serving anything.
    public func requestName(_ name: String) throws(DBusError) {
        guard !isClosed else { throw .disconnected }
        try Names.checkBusName(name)
        writeCoalesced()
        var error = CDBus.DBusError()
        dbus_error_init(&error)
        defer { dbus_error_free(&error) }
        let result = dbus_bus_request_name(raw, name, SB_DBUS_NAME_FLAG_DO_NOT_QUEUE, &error)
        if result < 0 { throw DBusError(consuming: &error) }
        guard result == SB_DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER
            || result == SB_DBUS_REQUEST_NAME_REPLY_ALREADY_OWNER else {
            throw DBusError(name: "org.freedesktop.DBus.Error.AddressInUse",
                            message: "Name \(name) is owned by another connection")
        }
        ownedNames.insert(name)
    }

    /// Releases a name without waiting for the bus' answer.
    public func releaseName(_ name: String) {
        guard ownedNames.remove(name) != nil else { return }
        send(destination: "org.freedesktop.DBus", path: ObjectPath("/org/freedesktop/DBus")!,
             interface: "org.freedesktop.DBus", member: "ReleaseName", arguments: [.string(name)])
    }

    /// Writes queued outgoing messages now (blocks until the bus has read them).
    public func flush() {
        guard !isClosed else { return }
        writeCoalesced()
        dbus_connection_flush(raw)
    }

    /// Releases names, fails outstanding calls with Disconnected, unhooks from the main
    /// queue and closes. Safe to call twice, and from inside a handler.
    public func close() {
        guard !isClosed else { return }
        for name in ownedNames.sorted() { releaseName(name) }
        flush()
        isClosed = true
        shutDown(error: .disconnected)
        dbus_connection_close(raw)
    }

    private func shutDown(error: DBusError) {
        loop.shutDown()
        let calls = outstandingCalls.values
        outstandingCalls.removeAll()
        for call in calls { call.cancel(with: error) }
        nameWatches.removeAll()
        subscriptions.removeAll()
        for object in objects.values { object.connection = nil }
    }

    @discardableResult
    func sendMessage(_ message: Message) -> Bool {
        guard !isClosed else { return false }
        if coalesced == nil, writesWhenIdle {
            coalesced = []
            MainLoop.shared.whenIdle { [weak self] in self?.writeCoalesced(stopping: true) }
        }
        if coalesced != nil {
            coalesced?.append(message)
            // Kept messages are memory: a fan-out is written in slices, not held whole.
            if coalesced?.count ?? 0 >= Self.messagesPerWrite { writeCoalesced() }
            return true
        }
        return dbus_connection_send(raw, message.raw, nil) != 0
    }

    private func handle(_ item: MainQueueIntegration.InboxItem) {
        switch item {
        case .reply(let message, let call):
            outstandingCalls.removeValue(forKey: ObjectIdentifier(call))
            call.complete(message)
        case .message(let message) where message.isMethodCall:
            dispatchMethodCall(message)
        case .message(let message):
            if message.interface == "org.freedesktop.DBus.Local", message.member == "Disconnected" {
                busDisconnected()
            } else {
                deliverSignal(message)
            }
        }
    }

    private func busDisconnected() {
        guard !isClosed else { return }
        isClosed = true
        ownedNames.removeAll()
        shutDown(error: .disconnected)
        dbus_connection_close(raw)
        onDisconnected?()
    }
}

extension DBusError {
    /// Takes the name and message out of a filled libdbus error.
    init(consuming error: inout CDBus.DBusError) {
        if dbus_error_is_set(&error) != 0 {
            self.init(name: error.name.map { String(cString: $0) } ?? DBusError.Name.failed,
                      message: error.message.map { String(cString: $0) } ?? "")
        } else {
            self = .failed("Unknown libdbus failure")
        }
    }
}
