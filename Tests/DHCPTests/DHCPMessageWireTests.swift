import XCTest
@testable import DHCP

/// The BOOTP/DHCP message: byte-exact output against packets written by hand
/// from RFC 2131 §2 (figure 1) and RFC 2132, round trips, overload and
/// RFC 3396 splitting.
final class DHCPMessageWireTests: XCTestCase {
    static let mac: [UInt8] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01]

    /// The 236-byte fixed part, field by field as figure 1 draws it.
    static func fixedHeader(op: UInt8, xid: [UInt8] = [0x12, 0x34, 0x56, 0x78], secs: [UInt8] = [0, 0],
                            flags: [UInt8] = [0, 0], ciaddr: [UInt8] = [0, 0, 0, 0], yiaddr: [UInt8] = [0, 0, 0, 0],
                            hlen: UInt8 = 6, chaddr: [UInt8] = mac,
                            sname: [UInt8] = [], file: [UInt8] = []) -> [UInt8] {
        var bytes: [UInt8] = [op, 0x01, hlen, 0x00]        // op, htype Ethernet, hlen, hops
        bytes += xid + secs + flags
        bytes += ciaddr + yiaddr + [0, 0, 0, 0] + [0, 0, 0, 0]  // ciaddr, yiaddr, siaddr, giaddr
        bytes += chaddr + [UInt8](repeating: 0, count: 16 - chaddr.count)
        bytes += sname + [UInt8](repeating: 0, count: 64 - sname.count)
        bytes += file + [UInt8](repeating: 0, count: 128 - file.count)
        return bytes
    }

    static let cookie: [UInt8] = [0x63, 0x82, 0x53, 0x63]

    func testSerializesDiscoverByteExact() {
        let discover = DHCPMessage(
            operation: .bootRequest, transactionID: 0x1234_5678, clientHardwareAddress: Self.mac,
            secondsElapsed: 3, flags: DHCPMessage.broadcastFlag,
            options: [.messageType(.discover), .clientIdentifier([0x01] + Self.mac),
                      .parameterRequestList([1, 3, 6]), .maximumMessageSize(1500)])
        var expected = Self.fixedHeader(op: 1, secs: [0x00, 0x03], flags: [0x80, 0x00]) + Self.cookie
        expected += [0x35, 0x01, 0x01]                                         // 53: DHCPDISCOVER
        expected += [0x3D, 0x07, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01]     // 61: type 1 + MAC
        expected += [0x37, 0x03, 0x01, 0x03, 0x06]                             // 55: mask, router, DNS
        expected += [0x39, 0x02, 0x05, 0xDC]                                   // 57: 1500
        expected += [0xFF]                                                     // End
        XCTAssertEqual(expected.count, 262)
        expected += [UInt8](repeating: 0, count: 300 - 262)                    // pad to BOOTP's 300
        XCTAssertEqual(DHCPMessageSerializer.serialize(discover), expected)
    }

    func testParsesHandBuiltAck() throws {
        var bytes = Self.fixedHeader(op: 2, yiaddr: [192, 0, 2, 10]) + Self.cookie
        bytes += [53, 1, 5]                                  // DHCPACK
        bytes += [54, 4, 192, 0, 2, 1]                       // server identifier
        bytes += [51, 4, 0x00, 0x00, 0x0E, 0x10]             // lease 3600 s
        bytes += [1, 4, 255, 255, 255, 0]                    // subnet mask
        bytes += [3, 8, 192, 0, 2, 1, 192, 0, 2, 2]          // two routers
        bytes += [6, 4, 198, 51, 100, 53]                    // DNS
        bytes += [15, 12] + Array("example.net\0".utf8)      // domain with a stray NUL
        bytes += [26, 2, 0x05, 0xDC, 28, 4, 192, 0, 2, 255]  // MTU 1500, broadcast
        bytes += [121, 13, 24, 198, 51, 100, 192, 0, 2, 1,   // 198.51.100.0/24 via .1
                  0, 192, 0, 2, 2]                           // default via .2
        bytes += [0, 0, 200, 2, 0xAB, 0xCD, 0xFF]            // pads, unknown 200, End
        let message = try DHCPMessageParser.parse(bytes)
        XCTAssertEqual(message.operation, .bootReply)
        XCTAssertEqual(message.transactionID, 0x1234_5678)
        XCTAssertEqual(message.clientHardwareAddress, Self.mac)
        XCTAssertEqual(message.yourAddress, IPv4Address(192, 0, 2, 10))
        XCTAssertEqual(message.messageType, .ack)
        XCTAssertEqual(message.serverIdentifier, IPv4Address(192, 0, 2, 1))
        XCTAssertEqual(message.leaseTime, 3600)
        XCTAssertEqual(message.subnetMask, IPv4Address(255, 255, 255, 0))
        XCTAssertEqual(message.routers, [IPv4Address(192, 0, 2, 1), IPv4Address(192, 0, 2, 2)])
        XCTAssertEqual(message.domainNameServers, [IPv4Address(198, 51, 100, 53)])
        XCTAssertEqual(message.domainName, "example.net")
        XCTAssertEqual(message.interfaceMTU, 1500)
        XCTAssertEqual(message.broadcastAddress, IPv4Address(192, 0, 2, 255))
        XCTAssertEqual(message.classlessStaticRoutes, [
            ClasslessRoute(destination: IPv4Address(198, 51, 100, 0), prefixLength: 24, router: IPv4Address(192, 0, 2, 1)),
            ClasslessRoute(destination: .any, prefixLength: 0, router: IPv4Address(192, 0, 2, 2)),
        ])
        XCTAssertEqual(message.options.last, .other(code: 200, data: [0xAB, 0xCD]))
        XCTAssertNil(message.renewalTime)
    }

    func testRoundTripOfEveryTypedOption() throws {
        let message = DHCPMessage(
            operation: .bootReply, transactionID: 0xDEAD_BEEF, clientHardwareAddress: Self.mac, hops: 1,
            secondsElapsed: 65535, clientAddress: IPv4Address(10, 0, 0, 1), yourAddress: IPv4Address(10, 0, 0, 2),
            serverAddress: IPv4Address(10, 0, 0, 3), relayAgentAddress: IPv4Address(10, 0, 0, 4),
            serverName: Array("boot".utf8), bootFileName: Array("pxelinux.0".utf8),
            options: [.messageType(.offer), .subnetMask(IPv4Address(255, 0, 0, 0)), .routers([IPv4Address(10, 0, 0, 1)]),
                      .domainNameServers([IPv4Address(10, 0, 0, 53), IPv4Address(10, 0, 0, 54)]),
                      .hostName("client"), .domainName("lan"), .interfaceMTU(9000),
                      .broadcastAddress(IPv4Address(10, 255, 255, 255)), .requestedAddress(IPv4Address(10, 0, 0, 2)),
                      .leaseTime(DHCPOption.infiniteLease), .serverIdentifier(IPv4Address(10, 0, 0, 3)),
                      .parameterRequestList([1, 3]), .message("no"), .maximumMessageSize(576),
                      .renewalTime(100), .rebindingTime(175), .clientIdentifier([0, 1, 2]),
                      .classlessStaticRoutes([ClasslessRoute(destination: IPv4Address(10, 128, 0, 0), prefixLength: 9,
                                                             router: IPv4Address(10, 0, 0, 1))]),
                      .other(code: 224, data: [])])
        XCTAssertEqual(try DHCPMessageParser.parse(DHCPMessageSerializer.serialize(message)), message)
    }

    /// Option 52 = 3: options continue in 'file' and then in 'sname'.
    func testParsesOverloadedFileAndServerName() throws {
        let file: [UInt8] = [54, 4, 192, 0, 2, 1, 0xFF]
        let sname: [UInt8] = [51, 4, 0, 0, 0x0E, 0x10, 0, 0]   // no End: the field's end ends it
        var bytes = Self.fixedHeader(op: 2, yiaddr: [192, 0, 2, 10], sname: sname, file: file) + Self.cookie
        bytes += [53, 1, 2, 52, 1, 3, 0xFF]
        let message = try DHCPMessageParser.parse(bytes)
        XCTAssertEqual(message.options, [.messageType(.offer), .serverIdentifier(IPv4Address(192, 0, 2, 1)),
                                         .leaseTime(3600)])
        XCTAssertEqual(message.serverName, [])
        XCTAssertEqual(message.bootFileName, [])
    }

    func testServerNameKeptWhenOnlyFileIsOverloaded() throws {
        var bytes = Self.fixedHeader(op: 2, sname: Array("srv".utf8), file: [54, 4, 1, 2, 3, 4, 0xFF]) + Self.cookie
        bytes += [52, 1, 1, 53, 1, 2, 0xFF]
        let message = try DHCPMessageParser.parse(bytes)
        XCTAssertEqual(message.serverName, Array("srv".utf8))
        XCTAssertEqual(message.serverIdentifier, IPv4Address(1, 2, 3, 4))
    }

    /// RFC 3396: repeated codes are concatenated; long values are split.
    func testSplitsAndConcatenatesLongOptions() throws {
        let servers = (1...70).map { IPv4Address(10, 0, 0, UInt8($0)) }   // 280 bytes of value
        let message = DHCPMessage(operation: .bootReply, transactionID: 1, clientHardwareAddress: Self.mac,
                                  options: [.messageType(.ack), .domainNameServers(servers)])
        let bytes = DHCPMessageSerializer.serialize(message)
        XCTAssertEqual(Array(bytes[243...244]), [6, 255])
        XCTAssertEqual(Array(bytes[500...501]), [6, 25])
        XCTAssertEqual(try DHCPMessageParser.parse(bytes).domainNameServers, servers)
    }

    func testConcatenatesSplitOptionEvenAcrossOtherOptions() throws {
        var bytes = Self.fixedHeader(op: 2) + Self.cookie
        bytes += [6, 2, 10, 0, 53, 1, 5, 6, 2, 0, 1, 0xFF]
        let message = try DHCPMessageParser.parse(bytes)
        XCTAssertEqual(message.options, [.domainNameServers([IPv4Address(10, 0, 0, 1)]), .messageType(.ack)])
    }

    func testSerializesBroadcastFlagAndLongMessagesWithoutPadding() {
        var message = DHCPMessage(operation: .bootRequest, transactionID: 1, clientHardwareAddress: Self.mac,
                                  options: [.messageType(.request), .other(code: 224, data: Array(repeating: 7, count: 100))])
        XCTAssertFalse(message.broadcast)
        message.broadcast = true
        XCTAssertEqual(message.flags, 0x8000)
        let bytes = DHCPMessageSerializer.serialize(message)
        XCTAssertEqual(bytes.count, 240 + 3 + 102 + 1)
        XCTAssertEqual(bytes.last, 0xFF)
    }
}
