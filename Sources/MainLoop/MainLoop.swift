internal import CLinuxLoop
import Dispatch
import Glibc

/// The daemon's one event loop: an epoll set of file descriptors plus the main
/// dispatch queue, both served on the process' main thread.
///
/// Why not DispatchSources and `dispatchMain()`: on Linux every DispatchSource
/// event is seen by libdispatch's manager thread and handed to the worker that
/// drains the main queue, two thread hand-offs per D-Bus message.  Here the
/// main thread waits in `epoll_wait` itself and runs fd handlers directly, and
/// drains the main queue through libdispatch's run-loop hooks (the way
/// CoreFoundation's run loop does), so `DispatchQueue.main`, `MainActor` tasks,
/// timers and signal sources keep working and still run on this one thread.
///
/// Until `run()` takes over the main thread (in tests, or in a program that
/// drains the main queue some other way) the epoll set is itself watched by a
/// DispatchSource on the main queue: the same handlers run, only the waiting
/// differs.
@MainActor
public final class MainLoop {
    public static let shared = MainLoop()

    public struct Events: OptionSet, Sendable, CustomStringConvertible {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let readable = Events(rawValue: 1 << 0)
        public static let writable = Events(rawValue: 1 << 1)
        /// Reported to every watcher that asked for anything, whatever it asked for.
        public static let hangup = Events(rawValue: 1 << 2)
        public static let error = Events(rawValue: 1 << 3)

        public var description: String {
            let names = [(Events.readable, "in"), (.writable, "out"), (.hangup, "hup"), (.error, "err")]
            return names.filter { contains($0.0) }.map(\.1).joined(separator: "|")
        }
    }

    public typealias WatchID = UInt64
    public typealias Handler = @MainActor (Events) -> Void

    private struct Watcher {
        let fd: Int32
        var interest: Events
        let handler: Handler
    }

    private let epollFD: Int32
    private var watchers: [WatchID: Watcher] = [:]
    private var watchersByFD: [Int32: [WatchID]] = [:]
    private var registeredMask: [Int32: UInt32] = [:]
    private var nextID: WatchID = 1
    private let readyCapacity: Int32 = 64
    private let ready: UnsafeMutablePointer<epoll_event>

    private var soonQueue: [@MainActor () -> Void] = []
    private var idleQueue: [@MainActor () -> Void] = []
    private var soonDrainScheduled = false
    private var ownsMainThread = false
    private var embeddedSource: DispatchSourceRead?
    private var mainQueueHandle: Int32 = -1

    /// epoll user data of the main queue's wake-up handle; fds use their own number.
    private static let mainQueueTag = UInt64.max

    private init() {
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        precondition(epollFD >= 0, "epoll_create1 failed: errno \(errno)")
        ready = .allocate(capacity: Int(readyCapacity))
        LoopIdentity.markMainQueue()
    }

    /// True when the caller runs on the loop.  Safe from any thread.
    public nonisolated static var isOnLoop: Bool { LoopIdentity.isOnLoop }

    // MARK: watches

    /// Calls `handler` while `fd` has any of `events` (level-triggered) until
    /// `removeWatch`.  Several watches may share one fd.  Returns nil for a
    /// negative fd or one epoll refuses (a regular file, a closed fd).
    public func addWatch(fd: Int32, events: Events, handler: @escaping Handler) -> WatchID? {
        guard fd >= 0 else { return nil }
        let id = nextID
        nextID += 1
        watchers[id] = Watcher(fd: fd, interest: events, handler: handler)
        watchersByFD[fd, default: []].append(id)
        guard syncRegistration(fd) else {
            removeWatch(id)
            return nil
        }
        startEmbeddedWaitingIfNeeded()
        return id
    }

    /// Changes what a watch waits for; an empty set pauses it.
    public func updateWatch(_ id: WatchID, events: Events) {
        guard let watcher = watchers[id], watcher.interest != events else { return }
        watchers[id]?.interest = events
        _ = syncRegistration(watcher.fd)
    }

    /// Stops a watch; unknown ids are ignored (it may be gone already).
    public func removeWatch(_ id: WatchID) {
        guard let watcher = watchers.removeValue(forKey: id) else { return }
        watchersByFD[watcher.fd]?.removeAll { $0 == id }
        if watchersByFD[watcher.fd]?.isEmpty == true { watchersByFD[watcher.fd] = nil }
        _ = syncRegistration(watcher.fd)
    }

    public func isWatching(_ id: WatchID) -> Bool { watchers[id] != nil }

    /// Makes epoll's interest for `fd` the union of its watchers'.  A fd nobody
    /// waits on is removed: epoll reports hang-ups even for an empty mask.
    private func syncRegistration(_ fd: Int32) -> Bool {
        let mask = (watchersByFD[fd] ?? []).reduce(UInt32(0)) { mask, id in
            mask | Self.epollMask(watchers[id]?.interest ?? [])
        }
        let current = registeredMask[fd]
        if mask == 0 {
            if current != nil {
                registeredMask[fd] = nil
                epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
            }
            return true
        }
        guard mask != current else { return true }
        var event = epoll_event(events: mask, data: epoll_data_t(u64: UInt64(UInt32(bitPattern: fd))))
        // A fd closed and reopened behind our back has left the set (ENOENT),
        // or is still in it under a number we forgot (EEXIST): try the other verb.
        var result = epoll_ctl(epollFD, current == nil ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event)
        if result != 0, errno == ENOENT || errno == EEXIST {
            result = epoll_ctl(epollFD, errno == ENOENT ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event)
        }
        guard result == 0 else {
            registeredMask[fd] = nil
            return false
        }
        registeredMask[fd] = mask
        return true
    }

    private static func epollMask(_ events: Events) -> UInt32 {
        var mask: UInt32 = 0
        if events.contains(.readable) { mask |= EPOLLIN.rawValue }
        if events.contains(.writable) { mask |= EPOLLOUT.rawValue }
        return mask
    }

    private static func events(_ mask: UInt32) -> Events {
        var events: Events = []
        if mask & (EPOLLIN.rawValue | EPOLLPRI.rawValue | EPOLLRDHUP.rawValue) != 0 { events.insert(.readable) }
        if mask & EPOLLOUT.rawValue != 0 { events.insert(.writable) }
        if mask & EPOLLHUP.rawValue != 0 { events.insert(.hangup) }
        if mask & EPOLLERR.rawValue != 0 { events.insert(.error) }
        return events
    }

    // MARK: timers

    public typealias TimerID = UInt64

    private struct Timer {
        var deadline: UInt64
        let interval: UInt64
        let handler: @MainActor () -> Void
    }

    private var timers: [TimerID: Timer] = [:]
    private var nextTimerID: TimerID = 1
    /// One timerfd in the epoll set, set to the earliest deadline: a timer
    /// costs a syscall, not a hand-off to libdispatch's timer thread and back.
    private var timerFD: Int32 = -1
    private var armedDeadline: UInt64?

    /// Calls `handler` on the loop after `delay` nanoseconds of CLOCK_MONOTONIC,
    /// then every `interval` unless it is zero, until `removeTimer`.
    public func addTimer(afterNanoseconds delay: UInt64, intervalNanoseconds interval: UInt64 = 0,
                         handler: @escaping @MainActor () -> Void) -> TimerID {
        let id = nextTimerID
        nextTimerID += 1
        timers[id] = Timer(deadline: Self.monotonicNanoseconds() &+ delay, interval: interval, handler: handler)
        armTimerFD()
        return id
    }

    /// Stops a timer; unknown ids are ignored (a one-shot timer is gone once it fired).
    public func removeTimer(_ id: TimerID) {
        guard timers.removeValue(forKey: id) != nil else { return }
        armTimerFD()
    }

    private func armTimerFD() {
        let earliest = timers.values.map(\.deadline).min()
        guard earliest != armedDeadline else { return }
        if timerFD < 0 {
            timerFD = timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
            precondition(timerFD >= 0, "timerfd_create failed: errno \(errno)")
            _ = addWatch(fd: timerFD, events: .readable) { _ in MainLoop.shared.fireTimers() }
        }
        armedDeadline = earliest
        // All zero disarms; a deadline already past fires at once (TFD_TIMER_ABSTIME).
        let deadline = earliest.map { max($0, 1) } ?? 0
        var setting = itimerspec(it_interval: timespec(),
                                 it_value: timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000)))
        timerfd_settime(timerFD, Int32(TFD_TIMER_ABSTIME), &setting, nil)
    }

    private func fireTimers() {
        var expirations: UInt64 = 0
        _ = read(timerFD, &expirations, MemoryLayout<UInt64>.size)
        armedDeadline = nil
        let now = Self.monotonicNanoseconds()
        let due = timers.filter { $0.value.deadline <= now }.sorted { ($0.value.deadline, $0.key) < ($1.value.deadline, $1.key) }
        for (id, timer) in due {
            // An earlier handler may have removed this one.
            guard timers[id] != nil else { continue }
            if timer.interval > 0 {
                timers[id]?.deadline = now &+ timer.interval
            } else {
                timers[id] = nil
            }
            timer.handler()
        }
        armTimerFD()
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    // MARK: deferred work

    /// Runs `work` on the loop after the events at hand are handled, before the
    /// loop waits again: cheaper than `DispatchQueue.main.async`, which wakes
    /// the loop through libdispatch.  Loop only; other threads use `post`.
    public func soon(_ work: @escaping @MainActor () -> Void) {
        soonQueue.append(work)
        guard !ownsMainThread, !soonDrainScheduled else { return }
        soonDrainScheduled = true
        DispatchQueue.main.async { MainActor.assumeIsolated { MainLoop.shared.runSoonQueue() } }
    }

    /// Runs `work` once the loop has nothing left to do before it waits
    /// again: after the events at hand and every `soon` work they led to.
    /// For what should not delay the work at hand (a batch of D-Bus messages
    /// whose writes would wake the bus between two network frames).  Loop only.
    public func whenIdle(_ work: @escaping @MainActor () -> Void) {
        idleQueue.append(work)
        guard !ownsMainThread, !soonDrainScheduled else { return }
        soonDrainScheduled = true
        DispatchQueue.main.async { MainActor.assumeIsolated { MainLoop.shared.runSoonQueue() } }
    }

    /// Runs `work` on the loop.  Safe from any thread.
    public nonisolated static func post(_ work: @escaping @Sendable @MainActor () -> Void) {
        DispatchQueue.main.async { MainActor.assumeIsolated { work() } }
    }

    private func runSoonQueue() {
        soonDrainScheduled = false
        // Work queued by this work runs in the next round, so a chain of
        // `soon` calls cannot starve fds and the main queue.
        let batch = soonQueue
        soonQueue.removeAll(keepingCapacity: true)
        for work in batch { work() }
        if soonQueue.isEmpty, !idleQueue.isEmpty {
            let idle = idleQueue
            idleQueue.removeAll(keepingCapacity: true)
            for work in idle { work() }
        }
        if !(soonQueue.isEmpty && idleQueue.isEmpty), !ownsMainThread, !soonDrainScheduled {
            soonDrainScheduled = true
            DispatchQueue.main.async { MainActor.assumeIsolated { MainLoop.shared.runSoonQueue() } }
        }
    }

    // MARK: running

    /// Serves fds and the main queue on the calling thread, which must be the
    /// process' main thread, for the rest of the process' life (it ends with
    /// `exit`).  Use instead of `dispatchMain()`.
    public func run() -> Never {
        precondition(sb_is_main_thread() != 0, "MainLoop.run() must be called on the main thread")
        ownsMainThread = true
        embeddedSource?.cancel()
        embeddedSource = nil
        mainQueueHandle = _dispatch_get_main_queue_handle_4CF()
        var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(u64: Self.mainQueueTag))
        precondition(epoll_ctl(epollFD, EPOLL_CTL_ADD, mainQueueHandle, &event) == 0,
                     "cannot watch the main queue: errno \(errno)")
        // Whatever start-up queued on the main queue runs first.
        drainMainQueue()
        while true {
            runSoonQueue()
            serveReady(timeout: soonQueue.isEmpty && idleQueue.isEmpty ? -1 : 0)
        }
    }

    private func startEmbeddedWaitingIfNeeded() {
        guard !ownsMainThread, embeddedSource == nil else { return }
        let source = DispatchSource.makeReadSource(fileDescriptor: epollFD, queue: .main)
        source.setEventHandler { MainActor.assumeIsolated { MainLoop.shared.serveReady(timeout: 0) } }
        source.activate()
        embeddedSource = source
    }

    /// Waits up to `timeout` ms (-1: forever) and runs the handlers of what is ready.
    private func serveReady(timeout: Int32) {
        let count = epoll_wait(epollFD, ready, readyCapacity, timeout)
        guard count > 0 else { return }  // 0: nothing; -1: EINTR (a signal) or a bug we cannot act on
        for index in 0..<Int(count) {
            let event = ready[index]
            if event.data.u64 == Self.mainQueueTag {
                drainMainQueue()
            } else {
                dispatch(fd: Int32(bitPattern: UInt32(truncatingIfNeeded: event.data.u64)), events: Self.events(event.events))
            }
        }
        if !ownsMainThread { runSoonQueue() }
    }

    private func dispatch(fd: Int32, events: Events) {
        guard let ids = watchersByFD[fd] else { return }
        for id in ids {
            // A handler may remove or pause any watch, its own included.
            guard let watcher = watchers[id], !watcher.interest.isEmpty else { continue }
            let relevant = events.intersection(watcher.interest.union([.hangup, .error]))
            if !relevant.isEmpty { watcher.handler(relevant) }
        }
    }

    private func drainMainQueue() {
        var count: UInt64 = 0
        _ = read(mainQueueHandle, &count, MemoryLayout<UInt64>.size)
        _dispatch_main_queue_callback_4CF(nil)
    }
}

/// Answers "am I on the loop?" from any thread.  The loop is the main thread
/// once `run()` owns it, and the main queue in every case (marked, because a
/// program that calls `dispatchMain()` drains it on a worker thread).
enum LoopIdentity {
    private static let key = DispatchSpecificKey<UInt8>()

    static func markMainQueue() {
        DispatchQueue.main.setSpecific(key: key, value: 1)
    }

    static var isOnLoop: Bool {
        sb_is_main_thread() != 0 || DispatchQueue.getSpecific(key: key) == 1
    }
}
