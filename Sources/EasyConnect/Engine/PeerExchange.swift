/// What `DPPSession` and `PKEXSession` share: a state enum ending in a
/// finished case, states that wait for the peer's frames, and one timer for
/// the peer's answer.  The drive itself (parse, hand to the waiting state,
/// end the session on a bad frame or a timeout) is written once, here.
protocol PeerExchange {
    associatedtype State
    var state: State { get set }
    /// The finished state: holds nothing, so every key is dropped with the old one.
    static var finished: State { get }
    /// The state waiting for the peer's next frame; nil once finished.
    var awaitingState: (any AwaitsPeerFrame<State>)? { get }
    /// The timer while the current state waits (nil: none).
    var currentTimeout: Duration? { get }
    /// How a refusal by a plain error is named to the peer at the current step.
    func status(for error: EasyConnectError) -> DPPStatus
}

extension PeerExchange {
    /// A frame the current step does not expect is ignored (empty output,
    /// timer unchanged); an expected frame that is malformed, forged or
    /// refused ends the session with `failed`.  Which frame is expected is
    /// read from the header alone, so a malformed frame of another step, a
    /// DPP frame type we do not speak (a neighbour's Reconfiguration
    /// Announcement), another protocol's action frame or GAS exchange, or a
    /// frame too short to say what it is cannot end a session.
    mutating func step(_ actionFrame: [UInt8]) -> DPPOutput {
        guard let waiting = awaitingState, FrameParser.kind(of: actionFrame) == waiting.awaitedFrame else {
            return DPPOutput()
        }
        do {
            guard let transition = try waiting.receive(try FrameParser.parse(actionFrame)) else { return DPPOutput() }
            state = transition.next
            return DPPOutput(frames: transition.frames, events: transition.events,
                             timeout: TimerRequest(currentTimeout))
        } catch {
            return fail(error)
        }
    }

    /// The timer of the last output expired: the peer is not answering.
    mutating func expire() -> DPPOutput {
        guard currentTimeout != nil else { return DPPOutput() }
        state = Self.finished
        return DPPOutput(events: [.failed(.timedOut)], timeout: .cancel)
    }

    /// Ends the session: the state (and every key in it) is dropped.
    mutating func fail(_ error: any Error) -> DPPOutput {
        let (failure, frames) = endOfSession(error, status: status(for:))
        state = Self.finished
        return DPPOutput(frames: frames, events: [.failed(failure)], timeout: .cancel)
    }
}
