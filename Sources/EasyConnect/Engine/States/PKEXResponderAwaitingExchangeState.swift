/// PKEX responder, listening: waits for an Exchange Request with our code's
/// identifier and answers with N.
struct PKEXResponderAwaitingExchangeState: AwaitsPeerFrame {
    let parameters: PKEXParameters

    var awaitedFrame: ActionFrame.Kind { .dpp(parameters.isVersion2 ? .pkexExchangeRequest : .pkexV1ExchangeRequest) }

    func receive(_ frame: ActionFrame) throws -> Transition<PKEXSession.State>? {
        guard case .dpp(let request) = frame else { return nil }
        let clear = request.attributes
        // Another code's exchange: not ours to answer.
        guard parameters.matchesIdentifier(clear.value(.codeIdentifier)) else { return nil }
        let curve = parameters.curve
        let initiatorVersion = parameters.isVersion2 ? try peerProtocolVersion(clear) : 1
        guard try clear.required(.finiteCyclicGroup, length: 2) == PKEXFrames.groupAttribute(curve).value else {
            let refusal = try PKEXFrames.exchangeResponse(status: .badGroup, version2: parameters.isVersion2,
                                                          curve: curve, identifier: parameters.identifier,
                                                          maskedKey: nil)
            throw SessionEnded(failure: .refused(.badGroup, .unsupportedCurve("peer's PKEX group")),
                               farewell: refusal)
        }
        // Off the curve or unmasking to infinity: the exchange ends silently.
        let schedule = try parameters.schedule(initiatorVersion: initiatorVersion)
        let m = try ECPoint(curve: curve, xy: clear.required(.encryptedKey, length: 2 * curve.primeLength))
        let x = try schedule.unmaskedKey(m, role: .initiator, identifier: parameters.identifier,
                                         code: parameters.code)
        let y = try ECKeyPair.generate(curve: curve)
        let n = try schedule.maskedKey(y.publicKey, role: .responder, identifier: parameters.identifier,
                                       code: parameters.code)
        let z = try schedule.z(mx: try m.x, nx: try n.x, code: parameters.code, kx: try y.sharedSecret(with: x))
        let response = try PKEXFrames.exchangeResponse(status: .ok, version2: parameters.isVersion2, curve: curve,
                                                       identifier: parameters.identifier, maskedKey: n)
        let next = PKEXResponderAwaitingCommitRevealState(parameters: parameters, schedule: schedule,
                                                          ephemeralKey: y, peerEphemeralKey: x, z: z)
        return Transition(next: .responderAwaitingCommitReveal(next), frames: [response])
    }
}
