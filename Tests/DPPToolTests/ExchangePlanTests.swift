import XCTest
import EasyConnect
import EasyConnectTCP
@testable import DPPTool

final class ExchangePlanTests: XCTestCase {
    private let role = DPPRole.enrollee(try! ConfigurationRequest(name: "test"))

    private func uri(_ curve: Curve = .p256, host: String? = nil) throws -> String {
        try BootstrappingURI(publicKey: ECKeyPair.generate(curve: curve).publicKey, host: host).uri
    }

    private func keyFile(_ curve: Curve = .p256) throws -> KeyFile {
        try KeyFile(key: ECKeyPair.generate(curve: curve), host: nil)
    }

    private func plan(_ arguments: [String], chirp: Bool = false, key: KeyFile? = nil) throws -> ExchangePlan {
        try ExchangePlan(options: ExchangeOptions.parse(arguments), role: role, chirp: chirp, keyFile: key)
    }

    private func assertUsage(_ arguments: [String], chirp: Bool = false, key: KeyFile? = nil, _ fragment: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try plan(arguments, chirp: chirp, key: key), file: file, line: line) { error in
            guard case .usage(let message) = error as? ToolError, message.contains(fragment) else {
                return XCTFail("\(error)", file: file, line: line)
            }
        }
    }

    func testAnInitiatorGoesToTheURIsHostUnlessToldOtherwise() throws {
        let peer = try uri(host: "192.0.2.7:9000")
        XCTAssertEqual(try plan(["--peer-uri", peer]).transport, .connect(try TCPEndpoint(parsing: "192.0.2.7:9000")))
        XCTAssertEqual(try plan(["--peer-uri", peer, "--connect", "::1"]).transport,
                       .connect(try TCPEndpoint(parsing: "[::1]:8908")))
        assertUsage(["--peer-uri", try uri()], "has no H: host")
    }

    func testAThrowAwayKeyFollowsThePeersCurve() throws {
        let initiator = try plan(["--peer-uri", try uri(.p384), "--connect", "127.0.0.1"])
        XCTAssertEqual(initiator.ownKey.curve, .p384)
        guard case .initiator = initiator.start else { return XCTFail("\(initiator.start)") }
        assertUsage(["--peer-uri", try uri(.p384), "--connect", "127.0.0.1"], key: try keyFile(.p256),
                    "our key is on P-256 but the peer's is on P-384")
    }

    func testListeningAndChirpingNeedOurKey() throws {
        assertUsage(["--listen", "8908"], "--listen needs --key")
        assertUsage(["--connect", "127.0.0.1"], chirp: true, "--chirp needs --key")
        assertUsage(["--listen", "8908"], chirp: true, key: try keyFile(), "--chirp announces us to --connect")
        let responder = try plan(["--listen", "127.0.0.1:9"], key: try keyFile())
        XCTAssertEqual(responder.transport, .listen(try TCPEndpoint(host: "127.0.0.1", port: 9)))
        guard case .responder(nil) = responder.start else { return XCTFail("\(responder.start)") }
    }

    func testMutualNeedsTheKeyTheOtherSideMustKnow() throws {
        assertUsage(["--peer-uri", try uri(), "--connect", "127.0.0.1", "--mutual"], "--mutual needs --key")
        assertUsage(["--listen", "9", "--mutual"], key: try keyFile(), "--mutual needs --peer-uri")
        XCTAssertTrue(try plan(["--listen", "9", "--mutual", "--peer-uri", try uri()], key: try keyFile()).requireMutual)
    }

    func testPKEXOptions() throws {
        let v1 = try plan(["--connect", "127.0.0.1", "--code", "abc", "--identifier", "id", "--pkex-version", "1"])
        guard case .pkex("abc", "id", .v1) = v1.start else { return XCTFail("\(v1.start)") }
        let v2 = try plan(["--listen", "9", "--code", "abc"])
        guard case .pkex("abc", nil, .v2) = v2.start else { return XCTFail("\(v2.start)") }
        assertUsage(["--connect", "127.0.0.1", "--code", "abc", "--pkex-version", "3"], "must be 1 or 2")
        assertUsage(["--code", "abc"], "PKEX needs --connect or --listen")
        assertUsage(["--connect", "127.0.0.1", "--identifier", "id"], "need --code")
        assertUsage(["--connect", "127.0.0.1", "--code", "abc", "--peer-uri", try uri()], "no --peer-uri")
    }

    func testConflictsAndLimits() throws {
        assertUsage(["--connect", "127.0.0.1", "--listen", "9"], "not both")
        assertUsage(["--peer-uri", try uri(), "--connect", "127.0.0.1", "--timeout", "0"], "--timeout")
        assertUsage(["--peer-uri", "DPP:;;"], "--peer-uri: invalid DPP URI")
        assertUsage(["--peer-uri", try uri(), "--connect", "127.0.0.1", "--curve", "P-192"], "unknown curve")
        XCTAssertEqual(try plan(["--peer-uri", try uri(), "--connect", "127.0.0.1", "--timeout", "2.5"]).timeout,
                       .milliseconds(2500))
    }
}
