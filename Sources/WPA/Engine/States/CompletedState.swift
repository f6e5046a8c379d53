/// Keys installed and the port open: answers group key handshakes, and a
/// retransmitted message 3 (our message 4 was lost) without reinstalling.
struct CompletedState: AcceptsKeyMessages {
    let authenticatorNonce: [UInt8]
    let ptk: PairwiseTransientKey
    let installed: InstalledGroupKeys

    func receive(_ message: KeyMessage, _ context: inout HandshakeContext) throws(WPAError) -> Transition {
        switch message {
        case .message1:
            // A PTK rekey needs a fresh SNonce, and the engine has no randomness.
            throw .unexpectedMessage("message 1 after completion (pairwise rekeying is not supported)")
        case .message3(let frame):
            // Message 4 again, and nothing installed again: reinstalling the
            // PTK would reset its nonce (KRACK, CVE-2017-13077).
            guard frame.nonce == authenticatorNonce else { throw .nonceMismatch }
            try authenticate(frame, ptk, context)
            let message4 = try context.reply(to: frame, [.pairwise, .secure], ptk)
            context.lastReplayCounter = frame.replayCounter
            return (.completed(self), [message4])
        case .groupMessage1(let frame):
            return try acceptGroupMessage1(frame, &context)
        }
    }

    /// Group message 1 (12.7.7.2): install what is new, answer with group
    /// message 2.  The same GTK again is answered but not installed.
    private func acceptGroupMessage1(_ frame: EAPOLKeyFrame,
                                     _ context: inout HandshakeContext) throws(WPAError) -> Transition {
        try authenticate(frame, ptk, context)
        let groupKeys = try GroupKeys(context.keyData(of: frame, ptk), context.suites)
        let message2 = try context.reply(to: frame, .secure, ptk)
        context.lastReplayCounter = frame.replayCounter
        var installed = installed
        let installs = installed.install(groupKeys, rsc: frame.receiveSequenceCounter, context.suites)
        let next = CompletedState(authenticatorNonce: authenticatorNonce, ptk: ptk, installed: installed)
        return (.completed(next), installs + [message2] + (installs.isEmpty ? [] : [.rekeyed]))
    }
}
