/// One PKEX exchange (v1 or v2) as a pure state machine, driven like
/// `DPPSession` (same frames, same `DPPOutput`).  It ends with
/// `bootstrappingKeyExchanged(peer:)` or `failed`; the caller then runs
/// DPP Authentication with *mutual* authentication on the exchanged keys,
/// the PKEX initiator as DPP initiator: `DPPSession.initiator(peer:
/// exchanged, ownKey: our key, ...)` and `DPPSession.responder(ownKey: our
/// key, peer: exchanged, ...)`.
///
/// Brute-force protection lives with the caller, across sessions: pass the
/// `PKEXCodeAttempts` in (a spent code refuses to start) and `record` each
/// output into it.
public struct PKEXSession: Sendable, PeerExchange {
    enum State {
        case initiatorAwaitingExchange(PKEXInitiatorAwaitingExchangeState)
        case responderAwaitingExchange(PKEXResponderAwaitingExchangeState)
        case initiatorAwaitingCommitReveal(PKEXInitiatorAwaitingCommitRevealState)
        case responderAwaitingCommitReveal(PKEXResponderAwaitingCommitRevealState)
        case finished
    }

    var state: State
    private let timeouts: DPPTimeouts
    static let finished = State.finished

    init(state: State, timeouts: DPPTimeouts) {
        self.state = state
        self.timeouts = timeouts
    }

    /// Starts as initiator; the first output holds the Exchange Request.
    public static func initiator(_ parameters: PKEXParameters, attempts: PKEXCodeAttempts,
                                 timeouts: DPPTimeouts = DPPTimeouts()) throws -> (session: PKEXSession,
                                                                                   output: DPPOutput) {
        guard attempts.mayUse(code: parameters.code) else {
            throw EasyConnectError.protocolViolation(.pkexCodeExhausted)
        }
        let (state, request) = try PKEXInitiatorAwaitingExchangeState.start(parameters: parameters)
        let session = PKEXSession(state: .initiatorAwaitingExchange(state), timeouts: timeouts)
        return (session, DPPOutput(frames: [request], timeout: TimerRequest(session.currentTimeout)))
    }

    /// A responder listening (without a timer) for an Exchange Request.
    public static func responder(_ parameters: PKEXParameters, attempts: PKEXCodeAttempts,
                                 timeouts: DPPTimeouts = DPPTimeouts()) throws -> PKEXSession {
        guard attempts.mayUse(code: parameters.code) else {
            throw EasyConnectError.protocolViolation(.pkexCodeExhausted)
        }
        return PKEXSession(state: .responderAwaitingExchange(PKEXResponderAwaitingExchangeState(parameters: parameters)),
                           timeouts: timeouts)
    }

    /// PKEX v1 over the air: an initiator that broadcast its Exchange
    /// Request learns the responder's MAC address (mixed into z and v, not
    /// into M) only from the frame that answers it.  Call this with each
    /// frame's sender before `receive`; it changes nothing in v2 or once the
    /// Exchange Response was taken.
    public mutating func answered(by responder: MACAddress) {
        guard case .initiatorAwaitingExchange(let waiting) = state,
              case .v1(let initiatorMAC, let known) = waiting.parameters.version, known != responder,
              let parameters = try? PKEXParameters(code: waiting.parameters.code,
                                                   identifier: waiting.parameters.identifier,
                                                   bootstrapKey: waiting.parameters.bootstrapKey,
                                                   version: .v1(initiatorMAC: initiatorMAC, responderMAC: responder))
        else { return }
        state = .initiatorAwaitingExchange(PKEXInitiatorAwaitingExchangeState(
            parameters: parameters, ephemeralKey: waiting.ephemeralKey, maskedKey: waiting.maskedKey))
    }

    public var isFinished: Bool {
        if case .finished = state { return true }
        return false
    }

    /// As `DPPSession.receive`: unexpected frames are ignored, bad ones end
    /// the session.
    public mutating func receive(_ actionFrame: [UInt8]) -> DPPOutput {
        step(actionFrame)
    }

    public mutating func timeoutExpired() -> DPPOutput {
        expire()
    }

    var awaitingState: (any AwaitsPeerFrame<State>)? {
        switch state {
        case .initiatorAwaitingExchange(let waiting): return waiting
        case .responderAwaitingExchange(let waiting): return waiting
        case .initiatorAwaitingCommitReveal(let waiting): return waiting
        case .responderAwaitingCommitReveal(let waiting): return waiting
        case .finished: return nil
        }
    }

    var currentTimeout: Duration? {
        switch state {
        case .responderAwaitingExchange, .finished: return nil
        case .initiatorAwaitingExchange: return timeouts.opening
        default: return timeouts.peerResponse
        }
    }

    /// Every refusal in PKEX is an authentication failure.
    func status(for error: EasyConnectError) -> DPPStatus {
        .authenticationFailure
    }
}
