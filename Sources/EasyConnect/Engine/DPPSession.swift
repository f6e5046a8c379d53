/// One DPP Authentication + Configuration exchange with one peer, as a pure
/// state machine: no sockets, no clock, no radio.  The transport feeds it
/// the peer's frames (`receive`) and timer expiries (`timeoutExpired`), and
/// carries out each `DPPOutput`: send the frames, report the events, arm the
/// timer.  Frames are public action frame bodies (category octet first), the
/// same for 802.11 and, through `TCPFraming`, for DPP over TCP.
///
/// Every path ends in exactly one final event (`configurationSent`,
/// `configurationReceived` or `failed`), after which the session holds no key
/// material (the states holding it are dropped and their buffers wiped) and
/// ignores further input.
public struct DPPSession: Sendable, PeerExchange {
    /// The DPP protocol version we speak (and announce).
    public static let protocolVersion: UInt8 = 2

    enum State {
        case responderAwaitingRequest(ResponderAwaitingRequestState)
        case initiatorAwaitingResponse(InitiatorAwaitingResponseState)
        case responderAwaitingConfirm(ResponderAwaitingConfirmState)
        case configuratorAwaitingRequest(ConfiguratorAwaitingRequestState)
        case enrolleeAwaitingResponse(EnrolleeAwaitingResponseState)
        case configuratorAwaitingResult(ConfiguratorAwaitingResultState)
        case finished
    }

    var state: State
    private let timeouts: DPPTimeouts
    static let finished = State.finished

    init(state: State, timeouts: DPPTimeouts) {
        self.state = state
        self.timeouts = timeouts
    }

    /// Starts a session as initiator toward the owner of `peer` (scanned or
    /// received URI).  With `ownKey` (our bootstrapping key) the request
    /// names it, so a responder that knows it runs mutual authentication.
    /// Returns the session and its first output (the Authentication Request).
    public static func initiator(peer: BootstrappingURI, ownKey: ECKeyPair? = nil, role: DPPRole,
                                 timeouts: DPPTimeouts = DPPTimeouts()) throws -> (session: DPPSession,
                                                                                   output: DPPOutput) {
        let context = try AuthenticationContext(role: role, responder: BootstrapIdentity(peer),
                                                initiator: try ownKey.map { try BootstrapIdentity($0.publicKey) },
                                                ownKey: ownKey, timeouts: timeouts)
        let (state, request) = try InitiatorAwaitingResponseState.start(context: context)
        let session = DPPSession(state: .initiatorAwaitingResponse(state), timeouts: timeouts)
        return (session, DPPOutput(frames: [request], timeout: TimerRequest(session.currentTimeout)))
    }

    /// A session as responder for our bootstrapping key `ownKey`, waiting
    /// (without a timer: how long to listen is the caller's choice) for an
    /// Authentication Request.  With `peer`, authentication must be mutual
    /// with that initiator's key.
    public static func responder(ownKey: ECKeyPair, peer: BootstrappingURI? = nil, role: DPPRole,
                                 timeouts: DPPTimeouts = DPPTimeouts()) throws -> DPPSession {
        let context = try AuthenticationContext(role: role, responder: BootstrapIdentity(ownKey.publicKey),
                                                initiator: peer.map(BootstrapIdentity.init), ownKey: ownKey,
                                                timeouts: timeouts)
        return DPPSession(state: .responderAwaitingRequest(ResponderAwaitingRequestState(context: context,
                                                                                         ownKey: ownKey)),
                          timeouts: timeouts)
    }

    /// True once the final event was reported.
    public var isFinished: Bool {
        if case .finished = state { return true }
        return false
    }

    /// A frame from the peer.  A frame the current step does not expect is
    /// ignored (empty output, timer unchanged); an expected frame that is
    /// malformed, forged or refused ends the session with `failed`.
    public mutating func receive(_ actionFrame: [UInt8]) -> DPPOutput {
        step(actionFrame)
    }

    /// The timer of the last output expired: the peer is not answering.
    public mutating func timeoutExpired() -> DPPOutput {
        expire()
    }

    // MARK: - Internals

    var awaitingState: (any AwaitsPeerFrame<State>)? {
        switch state {
        case .responderAwaitingRequest(let waiting): return waiting
        case .initiatorAwaitingResponse(let waiting): return waiting
        case .responderAwaitingConfirm(let waiting): return waiting
        case .configuratorAwaitingRequest(let waiting): return waiting
        case .enrolleeAwaitingResponse(let waiting): return waiting
        case .configuratorAwaitingResult(let waiting): return waiting
        case .finished: return nil
        }
    }

    /// Once the exchange has begun, every step waits for the peer with a timer.
    var currentTimeout: Duration? {
        switch state {
        case .responderAwaitingRequest, .finished: return nil
        case .initiatorAwaitingResponse: return timeouts.opening
        default: return timeouts.peerResponse
        }
    }

    /// How DPP names a refusal at the current step.
    func status(for error: EasyConnectError) -> DPPStatus {
        if case .authenticationFailed = error { return .unwrapFailure }
        switch state {
        case .configuratorAwaitingRequest, .enrolleeAwaitingResponse, .configuratorAwaitingResult:
            return .configureFailure
        default:
            return .authenticationFailure
        }
    }
}
