import WPA

/// What one frame may do to a parked handshake (`SupplicantHandshake.receive`'s
/// contract): a dropped frame leaves the phase alone and has a reason; a
/// taken one has none, and its effects are one of the shapes of 12.7.6 and
/// 12.7.7, each frame sent parsing as the message it should be (signed
/// under the fixture's KCK once the AP holds the PTK), each key of its
/// cipher's length.
enum HandshakeChecks {
    static func check(_ effects: [HandshakeEffect], from before: SupplicantHandshake, to after: SupplicantHandshake,
                      _ fixture: HandshakeFixture, answering input: [UInt8]) {
        let name = fixture.name
        guard !effects.isEmpty else {
            require(after.phase == before.phase && after.lastDropReason != nil, "\(name): a drop changes nothing")
            return
        }
        require(after.lastDropReason == nil, "\(name): a taken frame has no drop reason")
        let request = try? EAPOLKeyFrame(parsing: input)
        require(request != nil, "\(name): only an EAPOL-Key frame has effects")
        for case .send(let bytes) in effects {
            checkReply(bytes, to: request!, fixture)
        }
        for effect in effects { checkKeyLengths(effect, after, name) }
        switch (before.phase, after.phase) {
        case (.awaitingMessage1, .sentMessage2), (.sentMessage2, .sentMessage2):
            require(effects.count == 1 && sends(effects) == 1, "\(name): message 1 gives message 2 alone")
        case (.sentMessage2, .completed):
            require(effects.first.map(isSend) == true && effects.last == .completed, "\(name): message 4 first, completed last")
            require(effects.dropFirst().first.map(isPairwiseInstall) == true, "\(name): then the pairwise key")
        case (.sentMessage2, .failed(let failure)):
            require(effects == [.failed(failure)], "\(name): a failure alone")
        case (.completed, .completed):
            let installs = effects.count - sends(effects) - (effects.last == .rekeyed ? 1 : 0)
            require(sends(effects) == 1 && (installs > 0) == (effects.last == .rekeyed),
                    "\(name): message 4 or group message 2, and rekeyed exactly when a key is installed")
            require(!effects.contains(where: isPairwiseInstall) && !effects.contains(.completed),
                    "\(name): the pairwise key is never installed twice")
        default:
            require(false, "\(name): \(before.phase) to \(after.phase) with \(effects)")
        }
    }

    private static func checkReply(_ bytes: [UInt8], to request: EAPOLKeyFrame, _ fixture: HandshakeFixture) {
        let frame = try? EAPOLKeyFrame(parsing: bytes)
        require(frame?.bytes == bytes, "\(fixture.name): a sent frame parses back to itself")
        guard let frame else { return }
        require(frame.replayCounter == request.replayCounter, "\(fixture.name): a reply carries the request's counter")
        require(frame.keyInformation.contains(.mic) && !frame.keyInformation.contains(.ack),
                "\(fixture.name): a supplicant's frame has a MIC and no Ack")
        // Message 2 is signed with the PTK of the input's ANonce; messages 4
        // and group 2 with the fixture's (the ANonce of message 3 must match).
        let ap = fixture.ap
        let kck = frame.keyInformation.contains(.secure) ? ap.ptk?.kck
            : try? PairwiseTransientKey.derive(pmk: ap.pmk, authenticatorAddress: ap.authenticatorAddress,
                                               supplicantAddress: ap.supplicantAddress, authenticatorNonce: request.nonce,
                                               supplicantNonce: HandshakeFixture.supplicantNonce, akm: ap.akm,
                                               pairwiseCipher: ap.pairwiseCipher).kck
        require(kck.map { frame.hasValidMIC(kck: $0, version: ap.descriptorVersion) } == true,
                "\(fixture.name): a sent frame is signed with the PTK")
    }

    private static func checkKeyLengths(_ effect: HandshakeEffect, _ station: SupplicantHandshake, _ name: String) {
        switch effect {
        case .installPairwiseKey(let tk, let cipher):
            require(cipher == station.pairwiseCipher && tk.count == cipher.temporalKeyLength, "\(name): TK")
        case .installGroupKey(let gtk, let keyIndex, let rsc, let cipher):
            require(cipher == station.groupCipher && gtk.count == cipher.temporalKeyLength && rsc.count == 6
                    && (0...3).contains(keyIndex), "\(name): GTK")
        case .installIntegrityGroupKey(let igtk, let keyIndex, let ipn, let cipher):
            require(igtk.count == cipher.integrityKeyLength && ipn.count == 6 && (4...5).contains(keyIndex),
                    "\(name): IGTK")
        case .send, .completed, .rekeyed, .failed:
            break
        }
    }

    private static func sends(_ effects: [HandshakeEffect]) -> Int { effects.filter(isSend).count }

    static func isSend(_ effect: HandshakeEffect) -> Bool {
        if case .send = effect { true } else { false }
    }

    private static func isPairwiseInstall(_ effect: HandshakeEffect) -> Bool {
        if case .installPairwiseKey = effect { true } else { false }
    }
}
