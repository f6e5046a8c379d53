/// Initiator, Request sent: waits for the responder's Response, checks
/// R-auth and answers with the Confirm.
struct InitiatorAwaitingResponseState: AwaitsPeerFrame {
    let context: AuthenticationContext
    /// pI.
    let protocolKey: ECKeyPair
    let initiatorNonce: [UInt8]
    let mx: SecretBytes
    let k1: SecretBytes

    /// A fresh protocol key and nonce, and the Request carrying them.
    static func start(context: AuthenticationContext) throws -> (state: Self, request: [UInt8]) {
        let curve = context.curve
        let protocolKey = try ECKeyPair.generate(curve: curve)
        let initiatorNonce = try Random.bytes(curve.nonceLength)
        let schedule = AuthenticationKeySchedule(curve: curve)
        let mx = try protocolKey.sharedSecret(with: context.responder.key)
        let k1 = try schedule.firstIntermediateKey(mx: mx)
        // Naming our own key lets a responder that knows it authenticate us.
        let request = try AuthenticationFrames.request(
            hashes: context.hashes(mutual: true), initiatorProtocolKey: protocolKey.publicKey,
            initiatorNonce: initiatorNonce, initiatorCapabilities: context.role.capabilities, k1: k1)
        return (Self(context: context, protocolKey: protocolKey, initiatorNonce: initiatorNonce, mx: mx, k1: k1),
                request)
    }

    var awaitedFrame: ActionFrame.Kind { .dpp(.authenticationResponse) }

    func receive(_ frame: ActionFrame) throws -> Transition<DPPSession.State>? {
        guard case .dpp(let response) = frame else { return nil }
        let curve = context.curve
        let clear = response.attributes
        let status = try clear.requiredStatus()
        try requireEqual(try clear.required(.responderBootstrappingKeyHash, length: 32), context.responder.hash,
                         else: .bootstrappingKeyMismatch)
        // The responder proves our key too exactly when it names it.
        let mutual: Bool
        if let initiatorHash = try clear.optional(.initiatorBootstrappingKeyHash, length: 32) {
            guard let own = context.initiator else { throw EasyConnectError.violation(.bootstrappingKeyMismatch) }
            try requireEqual(initiatorHash, own.hash, else: .bootstrappingKeyMismatch)
            mutual = true
        } else {
            mutual = false
        }
        let peerVersion = try peerProtocolVersion(clear)
        guard status == .ok else {
            // A refusal wraps {I-nonce, R-caps}k1: check it is an answer to us.
            let wrapped = try WrappedData.open(response, key: k1)
            try requireEqual(try wrapped.required(.initiatorNonce, length: curve.nonceLength), initiatorNonce,
                             else: .nonceMismatch)
            throw SessionEnded(failure: .peerReported(status))
        }

        let responderProtocolKey = try ECPoint(
            curve: curve, xy: clear.required(.responderProtocolKey, length: 2 * curve.primeLength))
        let schedule = AuthenticationKeySchedule(curve: curve)
        let nx = try protocolKey.sharedSecret(with: responderProtocolKey)
        let k2 = try schedule.secondIntermediateKey(nx: nx)
        let wrapped = try WrappedData.open(response, key: k2)
        let responderNonce = try wrapped.required(.responderNonce, length: curve.nonceLength)
        try requireEqual(try wrapped.required(.initiatorNonce, length: curve.nonceLength), initiatorNonce,
                         else: .nonceMismatch)
        let hashes = context.hashes(mutual: mutual)
        let responderCapabilities = try wrapped.requiredOctet(.responderCapabilities)
        guard responderCapabilities == context.role.peerCapabilities.rawValue else {
            let farewell = try AuthenticationFrames.failedConfirm(.notCompatible, hashes: hashes,
                                                                  responderNonce: responderNonce, k2: k2)
            throw SessionEnded(failure: .refused(.notCompatible, .violation(.incompatibleRoles)), farewell: farewell)
        }

        var lx: SecretBytes?
        if mutual, let ownKey = context.ownKey {
            lx = try schedule.initiatorL(initiatorBootstrapKey: ownKey, responderBootstrapKey: context.responder.key,
                                         responderProtocolKey: responderProtocolKey)
        }
        let ke = try schedule.encryptionKey(bindingKey: schedule.bindingKey(
            initiatorNonce: initiatorNonce, responderNonce: responderNonce, mx: mx, nx: nx, lx: lx))
        let initiatorBootstrapKey = mutual ? context.initiator?.key : nil
        let expectedResponderTag = try schedule.responderAuthTag(
            initiatorNonce: initiatorNonce, responderNonce: responderNonce, initiatorProtocolKey: protocolKey.publicKey,
            responderProtocolKey: responderProtocolKey, initiatorBootstrapKey: initiatorBootstrapKey,
            responderBootstrapKey: context.responder.key)
        let tagMatches: Bool
        do {
            let inner = try WrappedData.open(wrapped.required(.wrappedData), key: ke, associatedData: [])
            let tag = try inner.required(.responderAuthenticatingTag, length: curve.hash.digestLength)
            tagMatches = ConstantTime.equals(tag, expectedResponderTag)
        } catch EasyConnectError.authenticationFailed {
            tagMatches = false
        }
        guard tagMatches else {
            let farewell = try AuthenticationFrames.failedConfirm(.authenticationFailure, hashes: hashes,
                                                                  responderNonce: responderNonce, k2: k2)
            throw SessionEnded(failure: .refused(.authenticationFailure, .violation(.authenticatingTagMismatch)),
                               farewell: farewell)
        }

        let initiatorAuthTag = try schedule.initiatorAuthTag(
            initiatorNonce: initiatorNonce, responderNonce: responderNonce, initiatorProtocolKey: protocolKey.publicKey,
            responderProtocolKey: responderProtocolKey, initiatorBootstrapKey: initiatorBootstrapKey,
            responderBootstrapKey: context.responder.key)
        let confirm = try AuthenticationFrames.confirm(hashes: hashes, initiatorAuthTag: initiatorAuthTag, ke: ke)
        var transition = try AuthenticatedSession(context: context, ke: ke, peerVersion: peerVersion, mutual: mutual)
            .beginConfiguration()
        transition.frames.insert(confirm, at: 0)
        return transition
    }
}
