import XCTest
import WPA
import WPATestSupport

/// Group key handshakes after completion, the other suites, and the
/// configuration the engine refuses.
final class GroupKeyAndSuiteTests: XCTestCase {
    func testGroupRekey() throws {
        var run = try HandshakeHarness()
        try run.complete()
        run.ap.gtk = GroupKeyKDE(keyIndex: 2, transmit: false, key: [UInt8](repeating: 0x77, count: 16))
        run.ap.rsc = [9, 8, 7, 6, 5, 4, 0, 0]
        let message1 = try run.ap.groupMessage1()
        let effects = run.station.receive(message1)
        XCTAssertEqual(effects.count, 3)
        XCTAssertEqual(effects.first, .installGroupKey(gtk: run.ap.gtk.key, keyIndex: 2, rsc: [9, 8, 7, 6, 5, 4],
                                                       cipher: .ccmp128))
        XCTAssertEqual(effects.last, .rekeyed)
        try run.ap.accept(groupMessage2: XCTUnwrap(sent(effects).first))
        // The same message again is a replay.
        run.expectDropped(message1, .staleReplayCounter)
        // The same key under a new counter is answered, not installed again.
        let again = run.station.receive(try run.ap.groupMessage1())
        XCTAssertEqual(again.count, 1)
        try run.ap.accept(groupMessage2: XCTUnwrap(sent(again).first))
        XCTAssertEqual(run.station.phase, .completed)
    }

    func testGroupMessageWithBadMICOrNoGTKIsDropped() throws {
        var run = try HandshakeHarness()
        try run.complete()
        var forged = try run.ap.groupMessage1()
        forged[forged.count - 3] ^= 1
        run.expectDropped(forged, .micMismatch)
        run.expectDropped(try run.ap.groupMessage1([]), .malformed("no GTK KDE"))
        var clear = try EAPOLKeyFrame(parsing: run.ap.groupMessage1())
        clear.keyInformation.remove(.encryptedKeyData)
        run.expectDropped(try run.ap.sign(clear), .unexpectedMessage("group message 1 without Secure or encrypted Key Data"))
    }

    /// PSK-SHA256: KDF-SHA256 PTK, AES-128-CMAC MICs, descriptor version 3;
    /// with management frame protection, the IGTK is installed too.
    func testPSKSHA256WithManagementFrameProtection() throws {
        var ap = TestAuthenticator(pmk: HandshakeHarness.pmk, akm: .pskSHA256, capabilities: [.mfpCapable])
        ap.igtk = IntegrityGroupKeyKDE(keyIndex: 4, packetNumber: [1, 0, 0, 0, 0, 0],
                                       key: [UInt8](repeating: 0x99, count: 16))
        var run = try HandshakeHarness(ap)
        let effects = try run.complete()
        XCTAssertEqual(effects, run.message3Effects(message4: sent(effects)[0]))
        XCTAssertEqual(try EAPOLKeyFrame(parsing: sent(effects)[0]).keyInformation.descriptorVersion, 3)
        // A new IGTK alone in a group message: installed, the GTK left alone.
        run.ap.igtk = IntegrityGroupKeyKDE(keyIndex: 5, packetNumber: [0, 0, 0, 0, 0, 0],
                                           key: [UInt8](repeating: 0x98, count: 16))
        let rekey = run.station.receive(try run.ap.groupMessage1())
        XCTAssertEqual(rekey.first, .installIntegrityGroupKey(igtk: run.ap.igtk!.key, keyIndex: 5, ipn: [0, 0, 0, 0, 0, 0],
                                                              cipher: .bipCMAC128))
        XCTAssertEqual(rekey.count, 3)
    }

    func testIGTKIgnoredWithoutManagementFrameProtection() throws {
        var ap = TestAuthenticator(pmk: HandshakeHarness.pmk)
        ap.igtk = IntegrityGroupKeyKDE(keyIndex: 4, packetNumber: [0, 0, 0, 0, 0, 0], key: [UInt8](repeating: 1, count: 16))
        var run = try HandshakeHarness(ap)
        let effects = try run.complete()
        XCTAssertFalse(effects.contains { if case .installIntegrityGroupKey = $0 { true } else { false } })
    }

    func testGCMP256() throws {
        var run = try HandshakeHarness(TestAuthenticator(pmk: HandshakeHarness.pmk, pairwiseCipher: .gcmp256,
                                                         groupCipher: .gcmp256))
        let effects = try run.complete()
        XCTAssertEqual(effects, run.message3Effects(message4: sent(effects)[0]))
        XCTAssertEqual(run.ap.ptk?.tk.count, 32)
    }

    func testConfigurationRefusals() {
        let good = TestAuthenticator(pmk: HandshakeHarness.pmk).supplicantConfiguration()
        let nonce = HandshakeHarness.supplicantNonce
        func refused(_ change: (inout SupplicantHandshakeConfiguration) -> Void, nonce: [UInt8] = nonce,
                     _ error: WPAError, line: UInt = #line) {
            var configuration = good
            change(&configuration)
            XCTAssertThrowsError(try SupplicantHandshake(configuration, nonce: nonce), line: line) {
                XCTAssertEqual($0 as? WPAError, error, line: line)
            }
        }
        refused({ $0.pmk = [1] }, .invalidConfiguration("PMK length"))
        refused({ $0.supplicantAddress = [1, 2, 3] }, .invalidConfiguration("MAC address length"))
        refused({ _ in }, nonce: [1], .invalidConfiguration("nonce length"))
        refused({ $0.supplicantRSNE = [0x30, 1] }, .truncated("RSN element"))
        refused({ $0.supplicantRSNE = RSNElement(pairwiseCiphers: [.ccmp128, .gcmp128], akmSuites: [.psk]).bytes },
                .invalidConfiguration("supplicant RSNE must name one pairwise cipher and one AKM"))
        refused({ $0.supplicantRSNE = RSNElement(pairwiseCiphers: [.ccmp128], akmSuites: [.sae]).bytes },
                .unsupported("AKM 00-0F-AC:8"))
        refused({ $0.supplicantRSNE = RSNElement(pairwiseCiphers: [.tkip], akmSuites: [.psk]).bytes },
                .unsupported("pairwise cipher 00-0F-AC:2"))
        refused({ $0.supplicantRSNE = RSNElement(pairwiseCiphers: [.ccmp128], akmSuites: [.psk], capabilities: [.mfpCapable],
                                                 pmkids: [], groupManagementCipher: .ccmp128).bytes },
                .unsupported("group management cipher 00-0F-AC:4"))
        XCTAssertNoThrow(try SupplicantHandshake(good, nonce: nonce))
    }
}

/// Choosing our RSNE from the AP's.
final class SuiteSelectionTests: XCTestCase {
    func testPersonalSelection() throws {
        let mixed = RSNElement(groupCipher: .ccmp128, pairwiseCiphers: [.gcmp256, .ccmp128],
                               akmSuites: [.ieee8021X, .psk], capabilities: RSNCapabilities(ptksaReplayCounters: 3, gtksaReplayCounters: 3))
        XCTAssertEqual(mixed.personalSelection(),
                       RSNElement(groupCipher: .ccmp128, pairwiseCiphers: [.ccmp128], akmSuites: [.psk], capabilities: []))
        XCTAssertEqual(mixed.personalSelection(pairwisePreference: [.gcmp256, .ccmp128])?.pairwiseCiphers, [.gcmp256])
        // The selection is an RSNE the engine takes.
        let ours = try XCTUnwrap(mixed.personalSelection())
        XCTAssertNoThrow(try SupplicantHandshake(
            SupplicantHandshakeConfiguration(pmk: HandshakeHarness.pmk, authenticatorAddress: [1, 2, 3, 4, 5, 6],
                                             supplicantAddress: [2, 2, 3, 4, 5, 6], supplicantRSNE: ours.bytes,
                                             authenticatorRSNE: mixed.bytes),
            nonce: HandshakeHarness.supplicantNonce))
    }

    func testPSKSHA256AndManagementFrameProtection() {
        let wpa3Transition = RSNElement(groupCipher: .ccmp128, pairwiseCiphers: [.ccmp128],
                                        akmSuites: [.psk, .sae, .pskSHA256], capabilities: [.mfpCapable],
                                        pmkids: [], groupManagementCipher: .bipGMAC256)
        XCTAssertEqual(wpa3Transition.personalSelection()?.akmSuites, [.pskSHA256])
        XCTAssertEqual(wpa3Transition.personalSelection()?.capabilities, [])
        let protected = wpa3Transition.personalSelection(managementFrameProtection: true)
        XCTAssertEqual(protected?.capabilities, [.mfpCapable])
        XCTAssertEqual(protected?.groupManagementCipher, .bipGMAC256)
        var required = wpa3Transition
        required.capabilities = [.mfpCapable, .mfpRequired]
        XCTAssertNil(required.personalSelection())
        XCTAssertNotNil(required.personalSelection(managementFrameProtection: true))
    }

    func testNothingFits() {
        XCTAssertNil(RSNElement(pairwiseCiphers: [.ccmp128], akmSuites: [.sae]).personalSelection())
        XCTAssertNil(RSNElement(pairwiseCiphers: [.tkip], akmSuites: [.psk]).personalSelection())
        XCTAssertNil(RSNElement(groupCipher: .tkip, pairwiseCiphers: [.ccmp128], akmSuites: [.psk]).personalSelection())
        XCTAssertNil(RSNElement(pairwiseCiphers: [.gcmp256], akmSuites: [.psk]).personalSelection())
    }
}
