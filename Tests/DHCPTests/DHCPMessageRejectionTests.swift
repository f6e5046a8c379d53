import XCTest
@testable import DHCP

/// Every way the strict parser refuses a message: each throws its error,
/// none crashes.
final class DHCPMessageRejectionTests: XCTestCase {
    private typealias Wire = DHCPMessageWireTests

    private func expect(_ error: DHCPError, _ bytes: [UInt8], _ note: String = "", line: UInt = #line) {
        XCTAssertThrowsError(try DHCPMessageParser.parse(bytes), note, line: line) {
            XCTAssertEqual($0 as? DHCPError, error, line: line)
        }
    }

    /// A valid OFFER header and cookie followed by `options`.
    private func reply(_ options: [UInt8]) -> [UInt8] { Wire.fixedHeader(op: 2) + Wire.cookie + options }

    func testTruncatedHeaderAndCookie() {
        expect(.truncated("BOOTP header"), [])
        expect(.truncated("BOOTP header"), Array(Wire.fixedHeader(op: 2).prefix(235)))
        expect(.truncated("magic cookie"), Wire.fixedHeader(op: 2))
        expect(.truncated("magic cookie"), Wire.fixedHeader(op: 2) + [0x63, 0x82, 0x53])
    }

    func testBadMagicCookie() {
        expect(.badMagicCookie, Wire.fixedHeader(op: 2) + [0x63, 0x82, 0x53, 0x64, 53, 1, 2, 0xFF])
    }

    func testInvalidOperationAndHardwareLength() {
        expect(.invalidOperation(3), Wire.fixedHeader(op: 3) + Wire.cookie + [53, 1, 2, 0xFF])
        expect(.invalidHardwareAddressLength(17), Wire.fixedHeader(op: 2, hlen: 17) + Wire.cookie + [53, 1, 2, 0xFF])
    }

    func testOptionRunningPastTheEnd() {
        expect(.truncatedOption(code: 53), reply([53]))
        expect(.truncatedOption(code: 53), reply([53, 2, 2]))
        expect(.truncatedOption(code: 6), reply([53, 1, 2, 6, 255] + [UInt8](repeating: 1, count: 100)))
    }

    func testMissingEnd() {
        expect(.missingEndOption, reply([53, 1, 2]))
        expect(.missingEndOption, reply([53, 1, 2, 0, 0]))
    }

    func testMissingMessageType() {
        expect(.missingMessageType, reply([0xFF]))
        expect(.missingMessageType, reply([54, 4, 1, 2, 3, 4, 0xFF]))
    }

    func testInvalidTypedOptions() {
        let cases: [(UInt8, [UInt8])] = [
            (1, [1, 3, 255, 255, 255]), (3, [3, 5, 1, 2, 3, 4, 5]), (6, [6, 0]),
            (54, [54, 2, 1, 2]), (50, [50, 5, 1, 2, 3, 4, 5]), (28, [28, 0]),
            (51, [51, 2, 0, 1]), (58, [58, 8, 0, 0, 0, 1, 0, 0, 0, 1]), (59, [59, 3, 0, 0, 1]),
            (26, [26, 2, 0, 67]), (26, [26, 1, 1]), (57, [57, 2, 0x02, 0x3F]),
            (61, [61, 1, 1]), (55, [55, 0]),
            (12, [12, 0]), (12, [12, 1, 0]), (15, [15, 2, 0xC3, 0x28]), (56, [56, 3, 0x61, 0x00, 0x62]),
            (121, [121, 4, 0, 1, 2, 3]), (121, [121, 5, 33, 1, 2, 3, 4]), (121, [121, 6, 24, 10, 0, 1, 2, 3]),
            (121, [121, 6, 0, 1, 2, 3, 4, 8]),
        ]
        for option in [[53, 1, 9], [53, 0], [53, 2, 1, 1]] as [[UInt8]] {
            expect(.invalidOption(code: 53), reply(option + [0xFF]), "\(option)")
        }
        for (code, option) in cases {
            expect(.invalidOption(code: code), reply([53, 1, 2] + option + [0xFF]), "\(option)")
        }
    }

    func testInvalidOverload() {
        expect(.invalidOption(code: 52), reply([53, 1, 2, 52, 1, 4, 0xFF]))
        expect(.invalidOption(code: 52), reply([53, 1, 2, 52, 1, 0, 0xFF]))
        expect(.invalidOption(code: 52), reply([53, 1, 2, 52, 2, 1, 1, 0xFF]))
        expect(.invalidOption(code: 52), reply([53, 1, 2, 52, 1, 1, 52, 1, 1, 0xFF]))
        // Option 52 may not appear inside the fields it overloads.
        let bytes = Wire.fixedHeader(op: 2, file: [52, 1, 2, 0xFF]) + Wire.cookie + [53, 1, 2, 52, 1, 1, 0xFF]
        expect(.invalidOption(code: 52), bytes)
    }

    func testTruncatedOptionInOverloadedField() {
        let bytes = Wire.fixedHeader(op: 2, sname: [Array(repeating: 0, count: 62), [6, 4]].flatMap { $0 })
            + Wire.cookie + [53, 1, 2, 52, 1, 2, 0xFF]
        expect(.truncatedOption(code: 6), bytes)
    }
}
