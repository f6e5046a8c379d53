import WPA
import WPATestSupport

/// A supplicant parked at one phase of a real handshake with the test
/// authenticator, and that authenticator (holding the PTK from message 2 on),
/// so the harness can sign and seal frames the supplicant takes as authentic.
/// Keys and nonces are fixed: the seeds of Tests/Fuzz/corpus/eapol
/// (make_eapol_corpus.py) are built for them.
struct HandshakeFixture: Sendable {
    let name: String
    let station: SupplicantHandshake
    let ap: TestAuthenticator

    static let pmk = [UInt8](repeating: 0x5A, count: 32)
    static let supplicantNonce = [UInt8](repeating: 0x5C, count: 32)

    /// PSK/CCMP at every phase (failed included), then PSK-SHA256 with
    /// management frame protection and GCMP-256 waiting for message 3 and completed.
    static let all: [HandshakeFixture] = {
        var fixtures = parked("psk ccmp", TestAuthenticator(pmk: pmk), failing: true)
        var sha256 = TestAuthenticator(pmk: pmk, akm: .pskSHA256, capabilities: [.mfpCapable])
        sha256.igtk = IntegrityGroupKeyKDE(keyIndex: 4, packetNumber: [1, 0, 0, 0, 0, 0],
                                           key: [UInt8](repeating: 0x99, count: 16))
        fixtures += parked("psk-sha256 mfp", sha256, failing: false).dropFirst()
        fixtures += parked("psk gcmp-256", TestAuthenticator(pmk: pmk, pairwiseCipher: .gcmp256, groupCipher: .gcmp256),
                           failing: false).dropFirst()
        return fixtures
    }()

    private static func parked(_ name: String, _ authenticator: TestAuthenticator,
                               failing: Bool) -> [HandshakeFixture] {
        var ap = authenticator
        var station = try! SupplicantHandshake(ap.supplicantConfiguration(), nonce: supplicantNonce)
        var fixtures = [HandshakeFixture(name: "\(name) awaiting message 1", station: station, ap: ap)]
        let message2 = station.receive(ap.message1())
        guard case .send(let frame)? = message2.first, (try? ap.accept(message2: frame)) != nil else {
            fatalError("fuzz fixture \(name): message 2 refused")
        }
        fixtures.append(HandshakeFixture(name: "\(name) sent message 2", station: station, ap: ap))
        var failed = station
        _ = station.receive(try! ap.message3())
        fixtures.append(HandshakeFixture(name: "\(name) completed", station: station, ap: ap))
        if failing {
            var rogue = ap
            _ = failed.receive(try! rogue.message3([.rsn(RSNElement(pairwiseCiphers: [.tkip], akmSuites: [.psk]).bytes),
                                                    .groupKey(ap.gtk)]))
            fixtures.append(HandshakeFixture(name: "\(name) failed", station: failed, ap: rogue))
        }
        let phases = fixtures.map(\.station.phase)
        precondition(phases.prefix(3) == [.awaitingMessage1, .sentMessage2, .completed]
                     && (!failing || phases.last == .failed(.rsneMismatch)), "fuzz fixtures \(name): \(phases)")
        return fixtures
    }
}
