import XCTest
import EasyConnect
import EasyConnectTCP
@testable import DPPTool

final class KeyFileAndCommandTests: XCTestCase {
    func testAKeyFileReadsBackToTheSameKeyAndURI() throws {
        for curve in Curve.allCases {
            let written = try KeyFile(key: ECKeyPair.generate(curve: curve), host: "[::1]:9000")
            let read = try KeyFile(parsing: try written.text, path: "k")
            XCTAssertEqual(read.key.publicKey, written.key.publicKey)
            XCTAssertEqual(try read.uri, try written.uri)
            XCTAssertEqual(try read.uri.host, "[::1]:9000")
            XCTAssertEqual(try read.uri.version, 2)
        }
    }

    func testMalformedKeyFilesAreUsageErrors() {
        for text in ["", "curve=P-256\n", "curve=P-999\nprivate-key=01\n", "curve=P-256\nprivate-key=zz\n",
                     "curve=P-256\nprivate-key=00\n", "no equals sign\n",
                     "curve=P-256\nprivate-key=\(String(repeating: "ff", count: 32))\n"] {
            XCTAssertThrowsError(try KeyFile(parsing: text, path: "k"), text) { error in
                guard case .usage = error as? ToolError else { return XCTFail("\(text): \(error)") }
            }
        }
        XCTAssertThrowsError(try KeyFile(key: ECKeyPair.generate(curve: .p256), host: "a;b"))
    }

    func testConfiguratorCredentials() throws {
        let psk = String(repeating: "0f", count: 32)
        XCTAssertEqual(try ConfiguratorCommand.parse(["--ssid", "n", "--psk", psk]).configurationObject().credential,
                       .psk([UInt8](repeating: 0x0f, count: 32)))
        XCTAssertEqual(try ConfiguratorCommand.parse(["--ssid", "n", "--passphrase", "12345678", "--akm", "psk+sae"])
                        .configurationObject().akms, ["psk", "sae"])
        for arguments in [["--ssid", "n"], ["--ssid", "n", "--psk", psk, "--passphrase", "12345678"],
                          ["--ssid", "n", "--psk", "0f"], ["--ssid", "n", "--psk", String(repeating: "g", count: 64)],
                          ["--ssid", "", "--passphrase", "12345678"], ["--ssid", "n", "--passphrase", "short"]] {
            XCTAssertThrowsError(try ConfiguratorCommand.parse(arguments).configurationObject(), "\(arguments)") {
                guard case .usage = $0 as? ToolError else { return XCTFail("\(arguments): \($0)") }
            }
        }
    }

    func testExitCodesFollowTheDocumentedTable() {
        XCTAssertEqual(ToolError(TCPTransportError.timedOut).exitCode, 4)
        XCTAssertEqual(ToolError(DPPFailure.timedOut).exitCode, 4)
        XCTAssertEqual(ToolError(TCPTransportError.peerClosed).exitCode, 1)
        XCTAssertEqual(ToolError(DPPFailure.peerReported(.configureFailure)).exitCode, 1)
        XCTAssertEqual(ToolError(TCPTransportError.connectionLost(reason: "reset")).exitCode, 3)
        XCTAssertEqual(ToolError(TCPTransportError.invalidEndpoint("x")).exitCode, 2)
        XCTAssertEqual(SwitchboardDPP.main(arguments: ["enrollee", "--no-such-option"]), 2)
        XCTAssertEqual(SwitchboardDPP.main(arguments: ["key", "uri", "/nonexistent/key"]), 3)
    }
}
