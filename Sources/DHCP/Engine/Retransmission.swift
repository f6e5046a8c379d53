/// RFC 2131 §4.1 retransmission: 4 s before the first retransmission, then
/// doubling up to 64 s, each randomised by ±1 s.  The first message after
/// a link came up may be given a quicker first retry (`quickFirstRetry`):
/// a link that has just come up often loses its first frames.
struct Backoff: Sendable {
    static let standardDelays: [Duration] = [.seconds(4), .seconds(8), .seconds(16), .seconds(32), .seconds(64)]
    private let delays: [Duration]
    /// Transmissions of the message so far.
    private(set) var transmissions = 0

    /// - Parameter transmissions: the schedule's length, when shorter than
    ///   the standard one (the quick retry counts as one).
    init(quickFirstRetry: Duration? = nil, transmissions: Int? = nil) {
        let full = (quickFirstRetry.map { [$0] } ?? []) + Self.standardDelays
        self.init(delays: Array(full.prefix(transmissions ?? full.count)))
    }

    /// A schedule of its own: each transmission's wait, the last repeating.
    init(delays: [Duration]) {
        self.delays = delays
    }

    /// Counts a transmission and returns how long to wait for its answer;
    /// `jitter` (±1 s) is scaled down for waits shorter than 4 s.
    mutating func transmitted(jitter: Duration) -> Duration {
        defer { transmissions += 1 }
        let delay = delays[min(transmissions, delays.count - 1)]
        return delay + (delay < .seconds(4) ? jitter * (delay / .seconds(4)) : jitter)
    }

    /// Whether the whole schedule has been waited out: a REQUEST sent at 0,
    /// 4, 12, 28 and 60 s (RFC 2131 §3.1 step 5's "four times") is given up
    /// after the last 64 s wait.  DISCOVER never gives up; it stays at 64 s
    /// (its last delay repeats).
    var exhausted: Bool { transmissions >= delays.count }

    /// RFC 2131 §4.4.5: in RENEWING and REBINDING, retransmit after half the
    /// time left until `deadline` (T2 or expiry), at least 60 s, never past it.
    static func extensionRetry(now: Duration, deadline: Duration) -> Duration {
        min(deadline, now + max(.seconds(60), (deadline - now) / 2))
    }
}

/// A broadcast message sent on the backoff schedule, and when it is next due.
struct Retransmission: Sendable {
    private(set) var backoff: Backoff
    private(set) var dueAt: Duration = .zero

    init(quickFirstRetry: Duration? = nil, transmissions: Int? = nil) {
        backoff = Backoff(quickFirstRetry: quickFirstRetry, transmissions: transmissions)
    }

    init(delays: [Duration]) {
        backoff = Backoff(delays: delays)
    }

    var exhausted: Bool { backoff.exhausted }

    /// Sends `message` (the first time or again) and arms the timer for the next try.
    mutating func send(_ message: DHCPMessage, _ context: inout EngineContext) {
        if backoff.transmissions > 0, let type = message.messageType {
            context.log(.retransmitting(type, attempt: backoff.transmissions + 1))
        }
        context.send(message, to: .broadcast)
        dueAt = context.now + backoff.transmitted(jitter: context.jitter())
        context.arm(dueAt)
    }

    /// Whether the timer is really due; if it fired early, re-arms it.
    func isDue(_ context: inout EngineContext) -> Bool {
        guard context.now >= dueAt else {
            context.arm(dueAt)
            return false
        }
        return true
    }
}
