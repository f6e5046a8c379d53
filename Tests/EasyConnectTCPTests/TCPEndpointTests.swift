import XCTest
import EasyConnectTCP

final class TCPEndpointTests: XCTestCase {
    func testPeerAddressesInEveryForm() throws {
        let cases: [(String, String, UInt16)] = [
            ("127.0.0.1", "127.0.0.1", 8908),
            ("127.0.0.1:9000", "127.0.0.1", 9000),
            ("[::1]:9000", "::1", 9000),
            ("[fe80::1]", "fe80::1", 8908),
            ("::1", "::1", 8908),  // a bare IPv6 literal cannot carry a port
            ("controller.example:1", "controller.example", 1),
        ]
        for (text, host, port) in cases {
            let endpoint = try TCPEndpoint(parsing: text)
            XCTAssertEqual(endpoint.host, host, text)
            XCTAssertEqual(endpoint.port, port, text)
        }
    }

    func testDescriptionBracketsIPv6() throws {
        XCTAssertEqual(try TCPEndpoint(parsing: "::1").description, "[::1]:8908")
        XCTAssertEqual(try TCPEndpoint(parsing: "10.0.0.1:80").description, "10.0.0.1:80")
    }

    func testListeningAddresses() throws {
        XCTAssertEqual(try TCPEndpoint(listening: "8908"), try TCPEndpoint(host: "0.0.0.0", port: 8908))
        XCTAssertEqual(try TCPEndpoint(listening: "127.0.0.1:9"), try TCPEndpoint(host: "127.0.0.1", port: 9))
        XCTAssertEqual(try TCPEndpoint(listening: "[::]:9"), try TCPEndpoint(host: "::", port: 9))
        XCTAssertThrowsError(try TCPEndpoint(listening: "127.0.0.1"))  // where to listen needs a port
    }

    func testMalformedAddressesAreRefused() {
        for text in ["", ":8908", "host:", "host:0", "host:65536", "host:99999", "host:12a", "[::1", "[::1]x",
                     "[::1]:", "[]:80", "a b:80", "host:+80"] {
            XCTAssertThrowsError(try TCPEndpoint(parsing: text), text) { error in
                XCTAssertEqual(error as? TCPTransportError, .invalidEndpoint(text), text)
            }
        }
    }
}
