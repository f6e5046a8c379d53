/// What a DPP or PKEX session asks its transport to do after an input: send
/// frames (public action frame bodies, category octet first), report
/// events, and what to do with its one timer.
public struct DPPOutput: Sendable {
    public var frames: [[UInt8]] = []
    public var events: [DPPEvent] = []
    public var timeout: TimerRequest

    public init(frames: [[UInt8]] = [], events: [DPPEvent] = [], timeout: TimerRequest = .unchanged) {
        self.frames = frames
        self.events = events
        self.timeout = timeout
    }
}

/// The session's single timer.  An ignored frame leaves it `unchanged`, so
/// a peer cannot keep a session alive by sending frames it does not expect.
public enum TimerRequest: Equatable, Sendable {
    case unchanged
    case cancel
    /// (Re)start the timer; on expiry call `timeoutExpired()`.
    case arm(Duration)

    /// `arm` for a duration, `cancel` for none.
    init(_ duration: Duration?) {
        self = duration.map(TimerRequest.arm) ?? .cancel
    }
}

/// Milestones of a session, in the order they happen.
public enum DPPEvent: Equatable, Sendable {
    /// DPP Authentication succeeded; `mutual` when both bootstrapping keys
    /// were proven.  `peerVersion` is the peer's DPP protocol version (1 when
    /// it did not say).
    case authenticated(mutual: Bool, peerVersion: UInt8)
    /// Configurator: the enrollee got its configuration (and, for a
    /// version 2 peer, acknowledged it with a Configuration Result).  Ends
    /// the session.
    case configurationSent(to: ConfigurationRequest)
    /// Enrollee: the configuration the configurator handed out.  Ends the
    /// session.
    case configurationReceived(ConfigurationObject)
    /// PKEX: the peer's bootstrapping key, proven with the shared code, to
    /// run mutual DPP Authentication with next.  Ends the PKEX session.
    case bootstrappingKeyExchanged(peer: BootstrappingURI)
    /// The session ended without success.  Ends the session.
    case failed(DPPFailure)
}

/// Why a session failed.
public enum DPPFailure: Equatable, Sendable {
    /// The peer sent this (non-OK) status.
    case peerReported(DPPStatus)
    /// A frame from the peer was refused: `status` is how DPP names the
    /// failure (and what we told the peer, when the protocol lets us).
    case refused(DPPStatus, EasyConnectError)
    /// The peer did not answer in time.
    case timedOut
    /// We could not go on for a local reason (OpenSSL failure, a
    /// configuration that cannot be encoded).
    case local(EasyConnectError)
}

/// Timers of a session.  DPP over TCP and action frames both answer within a
/// second or two unless a human is involved; a configurator may be slow to
/// produce a configuration, hence the same generous default for each step.
public struct DPPTimeouts: Sendable {
    /// How long to wait for each frame of the peer once the exchange has begun.
    public var peerResponse: Duration
    /// Whether the wait for the answer to an initiator's opening frame (an
    /// Authentication Request, a PKEX Exchange Request) is timed as well.  A
    /// PKEX enrollee searching channels turns it off and ends the search
    /// itself: it repeats one Exchange Request, as a fresh one would make a
    /// late answer to the old worthless.
    public var timesOpening: Bool

    public init(peerResponse: Duration = .seconds(10), timesOpening: Bool = true) {
        self.peerResponse = peerResponse
        self.timesOpening = timesOpening
    }

    /// The wait for the answer to an initiator's opening frame (nil: untimed).
    var opening: Duration? { timesOpening ? peerResponse : nil }
}
