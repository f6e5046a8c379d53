import DBus
import Logging
import MainLoop
import SessionArbitration

/// ConnMan's Session API: `CreateSession`/`DestroySession` on the Manager, one
/// `net.connman.Session` object per session, and the client's
/// `net.connman.Notification` (Update, Release) called back without waiting
/// for replies.  Arbitration itself happens in SessionCoordinator.
@MainActor
final class SessionFace {
    static let interface = "net.connman.Session"
    static let notification = "net.connman.Notification"

    private struct Record {
        let id: SessionCoordinator.SessionID
        let owner: String
        let notifier: ObjectPath
        let path: ObjectPath
        var lastSent: [DBusValue]?
    }

    private let connection: DBusConnection
    private let coordinator: SessionCoordinator
    private let logger = Logger(label: "sessions")
    private var records: [ObjectPath: Record] = [:]
    private var paths: [SessionCoordinator.SessionID: ObjectPath] = [:]
    private var ownerWatches: [String: NameWatch] = [:]
    private var sessionsPerOwner: [String: Int] = [:]
    /// While a client's call is being handled, status changes wait (in
    /// `dirty`) so the call's effects go out as one Update per session.
    private var holdingUpdates = false
    private var dirty: Set<ObjectPath> = []
    private var ipValues = SessionSettings.IPValueCache()
    private var lastUpdate: PreparedCall?

    init(connection: DBusConnection, coordinator: SessionCoordinator) {
        self.connection = connection
        self.coordinator = coordinator
        coordinator.onStatusChange = { [weak self] id in
            guard let self, let path = self.paths[id] else { return }
            // Changes from plugins and the kernel often come in bursts (a
            // lost cable: addresses gone, then the service): one Update per
            // session carries a burst, sent once the loop's events are handled.
            let flushScheduled = !self.dirty.isEmpty
            self.dirty.insert(path)
            if !self.holdingUpdates, !flushScheduled { MainLoop.shared.soon { [weak self] in self?.flushUpdates() } }
        }
    }

    // MARK: Manager methods

    func createSession(_ call: DBusMethodCall, _ reply: DBusReply) {
        guard case .dictionary(_, _, let entries) = call.arguments[0], case .objectPath(let notifier) = call.arguments[1] else {
            return reply.fail(ConnMan.error("InvalidArguments", "expected (a{sv} settings, o notifier)"))
        }
        var config = SessionConfig()
        do {
            for entry in entries {
                guard let name = entry.key.stringValue else { continue }
                try SessionSettings.apply(name, entry.value, to: &config, mode: .create,
                                          knownBearers: coordinator.knownBearers)
            }
        } catch {
            return reply.fail(error)
        }
        guard let path = Self.sessionPath(owner: call.sender, notifier: notifier) else {
            return reply.fail(ConnMan.error("InvalidArguments", "cannot make a session path for \(call.sender)\(notifier)"))
        }
        guard records[path] == nil else {
            return reply.fail(ConnMan.error("AlreadyExists", "a session for notifier \(notifier) already exists"))
        }
        let id = withUpdatesHeld { coordinator.create(config: config) }
        records[path] = Record(id: id, owner: call.sender, notifier: notifier, path: path)
        paths[id] = path
        // The reply, then the first Update with every setting, in one write: the client
        // sees them in that order, and the bus is woken once.  The rest of the set-up can
        // wait until they are on their way (nothing else runs on the loop meanwhile, so no
        // call can reach the session object before it is exported).
        connection.sendTogether {
            reply.succeed([.objectPath(path)])
            sendUpdate(path)
        }
        connection.export(DBusObject(path: path, interfaces: [sessionInterface]))
        sessionsPerOwner[call.sender, default: 0] += 1
        watchOwner(call.sender)
        logger.debug("session \(path) created by \(call.sender)", metadata: ["bearers": "\(config.allowedBearers)", "type": "\(config.connectionType.rawValue)"])
    }

    func destroySession(_ call: DBusMethodCall) throws(DBusError) {
        guard case .objectPath(let path) = call.arguments[0], records[path] != nil else {
            throw ConnMan.error("InvalidArguments", "no such session")
        }
        try checkOwner(path, call.sender)
        destroy(path, release: false)
    }

    /// Ends every session with a Release to its notifier (daemon shutdown).
    func releaseAll() {
        for path in records.keys.sorted() { destroy(path, release: true) }
    }

    /// `/sessions/<owner with ':' and '.' as '_'><notifier>`; a notifier of `/`
    /// adds nothing (a trailing '/' would not be a valid path).
    static func sessionPath(owner: String, notifier: ObjectPath) -> ObjectPath? {
        let base = "/sessions/" + ObjectPath.sanitizedComponent(owner)
        return ObjectPath(notifier.isRoot ? base : base + notifier.rawValue)
    }

    // MARK: the session object

    /// One interface value shared by every session object (handlers find
    /// their session by the call's path), so a session costs little memory.
    private lazy var sessionInterface = DBusInterface(name: Self.interface, methods: [
        DBusMethod(name: "Destroy") { [unowned self] call throws(DBusError) in
            try checkOwner(call.path, call.sender)
            destroy(call.path, release: false)
            return []
        },
        DBusMethod(name: "Connect") { [unowned self] call throws(DBusError) in
            let record = try checkOwner(call.path, call.sender)
            withUpdatesHeld(also: call.path) { coordinator.connect(record.id) }
            return []
        },
        DBusMethod(name: "Disconnect") { [unowned self] call throws(DBusError) in
            let record = try checkOwner(call.path, call.sender)
            withUpdatesHeld(also: call.path) { coordinator.disconnect(record.id) }
            return []
        },
        DBusMethod(name: "Change", inputs: [.init("name", .string), .init("value", .variant)]) { [unowned self] call throws(DBusError) in
            let record = try checkOwner(call.path, call.sender)
            guard case .string(let name) = call.arguments[0], var config = coordinator.config(record.id) else { return [] }
            try SessionSettings.apply(name, call.arguments[1], to: &config, mode: .change, knownBearers: coordinator.knownBearers)
            withUpdatesHeld(also: call.path) { coordinator.change(record.id, config: config) }
            return []
        },
    ])

    @discardableResult
    private func checkOwner(_ path: ObjectPath, _ sender: String) throws(DBusError) -> Record {
        guard let record = records[path] else { throw ConnMan.error("InvalidArguments", "no such session") }
        guard record.owner == sender else {
            throw ConnMan.error("PermissionDenied", "only the connection that created this session may use it")
        }
        return record
    }

    /// Runs `body` with Updates held, then sends one Update to each session it
    /// changed (and to `path`, whose own settings it may have changed).
    private func withUpdatesHeld<R>(also path: ObjectPath? = nil, _ body: () -> R) -> R {
        holdingUpdates = true
        let result = body()
        holdingUpdates = false
        if let path { dirty.insert(path) }
        flushUpdates()
        return result
    }

    /// A fan-out's Updates go out in as few writes as the bus socket takes.
    private func flushUpdates() {
        let changed = dirty
        dirty.removeAll()
        connection.sendTogether {
            for session in changed.sorted() { sendUpdate(session) }
        }
    }

    /// Sends the settings that changed since the last Update (all of them the
    /// first time); nothing when nothing changed.  No reply is expected, so a
    /// slow or vanished client never holds up the loop.
    private func sendUpdate(_ path: ObjectPath) {
        guard var record = records[path], let config = coordinator.config(record.id) else { return }
        let current = SessionSettings.all(config: config, status: coordinator.status(record.id), ipValues: &ipValues)
        let changed = SessionSettings.changed(current, since: record.lastSent)
        guard !changed.isEmpty else { return }
        record.lastSent = current
        records[path] = record
        guard let update = preparedUpdate([.properties(changed)]) else { return }
        connection.send(update, destination: record.owner, path: record.notifier)
    }

    /// Consecutive Updates mostly carry the same settings (sessions created alike, and
    /// the fan-out to every session of a service that changed), so the last one is kept
    /// marshalled and only re-addressed.
    private func preparedUpdate(_ arguments: [DBusValue]) -> PreparedCall? {
        if let lastUpdate, lastUpdate.carries(interface: Self.notification, member: "Update", arguments: arguments) {
            return lastUpdate
        }
        lastUpdate = try? PreparedCall(interface: Self.notification, member: "Update", arguments: arguments)
        return lastUpdate
    }

    private func destroy(_ path: ObjectPath, release: Bool) {
        guard let record = records.removeValue(forKey: path) else { return }
        paths[record.id] = nil
        connection.unexport(path)
        coordinator.destroy(record.id)
        if release {
            connection.send(destination: record.owner, path: record.notifier, interface: Self.notification,
                            member: "Release", arguments: [])
        }
        let remaining = (sessionsPerOwner[record.owner] ?? 1) - 1
        sessionsPerOwner[record.owner] = remaining > 0 ? remaining : nil
        if remaining <= 0 { ownerWatches.removeValue(forKey: record.owner)?.cancel() }
        logger.debug("session \(path) destroyed\(release ? " by the daemon (Release sent)" : "")")
    }

    /// When a client leaves the bus, its sessions go with it.
    private func watchOwner(_ owner: String) {
        guard ownerWatches[owner] == nil else { return }
        ownerWatches[owner] = connection.watchName(owner) { [weak self] in
            guard let self else { return }
            self.ownerWatches[owner] = nil
            let owned = self.records.values.filter { $0.owner == owner }.map(\.path).sorted()
            if !owned.isEmpty { self.logger.info("\(owner) left the bus; destroying its \(owned.count) session(s)") }
            for path in owned { self.destroy(path, release: false) }
        }
    }
}
