import XCTest
import WPA
import WPATestSupport

/// A supplicant engine and the test authenticator, run against each other.
struct HandshakeHarness {
    static let pmk = [UInt8](repeating: 0x5A, count: 32)
    static let supplicantNonce = [UInt8](repeating: 0x5C, count: 32)

    var ap: TestAuthenticator
    var station: SupplicantHandshake

    init(_ ap: TestAuthenticator = TestAuthenticator(pmk: pmk),
         configuration: SupplicantHandshakeConfiguration? = nil) throws {
        self.ap = ap
        station = try SupplicantHandshake(configuration ?? ap.supplicantConfiguration(), nonce: Self.supplicantNonce)
    }

    /// Message 1 in, message 2 out and accepted by the AP.
    mutating func runMessages1And2(file: StaticString = #filePath, line: UInt = #line) throws {
        let effects = station.receive(ap.message1())
        guard case .send(let message2)? = effects.first, effects.count == 1 else {
            return XCTFail("message 1 gave \(effects)", file: file, line: line)
        }
        _ = try ap.accept(message2: message2, supplicantRSNE: station.configuration.supplicantRSNE)
    }

    /// The whole 4-way handshake; returns message 3's effects after checking message 4.
    @discardableResult
    mutating func complete(file: StaticString = #filePath, line: UInt = #line) throws -> [HandshakeEffect] {
        try runMessages1And2(file: file, line: line)
        let effects = station.receive(try ap.message3())
        guard case .send(let message4)? = effects.first else {
            XCTFail("message 3 gave \(effects), dropped for \(String(describing: station.lastDropReason))",
                    file: file, line: line)
            return effects
        }
        try ap.accept(message4: message4)
        XCTAssertEqual(station.phase, .completed, file: file, line: line)
        return effects
    }

    /// The effects expected of an accepted message 3.
    func message3Effects(message4: [UInt8]) -> [HandshakeEffect] {
        [.send(message4), .installPairwiseKey(tk: ap.ptk!.tk, cipher: ap.pairwiseCipher),
         .installGroupKey(gtk: ap.gtk.key, keyIndex: ap.gtk.keyIndex, rsc: Array(ap.rsc.prefix(6)), cipher: ap.groupCipher)]
            + (ap.igtk.map { [.installIntegrityGroupKey(igtk: $0.key, keyIndex: $0.keyIndex, ipn: $0.packetNumber,
                                                        cipher: .bipCMAC128)] } ?? [])
            + [.completed]
    }

    /// Feeds `frame` and expects it dropped for `reason`, the phase unchanged.
    mutating func expectDropped(_ frame: [UInt8], _ reason: WPAError?, file: StaticString = #filePath, line: UInt = #line) {
        let phase = station.phase
        XCTAssertEqual(station.receive(frame), [], file: file, line: line)
        XCTAssertEqual(station.phase, phase, file: file, line: line)
        if let reason { XCTAssertEqual(station.lastDropReason, reason, file: file, line: line) }
        XCTAssertNotNil(station.lastDropReason, file: file, line: line)
    }
}
