/// What every state of one handshake shares: the association, the SNonce,
/// and the replay counter of the last authenticated frame taken.
struct HandshakeContext: Sendable {
    let configuration: SupplicantHandshakeConfiguration
    let suites: NegotiatedSuites
    let supplicantNonce: [UInt8]
    /// Later frames must carry a larger counter (12.7.2).  Message 1 has no
    /// MIC, so it is checked against this but never moves it.
    var lastReplayCounter: UInt64?

    func derivePTK(authenticatorNonce: [UInt8]) throws(WPAError) -> PairwiseTransientKey {
        try PairwiseTransientKey.derive(pmk: configuration.pmk,
                                        authenticatorAddress: configuration.authenticatorAddress,
                                        supplicantAddress: configuration.supplicantAddress,
                                        authenticatorNonce: authenticatorNonce, supplicantNonce: supplicantNonce,
                                        akm: suites.akm, pairwiseCipher: suites.pairwiseCipher)
    }

    func requireFresh(_ frame: EAPOLKeyFrame) throws(WPAError) {
        if let lastReplayCounter, frame.replayCounter <= lastReplayCounter { throw .staleReplayCounter }
    }

    func requireAuthentic(_ frame: EAPOLKeyFrame, _ ptk: PairwiseTransientKey) throws(WPAError) {
        guard frame.hasValidMIC(kck: ptk.kck, version: suites.descriptorVersion) else { throw .micMismatch }
    }

    /// The decrypted, parsed Key Data of an authenticated frame.
    func keyData(of frame: EAPOLKeyFrame, _ ptk: PairwiseTransientKey) throws(WPAError) -> [KeyDataItem] {
        try KeyData.parse(AESKeyWrap.unwrap(frame.keyData, kek: ptk.kek))
    }

    /// Message 3's RSNEs against what the AP advertised and what we chose:
    /// the first must agree with the Beacon's (when known), an optional
    /// second must pick our pairwise cipher (12.7.6.4).
    func rsnElementsMatch(_ items: [KeyDataItem]) -> Bool {
        let elements = items.compactMap { item -> [UInt8]? in
            if case .rsn(let element) = item { element } else { nil }
        }
        if let advertised = configuration.authenticatorRSNE {
            guard let first = elements.first else { return false }
            if first != advertised {
                guard let ours = try? RSNElement(parsing: advertised), let theirs = try? RSNElement(parsing: first),
                      ours.agreesForHandshake(with: theirs) else { return false }
            }
        }
        if elements.count >= 2 {
            guard let second = try? RSNElement(parsing: elements[1]),
                  second.pairwiseCiphers == [suites.pairwiseCipher] else { return false }
        }
        return true
    }

    /// Our answer to `request`: its replay counter, key length 0, our MIC.
    func reply(to request: EAPOLKeyFrame, _ flags: KeyInformation, nonce: [UInt8] = EAPOLKeyFrame.zeros(32),
               keyData: [UInt8] = [], _ ptk: PairwiseTransientKey) throws(WPAError) -> HandshakeEffect {
        // Answer in the EAPOL version the AP speaks (some refuse newer ones).
        let version = (1...3).contains(request.protocolVersion) ? request.protocolVersion : 2
        let frame = EAPOLKeyFrame(protocolVersion: version,
                                  keyInformation: KeyInformation(version: suites.descriptorVersion.rawValue,
                                                                 flags.union(.mic)),
                                  replayCounter: request.replayCounter, nonce: nonce, keyData: keyData)
        return .send(try frame.signed(kck: ptk.kck, version: suites.descriptorVersion).bytes)
    }
}
