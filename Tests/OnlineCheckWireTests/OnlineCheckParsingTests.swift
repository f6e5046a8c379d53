import XCTest
@testable import OnlineCheckWire

/// The online check's parsers: its URL, the HTTP response head and the DNS
/// answer all come from configuration or the network (fuzzed too: Tests/Fuzz).
final class OnlineCheckParsingTests: XCTestCase {
    func testURLs() throws {
        let plain = try XCTUnwrap(HTTPURL("http://ipv4.connman.net/online/status.html"))
        XCTAssertEqual(plain.host, .name("ipv4.connman.net"))
        XCTAssertEqual(plain.port, 80)
        XCTAssertEqual(plain.path, "/online/status.html")
        XCTAssertEqual(plain.authority, "ipv4.connman.net")

        let literal = try XCTUnwrap(HTTPURL("HTTP://10.0.0.1:8080?probe=1#x"))
        XCTAssertEqual(literal.host, .ipv4("10.0.0.1"))
        XCTAssertEqual(literal.port, 8080)
        XCTAssertEqual(literal.path, "/?probe=1")

        let v6 = try XCTUnwrap(HTTPURL("http://[fd00::1]:81/"))
        XCTAssertEqual(v6.host, .ipv6("fd00::1"))
        XCTAssertEqual(v6.authority, "[fd00::1]:81")

        for bad in ["https://example.org/", "http://", "http://user@host/", "http://host:0/", "http://host:65536/",
                    "http://host:/", "http://ho st/", "http://-host/", "http://[fd00::1/", "http://[nothex]/",
                    "http://host:80x/", "http://a..b/", "ftp://host/", "http://host/\u{7f}"] {
            XCTAssertNil(HTTPURL(bad), bad)
        }
        XCTAssertEqual(HTTPURL("http://300.1.1.1/")?.host, nil, "not an address, and digits-only labels are not names either")
    }

    func testResponseHeads() throws {
        let bytes = Array("HTTP/1.1 200 OK\r\nX-ConnMan-Status:  online \r\nContent-Length: 0\r\n\r\nbody".utf8)
        let head = try XCTUnwrap(try HTTPResponseHead.parse(bytes))
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.value(of: "x-connman-status"), "online")
        XCTAssertEqual(head.value(of: "Content-Length"), "0")
        XCTAssertNil(head.value(of: "Location"))

        XCTAssertNil(try HTTPResponseHead.parse(Array("HTTP/1.1 204 No Content\r\nServer: x\r\n".utf8)),
                     "incomplete: wait for more")
        XCTAssertEqual(try HTTPResponseHead.parse(Array("HTTP/1.0 204\r\n\r\n".utf8))?.status, 204)

        for bad in ["HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 20x OK\r\n\r\n", "ICY 200 OK\r\n\r\n",
                    "HTTP/1.1 200 OK\r\n: empty name\r\n\r\n", "HTTP/1.1 200 OK\r\nbad name: x\r\n\r\n",
                    "HTTP/1.1 200 OK\r\nno colon\r\n\r\n"] {
            XCTAssertThrowsError(try HTTPResponseHead.parse(Array(bad.utf8)), bad)
        }
        let endless = Array("HTTP/1.1 200 OK\r\n".utf8) + [UInt8](repeating: 0x61, count: HTTPResponseHead.maximumSize)
        XCTAssertThrowsError(try HTTPResponseHead.parse(endless)) { XCTAssertEqual($0 as? HTTPResponseHead.ParseError, .tooLarge) }
    }

    /// A response as a server builds it: the question echoed, answers
    /// naming it by a compression pointer.
    private func response(id: UInt16, rcode: UInt8 = 0, answers: [(type: UInt16, data: [UInt8])]) -> [UInt8] {
        var message = DNSAddressQuery.encode(id: id, name: "check.lab.test", type: .a)
        message[2] = 0x81
        message[3] = 0x80 | rcode
        message[7] = UInt8(answers.count)
        for answer in answers {
            message += [0xc0, 12, UInt8(answer.type >> 8), UInt8(answer.type & 0xff), 0, 1, 0, 0, 0, 60,
                        0, UInt8(answer.data.count)] + answer.data
        }
        return message
    }

    func testDNSQueryAndAnswers() throws {
        let query = DNSAddressQuery.encode(id: 0x1234, name: "check.lab.test", type: .aaaa)
        XCTAssertEqual(Array(query.prefix(6)), [0x12, 0x34, 0x01, 0x00, 0, 1])
        XCTAssertEqual(Array(query[12...]), [5] + Array("check".utf8) + [3] + Array("lab".utf8) + [4] + Array("test".utf8)
                       + [0, 0, 28, 0, 1])

        let cname: [UInt8] = [0xc0, 12]
        let answer = response(id: 7, answers: [(5, cname), (1, [10, 99, 0, 1]), (28, [UInt8](repeating: 0, count: 16))])
        XCTAssertEqual(try DNSAddressQuery.addresses(in: answer, id: 7, type: .a), ["10.99.0.1"])
        XCTAssertEqual(try DNSAddressQuery.addresses(in: answer, id: 7, type: .aaaa), ["::"])
        XCTAssertThrowsError(try DNSAddressQuery.addresses(in: answer, id: 8, type: .a)) {
            XCTAssertEqual($0 as? DNSAddressQuery.ParseError, .notOurAnswer)
        }
        XCTAssertThrowsError(try DNSAddressQuery.addresses(in: response(id: 7, rcode: 3, answers: []), id: 7, type: .a)) {
            XCTAssertEqual($0 as? DNSAddressQuery.ParseError, .serverError(3))
        }
        for cut in 0..<answer.count {
            XCTAssertThrowsError(try DNSAddressQuery.addresses(in: Array(answer.prefix(cut)), id: 7, type: .a), "\(cut)")
        }
        var looping = response(id: 7, answers: [(1, [10, 99, 0, 1])])
        looping[12] = 0x80  // a reserved label type
        XCTAssertThrowsError(try DNSAddressQuery.addresses(in: looping, id: 7, type: .a))
    }
}
