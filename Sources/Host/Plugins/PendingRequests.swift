import Glibc

/// Operations handed to plugins that answer later through `complete()`.
///
/// Each request remembers its plugin (a plugin may complete only its own) and
/// has a deadline, so a plugin that never answers cannot leave a D-Bus caller
/// waiting forever.
@MainActor
final class PendingRequests {
    typealias Completion = @MainActor (_ error: Int32) -> Void

    private struct Pending {
        var plugin: String
        var operation: String
        var completion: Completion
        var timer: EventLoop.SourceID
    }

    private let loop: EventLoop
    private let timeoutMilliseconds: UInt64
    private var nextID: UInt64 = 1
    private var pending: [UInt64: Pending] = [:]
    var onTimeout: (@MainActor (_ plugin: String, _ operation: String) -> Void)?

    init(loop: EventLoop, timeoutMilliseconds: UInt64 = 120_000) {
        self.loop = loop
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// Runs `start` with a fresh request id and routes its outcome: 0 finishes
    /// now, SB_PENDING waits for `complete`, a negative errno fails now.
    func run(plugin: String, operation: String, completion: @escaping Completion,
             start: (_ request: UInt64) -> Int32) {
        let id = nextID
        nextID += 1
        let result = start(id)
        guard result == 1 /* SB_PENDING */ else {
            completion(result > 0 ? -EPROTO : result)
            return
        }
        let timer = loop.addTimer(delayMilliseconds: timeoutMilliseconds, intervalMilliseconds: 0) { [weak self] _ in
            guard let self, let request = self.pending.removeValue(forKey: id) else { return }
            self.onTimeout?(request.plugin, request.operation)
            request.completion(-ETIMEDOUT)
        }
        pending[id] = Pending(plugin: plugin, operation: operation, completion: completion, timer: timer)
    }

    enum CompleteOutcome: Equatable { case completed, unknown, notOwner }

    /// Finishes a request; refuses ids that are unknown (already completed or
    /// timed out) or that belong to another plugin.
    func complete(_ id: UInt64, by plugin: String, error: Int32) -> CompleteOutcome {
        guard let request = pending[id] else { return .unknown }
        guard request.plugin == plugin else { return .notOwner }
        pending[id] = nil
        loop.removeTimer(request.timer)
        request.completion(error > 0 ? -EPROTO : error)
        return .completed
    }

    /// Fails every request of a plugin that is going away.
    func cancelAll(of plugin: String) {
        for (id, request) in pending where request.plugin == plugin {
            pending[id] = nil
            loop.removeTimer(request.timer)
            request.completion(-ECANCELED)
        }
    }
}
