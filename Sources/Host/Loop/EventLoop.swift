import Dispatch
import Glibc
import MainLoop

/// The host's view of the daemon's one event loop (`MainLoop`: epoll and the
/// main dispatch queue, on the main thread).
///
/// Everything that reacts to the outside world (D-Bus, netlink, plugin fds,
/// timers) runs there, so the model needs no locks.  Plugins get fd watches
/// and timers from this type through the host API, under one id space so a
/// plugin's sources can be torn down together; only `post` may be called from
/// another thread.
@MainActor
public final class EventLoop {
    public typealias SourceID = UInt64

    private var nextID: SourceID = 1
    private var fdWatches: [SourceID: MainLoop.WatchID] = [:]
    private var timers: [SourceID: MainLoop.TimerID] = [:]

    public init() {}

    /// True when the caller runs on the loop; used to refuse host API calls
    /// that a plugin makes from a thread of its own.
    public nonisolated static var isOnLoop: Bool { MainLoop.isOnLoop }

    private func allocateID() -> SourceID {
        defer { nextID += 1 }
        return nextID
    }

    // MARK: fd watches

    /// Watches `fd` for readability and/or writability until `removeWatch`.
    /// A hang-up or error is reported as whatever was asked for, so the
    /// handler's read or write sees it.  Returns nil when `fd` is negative,
    /// no event was asked for, or the fd cannot be watched.
    public func watch(fd: Int32, readable: Bool, writable: Bool,
                      handler: @escaping @MainActor (_ readable: Bool, _ writable: Bool) -> Void) -> SourceID? {
        var interest: MainLoop.Events = []
        if readable { interest.insert(.readable) }
        if writable { interest.insert(.writable) }
        guard !interest.isEmpty, let watch = MainLoop.shared.addWatch(fd: fd, events: interest, handler: { events in
            let failed = !events.isDisjoint(with: [.hangup, .error])
            handler(events.contains(.readable) || (failed && readable), events.contains(.writable) || (failed && writable))
        }) else { return nil }
        let id = allocateID()
        fdWatches[id] = watch
        return id
    }

    /// Stops a watch; unknown ids are ignored (it may have been removed already).
    public func removeWatch(_ id: SourceID) {
        guard let watch = fdWatches.removeValue(forKey: id) else { return }
        MainLoop.shared.removeWatch(watch)
    }

    // MARK: timers

    /// Fires `handler` after `delay`, then every `interval` unless it is zero.
    public func addTimer(delayMilliseconds delay: UInt64, intervalMilliseconds interval: UInt64,
                         handler: @escaping @MainActor (SourceID) -> Void) -> SourceID {
        let id = allocateID()
        let (delayNanoseconds, delayOverflow) = delay.multipliedReportingOverflow(by: 1_000_000)
        let (intervalNanoseconds, intervalOverflow) = interval.multipliedReportingOverflow(by: 1_000_000)
        timers[id] = MainLoop.shared.addTimer(afterNanoseconds: delayOverflow ? UInt64.max / 2 : delayNanoseconds,
                                              intervalNanoseconds: intervalOverflow ? UInt64.max / 2 : intervalNanoseconds) {
            [weak self] in
            // A one-shot timer is gone once it fired, so removing it from
            // inside the handler (or later) is harmless.
            if interval == 0 { self?.timers[id] = nil }
            handler(id)
        }
        return id
    }

    public func removeTimer(_ id: SourceID) {
        guard let timer = timers.removeValue(forKey: id) else { return }
        MainLoop.shared.removeTimer(timer)
    }

    /// Whether a source id is still live (for tests and bookkeeping).
    public func isLive(_ id: SourceID) -> Bool {
        fdWatches[id] != nil || timers[id] != nil
    }

    // MARK: cross-thread hand-over

    /// Runs `work` on the loop.  Safe from any thread.
    public nonisolated static func post(_ work: @escaping @Sendable @MainActor () -> Void) {
        MainLoop.post(work)
    }
}
