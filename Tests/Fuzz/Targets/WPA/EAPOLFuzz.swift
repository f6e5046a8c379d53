import WPA

/// `eapol`: the WPA parsers (`WireChecks`), then handshakes parked at every
/// phase (`HandshakeFixture`) fed the input three ways, each delivered twice
/// (a retransmission), under `HandshakeChecks`:
/// - as it is: nobody without the PTK can make a frame authentic, so it may
///   at most be taken as a message 1;
/// - re-signed with the fixture's KCK when it parses as an EAPOL-Key frame,
///   so the fuzzer gets past the MIC to the replay, nonce, Key Data and RSNE checks;
/// - sealed as the Key Data plaintext of an authentic message 3 (to the
///   supplicants waiting for it) and group message 1 (to completed ones):
///   such a frame is never dropped for its MIC, nonce, counter or key wrap,
///   and a GTK installed is the one the plaintext carries.
enum EAPOLFuzz {
    static let target = FuzzTarget(name: "eapol", summary: "EAPOL-Key handshakes at every phase, RSNE/IE/KDE parsers",
                                   run: run)

    static func run(_ bytes: [UInt8]) {
        WireChecks.check(bytes)
        for fixture in HandshakeFixture.all {
            let raw = deliverTwice(bytes, to: fixture)
            require(signedByFixture(bytes, fixture) || raw.allSatisfy(HandshakeChecks.isSend),
                    "\(fixture.name): an input without the fixture's MIC is at most a message 1")
            if let signed = resigned(bytes, fixture) { deliverTwice(signed, to: fixture) }
            checkSealed(bytes, fixture)
        }
    }

    /// The effects of the first delivery.  The second must install nothing:
    /// it is a replay of an authentic frame or again not authentic.
    @discardableResult
    private static func deliverTwice(_ frame: [UInt8], to fixture: HandshakeFixture) -> [HandshakeEffect] {
        var station = fixture.station
        let effects = station.receive(frame)
        HandshakeChecks.check(effects, from: fixture.station, to: station, fixture, answering: frame)
        let before = station
        let again = station.receive(frame)
        HandshakeChecks.check(again, from: before, to: station, fixture, answering: frame)
        require(again.allSatisfy(HandshakeChecks.isSend),
                "\(fixture.name): a frame delivered twice installs nothing the second time")
        return effects
    }

    /// Seeds built with the fixtures' keys (make_eapol_corpus.py) are authentic as they are.
    private static func signedByFixture(_ bytes: [UInt8], _ fixture: HandshakeFixture) -> Bool {
        guard let kck = fixture.ap.ptk?.kck, let frame = try? EAPOLKeyFrame(parsing: bytes) else { return false }
        return frame.hasValidMIC(kck: kck, version: fixture.ap.descriptorVersion)
    }

    private static func resigned(_ bytes: [UInt8], _ fixture: HandshakeFixture) -> [UInt8]? {
        guard fixture.ap.ptk != nil, let frame = try? EAPOLKeyFrame(parsing: bytes) else { return nil }
        return try? fixture.ap.sign(frame)
    }

    private static func checkSealed(_ plaintext: [UInt8], _ fixture: HandshakeFixture) {
        var ap = fixture.ap
        let sealed: [UInt8]?
        switch fixture.station.phase {
        case .sentMessage2: sealed = try? ap.message3(keyData: plaintext)
        case .completed: sealed = try? ap.groupMessage1(keyData: plaintext)
        default: return
        }
        guard let sealed else { return require(false, "\(fixture.name): sealing failed") }
        var station = fixture.station
        let effects = station.receive(sealed)
        HandshakeChecks.check(effects, from: fixture.station, to: station, fixture, answering: sealed)
        let refusals: [WPAError] = [.micMismatch, .nonceMismatch, .staleReplayCounter, .keyUnwrapFailed]
        require(!refusals.contains(where: { $0 == station.lastDropReason }),
                "\(fixture.name): an authentic frame passes its MIC, nonce, counter and key wrap")
        let carried = (try? KeyData.parse(KeyData.padded(plaintext)))?.compactMap { item -> GroupKeyKDE? in
            if case .groupKey(let gtk) = item { gtk } else { nil }
        }.first
        for case .installGroupKey(let gtk, let keyIndex, _, _) in effects {
            require(carried?.key == gtk && carried?.keyIndex == keyIndex, "\(fixture.name): the GTK installed is the one sent")
        }
    }
}
