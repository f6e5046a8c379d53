import Glibc

/// A point in time to give up waiting, on the monotonic clock.
public typealias Deadline = ContinuousClock.Instant

extension ContinuousClock.Instant {
    /// Milliseconds left for poll(2): 0 once passed, rounded up so a wait
    /// never ends just before its deadline.
    var pollTimeout: Int32 {
        let left = ContinuousClock.now.duration(to: self)
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }

    var hasPassed: Bool { ContinuousClock.now >= self }
}

/// Waits until `fd` has one of `events` (or an error/hang-up, reported as
/// ready so the following call sees it); false when `deadline` passed first.
func waitFor(_ fd: Int32, events: Int16, until deadline: Deadline) throws -> Bool {
    var entry = pollfd(fd: fd, events: events, revents: 0)
    while true {
        let ready = poll(&entry, 1, deadline.pollTimeout)
        if ready > 0 { return true }
        if ready == 0 {
            if deadline.hasPassed { return false }
            continue  // woke a little early
        }
        guard errno == EINTR else { throw TCPTransportError.connectionLost(reason: "poll: \(errnoText())") }
    }
}
