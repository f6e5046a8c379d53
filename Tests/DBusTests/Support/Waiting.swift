import Foundation
import XCTest

/// Resumes a continuation once, from any thread (the timeout fires on a global queue so a
/// stalled main queue shows up as a timeout instead of a hang).
final class Once<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T?, Never>?

    func arm(_ continuation: CheckedContinuation<T?, Never>) {
        lock.lock()
        self.continuation = continuation
        lock.unlock()
    }

    func resume(_ value: T?) {
        lock.lock()
        let continuation = self.continuation
        self.continuation = nil
        lock.unlock()
        continuation?.resume(returning: value)
    }
}

/// Runs `start`, hands it a completion, and waits (letting the main queue run) until the
/// completion is called or `timeout` seconds pass.
@MainActor
func waitFor<T: Sendable>(_ what: String, timeout: Double = 5,
                          _ start: @MainActor (@escaping @Sendable (T) -> Void) -> Void) async throws -> T {
    let once = Once<T>()
    let value: T? = await withCheckedContinuation { continuation in
        once.arm(continuation)
        start { once.resume($0) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { once.resume(nil) }
    }
    guard let value else { throw TestFailure("Timed out waiting for \(what)") }
    return value
}

/// Polls a main-actor condition while the main queue keeps running.
@MainActor
func waitUntil(_ what: String, timeout: Double = 5, _ condition: @MainActor () -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        guard Date() < deadline else { throw TestFailure("Timed out waiting until \(what)") }
        try await Task.sleep(nanoseconds: 5_000_000)
    }
}

@MainActor
func pause(milliseconds: Int) async {
    try? await Task.sleep(nanoseconds: UInt64(milliseconds) * 1_000_000)
}
