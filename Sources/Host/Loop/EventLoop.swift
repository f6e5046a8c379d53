import Dispatch
import Foundation

/// The daemon's one event loop: the main dispatch queue.
///
/// Everything that reacts to the outside world (D-Bus, netlink, plugin fds,
/// timers) runs here, so the model needs no locks.  Plugins get fd watches and
/// timers from this type through the host API; only `post` may be called from
/// another thread.
@MainActor
public final class EventLoop {
    public typealias SourceID = UInt64

    private struct FDWatch {
        var read: DispatchSourceRead?
        var write: DispatchSourceWrite?
    }

    private var nextID: SourceID = 1
    private var fdWatches: [SourceID: FDWatch] = [:]
    private var timers: [SourceID: DispatchSourceTimer] = [:]

    public init() {
        LoopIdentity.markMainQueue()
    }

    /// True when the caller runs on the loop; used to refuse host API calls
    /// that a plugin makes from a thread of its own.
    public nonisolated static var isOnLoop: Bool { LoopIdentity.isOnMainQueue }

    private func allocateID() -> SourceID {
        defer { nextID += 1 }
        return nextID
    }

    // MARK: fd watches

    /// Watches `fd` for readability and/or writability until `removeWatch`.
    /// Returns nil when `fd` is negative or no event was asked for.
    public func watch(fd: Int32, readable: Bool, writable: Bool,
                      handler: @escaping @MainActor (_ readable: Bool, _ writable: Bool) -> Void) -> SourceID? {
        guard fd >= 0, readable || writable else { return nil }
        let id = allocateID()
        var watch = FDWatch()
        if readable {
            let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: .main)
            source.setEventHandler { MainActor.assumeIsolated { handler(true, false) } }
            source.resume()
            watch.read = source
        }
        if writable {
            let source = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: .main)
            source.setEventHandler { MainActor.assumeIsolated { handler(false, true) } }
            source.resume()
            watch.write = source
        }
        fdWatches[id] = watch
        return id
    }

    /// Stops a watch; unknown ids are ignored (it may have been removed already).
    public func removeWatch(_ id: SourceID) {
        guard let watch = fdWatches.removeValue(forKey: id) else { return }
        watch.read?.cancel()
        watch.write?.cancel()
    }

    // MARK: timers

    /// Fires `handler` after `delay`, then every `interval` unless it is zero.
    public func addTimer(delayMilliseconds delay: UInt64, intervalMilliseconds interval: UInt64,
                         handler: @escaping @MainActor (SourceID) -> Void) -> SourceID {
        let id = allocateID()
        let timer = DispatchSource.makeTimerSource(queue: .main)
        let start = DispatchTime.now() + .milliseconds(Int(clamping: delay))
        if interval > 0 {
            timer.schedule(deadline: start, repeating: .milliseconds(Int(clamping: interval)))
        } else {
            timer.schedule(deadline: start)
        }
        timer.setEventHandler { [weak self] in
            MainActor.assumeIsolated {
                // A one-shot timer is gone once it fired, so removing it from
                // inside the handler (or later) is harmless.
                if interval == 0 { self?.removeTimer(id) }
                handler(id)
            }
        }
        timers[id] = timer
        timer.resume()
        return id
    }

    public func removeTimer(_ id: SourceID) {
        timers.removeValue(forKey: id)?.cancel()
    }

    /// Whether a source id is still live (for tests and bookkeeping).
    public func isLive(_ id: SourceID) -> Bool {
        fdWatches[id] != nil || timers[id] != nil
    }

    // MARK: cross-thread hand-over

    /// Runs `work` on the loop.  Safe from any thread.
    public nonisolated static func post(_ work: @escaping @Sendable @MainActor () -> Void) {
        DispatchQueue.main.async { work() }
    }
}

/// Marks the main queue so that "am I on the loop?" can be answered on Linux,
/// where `dispatchMain()` drains the main queue on a worker thread.
enum LoopIdentity {
    private static let key = DispatchSpecificKey<UInt8>()

    static func markMainQueue() {
        DispatchQueue.main.setSpecific(key: key, value: 1)
    }

    static var isOnMainQueue: Bool {
        DispatchQueue.getSpecific(key: key) == 1
    }
}
