/// PKEX initiator, Exchange Request sent: waits for N, then commits to our
/// bootstrapping key.
struct PKEXInitiatorAwaitingExchangeState: AwaitsPeerFrame {
    let parameters: PKEXParameters
    /// x, X.
    let ephemeralKey: ECKeyPair
    /// M = X + Qi.
    let maskedKey: ECPoint

    static func start(parameters: PKEXParameters) throws -> (state: Self, request: [UInt8]) {
        let x = try ECKeyPair.generate(curve: parameters.curve)
        let m = try parameters.schedule().maskedKey(x.publicKey, role: .initiator, identifier: parameters.identifier,
                                                    code: parameters.code)
        let request = try PKEXFrames.exchangeRequest(version2: parameters.isVersion2, curve: parameters.curve,
                                                     identifier: parameters.identifier, maskedKey: m)
        return (Self(parameters: parameters, ephemeralKey: x, maskedKey: m), request)
    }

    var awaitedFrame: ActionFrame.Kind { .dpp(.pkexExchangeResponse) }

    func receive(_ frame: ActionFrame) throws -> Transition<PKEXSession.State>? {
        guard case .dpp(let response) = frame else { return nil }
        let clear = response.attributes
        let status = try clear.requiredStatus()
        guard status == .ok else { throw SessionEnded(failure: .peerReported(status)) }
        guard parameters.matchesIdentifier(clear.value(.codeIdentifier)) else {
            throw EasyConnectError.malformedFrame(.invalidAttributeValue(.codeIdentifier))
        }
        let curve = parameters.curve
        let responderVersion = parameters.isVersion2 ? try peerProtocolVersion(clear) : 1
        let schedule = try parameters.schedule(responderVersion: responderVersion)
        let n = try ECPoint(curve: curve, xy: clear.required(.encryptedKey, length: 2 * curve.primeLength))
        let y = try schedule.unmaskedKey(n, role: .responder, identifier: parameters.identifier,
                                         code: parameters.code)
        let z = try schedule.z(mx: try maskedKey.x, nx: try n.x, code: parameters.code,
                               kx: try ephemeralKey.sharedSecret(with: y))
        let u = try schedule.initiatorTag(jx: try parameters.bootstrapKey.sharedSecret(with: y),
                                          initiatorBootstrapKey: parameters.bootstrapKey.publicKey,
                                          initiatorEphemeralKey: ephemeralKey.publicKey, responderEphemeralKey: y)
        let commit = try PKEXFrames.commitReveal(role: .initiator, bootstrapKey: parameters.bootstrapKey.publicKey,
                                                 tag: u, z: z)
        let next = PKEXInitiatorAwaitingCommitRevealState(parameters: parameters, schedule: schedule,
                                                          ephemeralKey: ephemeralKey, peerEphemeralKey: y, z: z)
        return Transition(next: .initiatorAwaitingCommitReveal(next), frames: [commit])
    }
}
