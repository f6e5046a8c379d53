/// The handshake's state: one small value type per phase, each holding only
/// what is valid there (the PTK exists from message 1 on).  A transition
/// builds the next state and the effects; a thrown error drops the frame
/// and leaves the state as it was.
enum HandshakeState: Sendable {
    case awaitingMessage1(AwaitingMessage1State)
    case sentMessage2(SentMessage2State)
    case completed(CompletedState)
    case failed(HandshakeFailure)

    var phase: HandshakePhase {
        switch self {
        case .awaitingMessage1: .awaitingMessage1
        case .sentMessage2: .sentMessage2
        case .completed: .completed
        case .failed(let failure): .failed(failure)
        }
    }

    /// The state, as what takes key messages; nil once failed.
    var acceptingKeyMessages: (any AcceptsKeyMessages)? {
        switch self {
        case .awaitingMessage1(let state): state
        case .sentMessage2(let state): state
        case .completed(let state): state
        case .failed: nil
        }
    }
}

typealias Transition = (state: HandshakeState, effects: [HandshakeEffect])

/// A state that takes the authenticator's key messages.
protocol AcceptsKeyMessages: Sendable {
    func receive(_ message: KeyMessage, _ context: inout HandshakeContext) throws(WPAError) -> Transition
}

extension AcceptsKeyMessages {
    /// Message 1 (12.7.6.2), first or retransmitted: a PTK from its ANonce
    /// (a retransmission may bring a new one) and message 2 with our SNonce
    /// and RSNE.  The SNonce stays the same for the whole handshake.
    func answerMessage1(_ frame: EAPOLKeyFrame, _ context: HandshakeContext) throws(WPAError) -> Transition {
        try context.requireFresh(frame)
        let ptk = try context.derivePTK(authenticatorNonce: frame.nonce)
        let message2 = try context.reply(to: frame, .pairwise, nonce: context.supplicantNonce,
                                         keyData: context.configuration.supplicantRSNE, ptk)
        return (.sentMessage2(SentMessage2State(authenticatorNonce: frame.nonce, ptk: ptk)), [message2])
    }

    /// Checks every message with a MIC shares, cheapest first: a fresh
    /// replay counter, then the MIC.
    func authenticate(_ frame: EAPOLKeyFrame, _ ptk: PairwiseTransientKey,
                      _ context: HandshakeContext) throws(WPAError) {
        try context.requireFresh(frame)
        try context.requireAuthentic(frame, ptk)
    }
}
