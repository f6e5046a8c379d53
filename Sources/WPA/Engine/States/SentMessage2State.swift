/// Message 2 sent: the PTK of the last message 1's ANonce, waiting for message 3.
struct SentMessage2State: AcceptsKeyMessages {
    let authenticatorNonce: [UInt8]
    let ptk: PairwiseTransientKey

    func receive(_ message: KeyMessage, _ context: inout HandshakeContext) throws(WPAError) -> Transition {
        switch message {
        case .message1(let frame): return try answerMessage1(frame, context)
        case .message3(let frame): return try acceptMessage3(frame, &context)
        case .groupMessage1: throw .unexpectedMessage("group message 1 before the 4-way handshake")
        }
    }

    /// Message 3 (12.7.6.4): authentic, for our ANonce, the AP's RSNE, a GTK.
    /// Message 4 goes out before the keys are installed, so the adapter sends
    /// it unencrypted; then the PTK, the group keys, and the port opens.
    private func acceptMessage3(_ frame: EAPOLKeyFrame, _ context: inout HandshakeContext) throws(WPAError) -> Transition {
        guard frame.nonce == authenticatorNonce else { throw .nonceMismatch }
        try authenticate(frame, ptk, context)
        let items = try context.keyData(of: frame, ptk)
        // Authentic, so not noise: an RSNE other than the Beacon's ends the association.
        guard context.rsnElementsMatch(items) else { return (.failed(.rsneMismatch), [.failed(.rsneMismatch)]) }
        let groupKeys = try GroupKeys(items, context.suites)
        let message4 = try context.reply(to: frame, [.pairwise, .secure], ptk)
        context.lastReplayCounter = frame.replayCounter
        var installed = InstalledGroupKeys()
        let groupEffects = installed.install(groupKeys, rsc: frame.receiveSequenceCounter, context.suites)
        let completed = CompletedState(authenticatorNonce: authenticatorNonce, ptk: ptk, installed: installed)
        return (.completed(completed),
                [message4, .installPairwiseKey(tk: ptk.tk, cipher: context.suites.pairwiseCipher)]
                    + groupEffects + [.completed])
    }
}
