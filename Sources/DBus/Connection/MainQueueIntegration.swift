internal import CDBus
import Dispatch
import MainLoop

/// Drives one libdbus connection from the daemon's one loop (`MainLoop`).
///
/// libdbus holds retained pointers to this object (released by its free callbacks), so a
/// callback can never reach a freed object. The callbacks only record work; libdbus is
/// re-entered (dbus_watch_handle, dbus_connection_dispatch) from our own fd watches, timers
/// and `MainLoop.soon` work, never from inside a libdbus callback.
@MainActor
final class MainQueueIntegration {
    private let connection: OpaquePointer
    private var watches: [OpaquePointer: MainLoop.WatchID?] = [:]
    private var timeouts: [OpaquePointer: DispatchSourceTimer?] = [:]
    private var dispatchScheduled = false
    private(set) var isShutDown = false
    private var inbox: [InboxItem] = []
    /// Called with each item the filter or a pending call queued, outside any libdbus callback.
    var deliver: (@MainActor (InboxItem) -> Void)?

    enum InboxItem {
        case message(Message)
        case reply(Message, PendingCall)
    }

    init(connection: OpaquePointer) {
        self.connection = connection
    }

    func install() {
        let watchData = Unmanaged.passRetained(self).toOpaque()
        dbus_connection_set_watch_functions(connection, { watch, data in
            guard let watch, let data else { return 0 }
            return MainActor.assumeIsolated { MainQueueIntegration.from(data).addWatch(watch) }
        }, { watch, data in
            guard let watch, let data else { return }
            MainActor.assumeIsolated { MainQueueIntegration.from(data).removeWatch(watch) }
        }, { watch, data in
            guard let watch, let data else { return }
            MainActor.assumeIsolated { MainQueueIntegration.from(data).updateWatch(watch) }
        }, watchData, { data in MainQueueIntegration.release(data) })

        let timeoutData = Unmanaged.passRetained(self).toOpaque()
        dbus_connection_set_timeout_functions(connection, { timeout, data in
            guard let timeout, let data else { return 0 }
            return MainActor.assumeIsolated { MainQueueIntegration.from(data).addTimeout(timeout) }
        }, { timeout, data in
            guard let timeout, let data else { return }
            MainActor.assumeIsolated { MainQueueIntegration.from(data).removeTimeout(timeout) }
        }, { timeout, data in
            guard let timeout, let data else { return }
            MainActor.assumeIsolated { MainQueueIntegration.from(data).updateTimeout(timeout) }
        }, timeoutData, { data in MainQueueIntegration.release(data) })

        dbus_connection_set_dispatch_status_function(connection, { _, status, data in
            guard let data, status == DBUS_DISPATCH_DATA_REMAINS else { return }
            MainActor.assumeIsolated { MainQueueIntegration.from(data).scheduleDispatch() }
        }, Unmanaged.passRetained(self).toOpaque(), { data in MainQueueIntegration.release(data) })

        dbus_connection_set_wakeup_main_function(connection, { data in
            guard let data else { return }
            MainActor.assumeIsolated { MainQueueIntegration.from(data).scheduleDispatch() }
        }, Unmanaged.passRetained(self).toOpaque(), { data in MainQueueIntegration.release(data) })

        _ = dbus_connection_add_filter(connection, { _, message, data in
            guard let message, let data else { return DBUS_HANDLER_RESULT_NOT_YET_HANDLED }
            let handled = MainActor.assumeIsolated { MainQueueIntegration.from(data).filter(message) }
            return handled ? DBUS_HANDLER_RESULT_HANDLED : DBUS_HANDLER_RESULT_NOT_YET_HANDLED
        }, Unmanaged.passRetained(self).toOpaque(), { data in MainQueueIntegration.release(data) })

        // Messages may already be queued (read while Hello was blocking).
        scheduleDispatch()
    }

    /// Unhooks everything; libdbus calls our remove callbacks and drops its references.
    func shutDown() {
        guard !isShutDown else { return }
        isShutDown = true
        inbox.removeAll()
        deliver = nil
        dbus_connection_set_watch_functions(connection, nil, nil, nil, nil, nil)
        dbus_connection_set_timeout_functions(connection, nil, nil, nil, nil, nil)
        dbus_connection_set_dispatch_status_function(connection, nil, nil, nil)
        dbus_connection_set_wakeup_main_function(connection, nil, nil, nil)
        for (watch, _) in watches { removeWatch(watch) }
        for (timeout, _) in timeouts { removeTimeout(timeout) }
    }

    private static func from(_ data: UnsafeMutableRawPointer) -> MainQueueIntegration {
        Unmanaged<MainQueueIntegration>.fromOpaque(data).takeUnretainedValue()
    }

    private nonisolated static func release(_ data: UnsafeMutableRawPointer?) {
        guard let data else { return }
        Unmanaged<MainQueueIntegration>.fromOpaque(data).release()
    }

    // MARK: Watches

    private func addWatch(_ watch: OpaquePointer) -> dbus_bool_t {
        watches[watch] = .some(nil)
        updateWatch(watch)
        return 1
    }

    private func removeWatch(_ watch: OpaquePointer) {
        guard let loopWatch = watches.removeValue(forKey: watch) else { return }
        if let loopWatch { MainLoop.shared.removeWatch(loopWatch) }
    }

    /// A disabled watch stays registered with an empty interest, so re-enabling is cheap.
    private func updateWatch(_ watch: OpaquePointer) {
        guard let existing = watches[watch] else { return }
        let fd = dbus_watch_get_unix_fd(watch)
        let enabled = !isShutDown && fd >= 0 && dbus_watch_get_enabled(watch) != 0
        let flags = dbus_watch_get_flags(watch)
        var interest: MainLoop.Events = []
        if enabled, flags & SB_DBUS_WATCH_READABLE != 0 { interest.insert(.readable) }
        if enabled, flags & SB_DBUS_WATCH_WRITABLE != 0 { interest.insert(.writable) }
        if let existing {
            MainLoop.shared.updateWatch(existing, events: interest)
            return
        }
        guard !interest.isEmpty else { return }
        let key = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(watch)))
        watches[watch] = MainLoop.shared.addWatch(fd: fd, events: interest) { [weak self] events in
            self?.handleWatch(key, events)
        }
    }

    private func handleWatch(_ key: UInt, _ events: MainLoop.Events) {
        guard !isShutDown, let watch = OpaquePointer(bitPattern: key), watches[watch] != nil else { return }
        var condition: UInt32 = 0
        if events.contains(.readable) { condition |= SB_DBUS_WATCH_READABLE }
        if events.contains(.writable) { condition |= SB_DBUS_WATCH_WRITABLE }
        if events.contains(.hangup) { condition |= SB_DBUS_WATCH_HANGUP }
        if events.contains(.error) { condition |= SB_DBUS_WATCH_ERROR }
        dbus_watch_handle(watch, condition)
        scheduleDispatch()
    }

    // MARK: Timeouts

    private func addTimeout(_ timeout: OpaquePointer) -> dbus_bool_t {
        timeouts[timeout] = .some(nil)
        updateTimeout(timeout)
        return 1
    }

    private func removeTimeout(_ timeout: OpaquePointer) {
        guard let timer = timeouts.removeValue(forKey: timeout) else { return }
        timer?.cancel()
    }

    /// libdbus timeouts repeat every interval while enabled; re-arm from scratch on each change.
    private func updateTimeout(_ timeout: OpaquePointer) {
        guard let existing = timeouts[timeout] else { return }
        existing?.cancel()
        timeouts[timeout] = .some(nil)
        guard !isShutDown, dbus_timeout_get_enabled(timeout) != 0 else { return }
        let interval = DispatchTimeInterval.milliseconds(max(1, Int(dbus_timeout_get_interval(timeout))))
        let key = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(timeout)))
        let timer = DispatchSource.makeTimerSource(queue: .main)
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in
            MainActor.assumeIsolated { self?.fireTimeout(key) }
        }
        timer.activate()
        timeouts[timeout] = timer
    }

    private func fireTimeout(_ key: UInt) {
        guard !isShutDown, let timeout = OpaquePointer(bitPattern: key), timeouts[timeout] != nil else { return }
        dbus_timeout_handle(timeout)
        scheduleDispatch()
    }

    // MARK: Dispatching

    func scheduleDispatch() {
        guard !dispatchScheduled, !isShutDown else { return }
        dispatchScheduled = true
        MainLoop.shared.soon { [weak self] in self?.dispatchNow() }
    }

    /// Lets libdbus route queued messages (into `filter` and pending-call notifies), then hands
    /// the collected items to the connection. A bounded batch keeps other main-queue work fair.
    private func dispatchNow() {
        dispatchScheduled = false
        guard !isShutDown else { return }
        var budget = 64
        while budget > 0, !isShutDown, dbus_connection_get_dispatch_status(connection) == DBUS_DISPATCH_DATA_REMAINS {
            dbus_connection_dispatch(connection)
            budget -= 1
        }
        let items = inbox
        inbox.removeAll()
        for item in items {
            guard !isShutDown, let deliver else { break }
            deliver(item)
        }
        if !isShutDown, dbus_connection_get_dispatch_status(connection) == DBUS_DISPATCH_DATA_REMAINS {
            scheduleDispatch()
        }
    }

    /// Queue a completed pending call so replies keep their order relative to other messages.
    func enqueue(_ item: InboxItem) {
        guard !isShutDown else { return }
        inbox.append(item)
        scheduleDispatch()
    }

    private func filter(_ raw: OpaquePointer) -> Bool {
        guard !isShutDown else { return false }
        let message = Message(retaining: raw)
        guard message.isMethodCall || message.isSignal else { return false }
        inbox.append(.message(message))
        return message.isMethodCall
    }
}
