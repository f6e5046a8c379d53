/// Responder, before anything happened: waits for an Authentication Request
/// naming our bootstrapping key.
struct ResponderAwaitingRequestState: AwaitsPeerFrame {
    let context: AuthenticationContext
    /// bR.
    let ownKey: ECKeyPair

    var awaitedFrame: ActionFrame.Kind { .dpp(.authenticationRequest) }

    func receive(_ frame: ActionFrame) throws -> Transition<DPPSession.State>? {
        guard case .dpp(let request) = frame else { return nil }
        let curve = context.curve
        let clear = request.attributes
        try requireEqual(try clear.required(.responderBootstrappingKeyHash, length: 32), context.responder.hash,
                         else: .bootstrappingKeyMismatch)
        let initiatorHash = try clear.optional(.initiatorBootstrappingKeyHash, length: 32)
        // Knowing the initiator's key means insisting on mutual authentication.
        if let expected = context.initiator {
            guard let initiatorHash else { throw EasyConnectError.violation(.mutualAuthenticationRequired) }
            try requireEqual(initiatorHash, expected.hash, else: .bootstrappingKeyMismatch)
        }
        let mutual = context.initiator != nil
        let peerVersion = try peerProtocolVersion(clear)
        let initiatorProtocolKey = try ECPoint(curve: curve,
                                               xy: clear.required(.initiatorProtocolKey, length: 2 * curve.primeLength))

        let schedule = AuthenticationKeySchedule(curve: curve)
        let mx = try ownKey.sharedSecret(with: initiatorProtocolKey)
        let k1 = try schedule.firstIntermediateKey(mx: mx)
        let wrapped = try WrappedData.open(request, key: k1)
        let initiatorNonce = try wrapped.required(.initiatorNonce, length: curve.nonceLength)
        let initiatorCapabilities = Capabilities(rawValue: try wrapped.requiredOctet(.initiatorCapabilities))
        guard initiatorCapabilities.contains(context.role.peerCapabilities) else {
            let refusal = try AuthenticationFrames.refusal(.notCompatible, hashes: context.hashes(mutual: mutual),
                                                           initiatorNonce: initiatorNonce,
                                                           responderCapabilities: context.role.capabilities, k1: k1)
            throw SessionEnded(failure: .refused(.notCompatible, .violation(.incompatibleRoles)), farewell: refusal)
        }

        let protocolKey = try ECKeyPair.generate(curve: curve)
        let responderNonce = try Random.bytes(curve.nonceLength)
        let nx = try protocolKey.sharedSecret(with: initiatorProtocolKey)
        let lx = try context.initiator.map {
            try schedule.responderL(responderBootstrapKey: ownKey, responderProtocolKey: protocolKey,
                                    initiatorBootstrapKey: $0.key)
        }
        let k2 = try schedule.secondIntermediateKey(nx: nx)
        let ke = try schedule.encryptionKey(bindingKey: schedule.bindingKey(
            initiatorNonce: initiatorNonce, responderNonce: responderNonce, mx: mx, nx: nx, lx: lx))
        let initiatorBootstrapKey = mutual ? context.initiator?.key : nil
        let responderAuthTag = try schedule.responderAuthTag(
            initiatorNonce: initiatorNonce, responderNonce: responderNonce, initiatorProtocolKey: initiatorProtocolKey,
            responderProtocolKey: protocolKey.publicKey, initiatorBootstrapKey: initiatorBootstrapKey,
            responderBootstrapKey: context.responder.key)
        let initiatorAuthTag = try schedule.initiatorAuthTag(
            initiatorNonce: initiatorNonce, responderNonce: responderNonce, initiatorProtocolKey: initiatorProtocolKey,
            responderProtocolKey: protocolKey.publicKey, initiatorBootstrapKey: initiatorBootstrapKey,
            responderBootstrapKey: context.responder.key)

        let response = try AuthenticationFrames.response(
            hashes: context.hashes(mutual: mutual), responderProtocolKey: protocolKey.publicKey,
            responderNonce: responderNonce, initiatorNonce: initiatorNonce,
            responderCapabilities: context.role.capabilities, responderAuthTag: responderAuthTag, k2: k2, ke: ke)
        let next = ResponderAwaitingConfirmState(
            context: context, mutual: mutual, peerVersion: peerVersion,
            ke: ke, expectedInitiatorAuthTag: SecretBytes(initiatorAuthTag))
        return Transition(next: .responderAwaitingConfirm(next), frames: [response])
    }
}
