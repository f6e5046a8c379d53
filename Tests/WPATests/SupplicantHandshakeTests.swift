import XCTest
import WPA
import WPATestSupport

/// The 4-way handshake end to end against the test authenticator, and the
/// rules of 12.7.6 that keep a station safe from retransmissions, replays
/// and forgeries.
final class SupplicantHandshakeTests: XCTestCase {
    func testFullHandshake() throws {
        var run = try HandshakeHarness()
        XCTAssertEqual(run.station.phase, .awaitingMessage1)
        try run.runMessages1And2()
        XCTAssertEqual(run.station.phase, .sentMessage2)
        XCTAssertTrue(run.station.suggestsWrongPassphrase)
        let effects = run.station.receive(try run.ap.message3())
        guard case .send(let message4)? = effects.first else { return XCTFail("\(effects)") }
        XCTAssertEqual(effects, run.message3Effects(message4: message4))
        try run.ap.accept(message4: message4)
        XCTAssertEqual(run.station.phase, .completed)
        XCTAssertFalse(run.station.suggestsWrongPassphrase)
        XCTAssertNil(run.station.lastDropReason)
        XCTAssertEqual([run.station.pairwiseCipher, run.station.groupCipher], [.ccmp128, .ccmp128])
        XCTAssertEqual(run.station.akm, .psk)
    }

    func testOurFramesUseTheAPsEAPOLVersion() throws {
        var ap = TestAuthenticator(pmk: HandshakeHarness.pmk)
        ap.eapolVersion = 1
        var run = try HandshakeHarness(ap)
        guard case .send(let message2)? = run.station.receive(run.ap.message1()).first else { return XCTFail() }
        XCTAssertEqual(message2.first, 1)
    }

    /// A message 1 retransmitted before message 3, with a new ANonce: the PTK
    /// follows it, the SNonce stays, and message 3 must carry the new ANonce.
    func testRetransmittedMessage1WithANewANonce() throws {
        var run = try HandshakeHarness()
        try run.runMessages1And2()
        var stale = run.ap
        let staleMessage3 = try stale.message3()
        run.ap.authenticatorNonce = [UInt8](repeating: 0xB2, count: 32)
        run.ap.replayCounter += 1  // the stale message 3 took the AP's next counter
        let effects = run.station.receive(run.ap.message1())
        guard case .send(let message2)? = effects.first, effects.count == 1 else { return XCTFail("\(effects)") }
        XCTAssertEqual(try EAPOLKeyFrame(parsing: message2).nonce, HandshakeHarness.supplicantNonce)
        _ = try run.ap.accept(message2: message2)
        run.expectDropped(staleMessage3, .nonceMismatch)
        let message4 = try XCTUnwrap(sent(run.station.receive(run.ap.message3())).first)
        try run.ap.accept(message4: message4)
        XCTAssertEqual(run.station.phase, .completed)
    }

    func testReplayedMessage3IsIgnored() throws {
        var run = try HandshakeHarness()
        try run.runMessages1And2()
        let message3 = try run.ap.message3()
        XCTAssertFalse(run.station.receive(message3).isEmpty)
        run.expectDropped(message3, .staleReplayCounter)
        XCTAssertEqual(run.station.phase, .completed)
    }

    /// Message 4 was lost: the AP retransmits message 3 with a new counter.
    /// Message 4 again, and no key installed twice (KRACK).
    func testRetransmittedMessage3AfterCompletionGetsMessage4Only() throws {
        var run = try HandshakeHarness()
        try run.complete()
        let effects = run.station.receive(try run.ap.message3())
        XCTAssertEqual(effects.count, 1)
        try run.ap.accept(message4: XCTUnwrap(sent(effects).first))
    }

    func testBadMICIsIgnored() throws {
        var run = try HandshakeHarness()
        try run.runMessages1And2()
        let message3 = try run.ap.message3()
        for offset in [20, 81, 96, message3.count - 1] {  // nonce, MIC, Key Data
            var forged = message3
            forged[offset] ^= 0x40
            run.expectDropped(forged, offset < 81 ? .nonceMismatch : .micMismatch)
        }
        // Unchanged, it still completes: the forgeries moved nothing.
        XCTAssertEqual(run.station.receive(message3).last, .completed)
    }

    func testRSNEMismatchFailsForGood() throws {
        var run = try HandshakeHarness()
        try run.runMessages1And2()
        var downgraded = RSNElement(groupCipher: .ccmp128, pairwiseCiphers: [.tkip, .ccmp128], akmSuites: [.psk])
        let effects = run.station.receive(try run.ap.message3([.rsn(downgraded.bytes), .groupKey(run.ap.gtk)]))
        XCTAssertEqual(effects, [.failed(.rsneMismatch)])
        XCTAssertEqual(run.station.phase, .failed(.rsneMismatch))
        XCTAssertFalse(run.station.suggestsWrongPassphrase)
        // Nothing is taken any more, not even a good message 3.
        run.expectDropped(try run.ap.message3(), nil)
        // A second RSNE picking another pairwise cipher fails too, and so does none at all.
        downgraded = RSNElement(groupCipher: .ccmp128, pairwiseCiphers: [.gcmp256], akmSuites: [.psk])
        for items: [KeyDataItem] in [[.rsn(run.ap.rsne), .rsn(downgraded.bytes), .groupKey(run.ap.gtk)],
                                     [.groupKey(run.ap.gtk)]] {
            var again = try HandshakeHarness()
            try again.runMessages1And2()
            XCTAssertEqual(again.station.receive(try again.ap.message3(items)), [.failed(.rsneMismatch)])
        }
    }

    /// The Beacon's RSNE and message 3's may differ in PMKIDs only.
    func testMessage3RSNEMayAddPMKIDs() throws {
        var run = try HandshakeHarness()
        try run.runMessages1And2()
        var withPMKID = try RSNElement(parsing: run.ap.rsne)
        withPMKID.pmkids = [[UInt8](repeating: 3, count: 16)]
        XCTAssertEqual(run.station.receive(try run.ap.message3([.rsn(withPMKID.bytes), .groupKey(run.ap.gtk)])).last,
                       .completed)
    }

    func testUnknownBeaconRSNESkipsTheComparison() throws {
        var configuration = TestAuthenticator(pmk: HandshakeHarness.pmk).supplicantConfiguration()
        configuration.authenticatorRSNE = nil
        var run = try HandshakeHarness(configuration: configuration)
        try run.runMessages1And2()
        XCTAssertEqual(run.station.receive(try run.ap.message3([.groupKey(run.ap.gtk)])).last, .completed)
    }

    /// Another PMK (a wrong passphrase): the AP cannot verify message 2,
    /// retransmits message 1, and our side never completes.
    func testWrongPMKNeverCompletes() throws {
        var ap = TestAuthenticator(pmk: HandshakeHarness.pmk)
        var station = try SupplicantHandshake(ap.supplicantConfiguration(pmk: [UInt8](repeating: 0x11, count: 32)),
                                              nonce: HandshakeHarness.supplicantNonce)
        for _ in 0..<4 {
            let message2 = try XCTUnwrap(sent(station.receive(ap.message1())).first)
            XCTAssertThrowsError(try ap.accept(message2: message2))
            XCTAssertEqual(station.phase, .sentMessage2)
        }
        XCTAssertTrue(station.suggestsWrongPassphrase)
        // Even a message 3 under the AP's PTK is not authentic to us.
        var honest = ap
        let message2 = try XCTUnwrap(sent(try SupplicantHandshake(ap.supplicantConfiguration(), nonce: HandshakeHarness.supplicantNonce)
            .receiving(honest.message1())).first)
        _ = try honest.accept(message2: message2)
        XCTAssertEqual(station.receive(try honest.message3()), [])
        XCTAssertEqual(station.lastDropReason, .micMismatch)
    }

    func testFramesNoPhaseTakesAreDropped() throws {
        var run = try HandshakeHarness()
        var early = run.ap
        try early.runMessage2(for: run.station)
        run.expectDropped(try early.message3(), .unexpectedMessage("message 3 before message 1"))
        run.expectDropped(try early.groupMessage1(), .unexpectedMessage("group message 1 before the 4-way handshake"))
        run.expectDropped(EAPOLPacket(version: 2, packetType: 0, body: [1, 1, 0, 4]).bytes, .notEAPOLKey)
        for bad: KeyInformation in [KeyInformation(version: 3, [.pairwise, .ack]),  // not the negotiated version
                                    KeyInformation(version: 2, [.pairwise]),  // no Ack: a supplicant's frame
                                    KeyInformation(version: 2, [.pairwise, .ack, .request]),
                                    KeyInformation(version: 2, [.ack])] {
            let frame = EAPOLKeyFrame(keyInformation: bad, replayCounter: 9, nonce: run.ap.authenticatorNonce)
            run.expectDropped(frame.bytes, nil)
        }
        var wpa1 = EAPOLKeyFrame(keyInformation: KeyInformation(version: 2, [.pairwise, .ack]), replayCounter: 1)
        wpa1.descriptorType = 254
        run.expectDropped(wpa1.bytes, .unsupported("key descriptor type 254"))
        try run.complete()
        run.expectDropped(run.ap.message1(), .unexpectedMessage("message 1 after completion (pairwise rekeying is not supported)"))
    }

    func testMessage3NeedsAFittingGTKAndItsBits() throws {
        var run = try HandshakeHarness()
        try run.runMessages1And2()
        run.expectDropped(try run.ap.message3([.rsn(run.ap.rsne)]), .malformed("no GTK KDE"))
        let short = GroupKeyKDE(keyIndex: 1, transmit: false, key: [1, 2, 3])
        run.expectDropped(try run.ap.message3([.rsn(run.ap.rsne), .groupKey(short)]),
                          .malformed("GTK of 3 octets for 00-0F-AC:4"))
        for bit: KeyInformation in [.install, .secure, .encryptedKeyData] {
            var missing = try EAPOLKeyFrame(parsing: run.ap.message3())
            missing.keyInformation.remove(bit)
            run.expectDropped(try run.ap.sign(missing),
                              .unexpectedMessage("message 3 without Install, Secure or encrypted Key Data"))
        }
        var garbage = try EAPOLKeyFrame(parsing: run.ap.message3())
        garbage.keyData = [UInt8](repeating: 0x33, count: 32)  // does not unwrap
        run.expectDropped(try run.ap.sign(garbage), .keyUnwrapFailed)
        XCTAssertEqual(run.station.receive(try run.ap.message3()).last, .completed)
    }

    /// Every prefix of every message, fed in the phase that takes it, is dropped.
    func testTruncatedFramesAtEveryLengthAreDropped() throws {
        var run = try HandshakeHarness()
        let message1 = run.ap.message1()
        for length in 0..<message1.count { run.expectDropped(Array(message1.prefix(length)), nil) }
        try run.runMessages1And2()
        let message3 = try run.ap.message3()
        for length in 0..<message3.count { run.expectDropped(Array(message3.prefix(length)), nil) }
        XCTAssertEqual(run.station.receive(message3).last, .completed)
        let group = try run.ap.groupMessage1()
        for length in 0..<group.count { run.expectDropped(Array(group.prefix(length)), nil) }
    }
}

/// The frames among `effects`.
func sent(_ effects: [HandshakeEffect]) -> [[UInt8]] {
    effects.compactMap { effect in if case .send(let frame) = effect { frame } else { nil } }
}

extension SupplicantHandshake {
    /// `receive` on a copy, for one-off answers.
    func receiving(_ frame: [UInt8]) -> [HandshakeEffect] {
        var copy = self
        return copy.receive(frame)
    }
}

extension TestAuthenticator {
    /// Messages 1 and 2 against a copy of `station`, to get the AP a PTK.
    mutating func runMessage2(for station: SupplicantHandshake) throws {
        _ = try accept(message2: XCTUnwrap(sent(station.receiving(message1())).first))
    }
}
