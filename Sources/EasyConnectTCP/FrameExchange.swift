import EasyConnect

extension DPPTCPConnection {
    /// Runs `session` on this connection until its final event, starting
    /// with `first` (the output that started it, or of a frame already
    /// read).  Each output's events go to `observe` before its frames are
    /// sent, so a caller can refuse to go on (by throwing) before the peer
    /// hears from us.  The session's timer and the overall `deadline` both
    /// apply; the latter ends the run with `TCPTransportError.timedOut`.
    /// Returns the final event.
    @discardableResult
    public func run<Session: FrameExchange>(_ session: inout Session, first: DPPOutput, until deadline: Deadline,
                                            observe: (DPPEvent) throws -> Void = { _ in }) throws -> DPPEvent {
        var timer: Deadline?
        var final: DPPEvent?
        func apply(_ output: DPPOutput) throws {
            for event in output.events {
                try observe(event)
                final = event
            }
            for frame in output.frames { try send(frame, until: deadline) }
            switch output.timeout {
            case .unchanged: break
            case .cancel: timer = nil
            case .arm(let duration): timer = .now + duration
            }
        }

        try apply(first)
        while !session.isFinished {
            let wake = min(timer ?? deadline, deadline)
            if let frame = try receive(until: wake) {
                try apply(session.receive(frame))
            } else if let expiry = timer, expiry <= deadline {
                try apply(session.timeoutExpired())
            } else {
                throw TCPTransportError.timedOut
            }
        }
        guard let final else { throw TCPTransportError.timedOut }  // unreachable: finishing reports an event
        return final
    }
}
