/// PKEX responder, N sent: waits for the initiator's Commit-Reveal, checks
/// u, and reveals our key in return.
struct PKEXResponderAwaitingCommitRevealState: AwaitsPeerFrame {
    let parameters: PKEXParameters
    let schedule: PKEXKeySchedule
    /// y, Y.
    let ephemeralKey: ECKeyPair
    /// X.
    let peerEphemeralKey: ECPoint
    let z: SecretBytes

    var awaitedFrame: ActionFrame.Kind { .dpp(.pkexCommitRevealRequest) }

    func receive(_ frame: ActionFrame) throws -> Transition<PKEXSession.State>? {
        guard case .dpp(let commit) = frame else { return nil }
        let (a, u) = try PKEXFrames.openCommitReveal(commit, sender: .initiator, curve: parameters.curve, z: z)
        let expected = try schedule.initiatorTag(jx: try ephemeralKey.sharedSecret(with: a), initiatorBootstrapKey: a,
                                                 initiatorEphemeralKey: peerEphemeralKey,
                                                 responderEphemeralKey: ephemeralKey.publicKey)
        guard expected.constantTimeEquals(u) else { throw EasyConnectError.protocolViolation(.pkexCodeMismatch) }
        let v = try schedule.responderTag(lx: try parameters.bootstrapKey.sharedSecret(with: peerEphemeralKey),
                                          responderBootstrapKey: parameters.bootstrapKey.publicKey,
                                          initiatorEphemeralKey: peerEphemeralKey,
                                          responderEphemeralKey: ephemeralKey.publicKey)
        let reveal = try PKEXFrames.commitReveal(role: .responder, bootstrapKey: parameters.bootstrapKey.publicKey,
                                                 tag: v, z: z)
        return Transition(next: .finished, frames: [reveal],
                          events: [.bootstrappingKeyExchanged(peer: try BootstrappingURI(publicKey: a))])
    }
}

/// PKEX initiator, committed: waits for the responder's Commit-Reveal and
/// checks v.
struct PKEXInitiatorAwaitingCommitRevealState: AwaitsPeerFrame {
    let parameters: PKEXParameters
    let schedule: PKEXKeySchedule
    /// x, X.
    let ephemeralKey: ECKeyPair
    /// Y.
    let peerEphemeralKey: ECPoint
    let z: SecretBytes

    var awaitedFrame: ActionFrame.Kind { .dpp(.pkexCommitRevealResponse) }

    func receive(_ frame: ActionFrame) throws -> Transition<PKEXSession.State>? {
        guard case .dpp(let reveal) = frame else { return nil }
        let (b, v) = try PKEXFrames.openCommitReveal(reveal, sender: .responder, curve: parameters.curve, z: z)
        let expected = try schedule.responderTag(lx: try ephemeralKey.sharedSecret(with: b), responderBootstrapKey: b,
                                                 initiatorEphemeralKey: ephemeralKey.publicKey,
                                                 responderEphemeralKey: peerEphemeralKey)
        guard expected.constantTimeEquals(v) else { throw EasyConnectError.protocolViolation(.pkexCodeMismatch) }
        return Transition(next: .finished,
                          events: [.bootstrappingKeyExchanged(peer: try BootstrappingURI(publicKey: b))])
    }
}
