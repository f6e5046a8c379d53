/// Responder, Response sent: waits for the initiator's Confirm and its I-auth.
struct ResponderAwaitingConfirmState: AwaitsPeerFrame {
    let context: AuthenticationContext
    let mutual: Bool
    let peerVersion: UInt8
    let ke: SecretBytes
    let expectedInitiatorAuthTag: SecretBytes

    var awaitedFrame: ActionFrame.Kind { .dpp(.authenticationConfirm) }

    func receive(_ frame: ActionFrame) throws -> Transition<DPPSession.State>? {
        guard case .dpp(let confirm) = frame else { return nil }
        let clear = confirm.attributes
        let status = try clear.requiredStatus()
        try requireEqual(try clear.required(.responderBootstrappingKeyHash, length: 32), context.responder.hash,
                         else: .bootstrappingKeyMismatch)
        if mutual, let initiator = context.initiator {
            try requireEqual(try clear.required(.initiatorBootstrappingKeyHash, length: 32), initiator.hash,
                             else: .bootstrappingKeyMismatch)
        }
        // A failed Confirm wraps {R-nonce}k2; its status is all we need.
        guard status == .ok else { throw SessionEnded(failure: .peerReported(status)) }
        let wrapped = try WrappedData.open(confirm, key: ke)
        let tag = try wrapped.required(.initiatorAuthenticatingTag, length: context.curve.hash.digestLength)
        guard expectedInitiatorAuthTag.constantTimeEquals(tag) else {
            throw EasyConnectError.violation(.authenticatingTagMismatch)
        }
        return try AuthenticatedSession(context: context, ke: ke, peerVersion: peerVersion, mutual: mutual)
            .beginConfiguration()
    }
}
