import XCTest
@testable import DHCP

/// IPv4 + UDP framing for the raw-socket path: byte-exact output, checksums,
/// the "don't verify" rule, and every rejection of the parser.
final class UDPDatagramTests: XCTestCase {
    /// 0.0.0.0:68 → 255.255.255.255:67 carrying 01 02 03, written by hand
    /// from RFC 791/768; checksums worked out on paper (RFC 1071 sums).
    private let handBuiltFrame: [UInt8] = [
        0x45, 0x00, 0x00, 0x1F,  // version 4, IHL 5; TOS 0; total length 31
        0x00, 0x00, 0x00, 0x00,  // id 0; no flags, offset 0
        0x40, 0x11, 0x7A, 0xCF,  // TTL 64, UDP; header checksum
        0x00, 0x00, 0x00, 0x00,  // source 0.0.0.0
        0xFF, 0xFF, 0xFF, 0xFF,  // destination 255.255.255.255
        0x00, 0x44, 0x00, 0x43,  // ports 68 → 67
        0x00, 0x0B, 0xFB, 0x4F,  // UDP length 11, checksum
        0x01, 0x02, 0x03,
    ]

    func testRFC1071Example() {
        XCTAssertEqual(InternetChecksum.of([0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7]), 0x220D)
        XCTAssertEqual(InternetChecksum.of([0x01]), ~UInt16(0x0100), "odd byte padded with zero")
    }

    func testChecksumAddedInPiecesEqualsWhole() {
        let bytes: [UInt8] = Array(0...40)
        var pieces = InternetChecksum()
        pieces.add(bytes[0..<3])
        pieces.add(bytes[3..<10])
        pieces.add(bytes[10...])
        XCTAssertEqual(pieces.value, InternetChecksum.of(bytes))
    }

    func testSerializesBroadcastFrameByteExact() {
        XCTAssertEqual(UDPDatagramSerializer.serialize(.toServers(payload: [1, 2, 3])), handBuiltFrame)
    }

    func testParsesHandBuiltFrameVerifyingChecksums() throws {
        let datagram = try UDPDatagramParser.parse(handBuiltFrame, verifyUDPChecksum: true)
        XCTAssertEqual(datagram, .toServers(payload: [1, 2, 3]))
    }

    func testRoundTripWithSourceAddressAndEvenPayload() throws {
        let datagram = UDPDatagram(source: IPv4Address(192, 0, 2, 10), destination: IPv4Address(192, 0, 2, 1),
                                   sourcePort: 68, destinationPort: 67, payload: Array(0..<200))
        let bytes = UDPDatagramSerializer.serialize(datagram)
        XCTAssertEqual(try UDPDatagramParser.parse(bytes, verifyUDPChecksum: true), datagram)
    }

    func testIgnoresEthernetPaddingAfterTotalLength() throws {
        let padded = handBuiltFrame + [UInt8](repeating: 0, count: 15)
        XCTAssertEqual(try UDPDatagramParser.parse(padded, verifyUDPChecksum: true).payload, [1, 2, 3])
    }

    func testAcceptsHeaderWithIPOptions() throws {
        var frame = handBuiltFrame
        frame[0] = 0x46
        frame.insert(contentsOf: [0x01, 0x01, 0x01, 0x00], at: 20)  // NOP, NOP, NOP, end of options
        frame[3] = 35
        fixIPv4HeaderChecksum(&frame, headerLength: 24)
        XCTAssertEqual(try UDPDatagramParser.parse(frame, verifyUDPChecksum: true).payload, [1, 2, 3])
    }

    // MARK: UDP checksum rules

    func testWrongUDPChecksumRejectedOnlyWhenVerifying() throws {
        var frame = handBuiltFrame
        frame[27] ^= 0x01
        XCTAssertThrowsError(try UDPDatagramParser.parse(frame, verifyUDPChecksum: true)) {
            XCTAssertEqual($0 as? DHCPError, .badUDPChecksum)
        }
        XCTAssertEqual(try UDPDatagramParser.parse(frame, verifyUDPChecksum: false).payload, [1, 2, 3])
    }

    func testZeroUDPChecksumMeansNoneEvenWhenVerifying() throws {
        var frame = handBuiltFrame
        frame[26] = 0
        frame[27] = 0
        XCTAssertEqual(try UDPDatagramParser.parse(frame, verifyUDPChecksum: true).payload, [1, 2, 3])
    }

    /// What a DHCP server on a veth peer sends with default offload: the UDP
    /// checksum field holds only the pseudo-header partial sum.  Verifying
    /// would drop it; the kernel flags it CSUMNOTREADY, so we do not verify.
    func testVethPartialChecksumPassesWhenKernelSaysNotReady() throws {
        var frame = handBuiltFrame
        let partial = ~IPv4UDPLayout.pseudoHeaderChecksum(source: .any, destination: .broadcast, udpLength: 11).value
        frame[26] = UInt8(partial >> 8)
        frame[27] = UInt8(partial & 0xFF)
        XCTAssertThrowsError(try UDPDatagramParser.parse(frame, verifyUDPChecksum: true))
        let verify = UDPChecksumPolicy.shouldVerify(packetStatus: UDPChecksumPolicy.statusChecksumNotReady | 1)
        XCTAssertFalse(verify)
        XCTAssertEqual(try UDPDatagramParser.parse(frame, verifyUDPChecksum: verify).payload, [1, 2, 3])
    }

    func testChecksumPolicyFromPacketStatus() {
        XCTAssertTrue(UDPChecksumPolicy.shouldVerify(packetStatus: 0))
        XCTAssertTrue(UDPChecksumPolicy.shouldVerify(packetStatus: 1 << 4), "VLAN_VALID alone says nothing")
        XCTAssertFalse(UDPChecksumPolicy.shouldVerify(packetStatus: 1 << 3), "CSUMNOTREADY")
        XCTAssertFalse(UDPChecksumPolicy.shouldVerify(packetStatus: 1 << 7), "CSUM_VALID")
    }

    func testComputedZeroChecksumIsSentAsAllOnes() throws {
        // Search a 2-byte payload whose checksum computes to zero.
        for value in 0...0xFFFF {
            let payload = [UInt8(value >> 8), UInt8(value & 0xFF)]
            let frame = UDPDatagramSerializer.serialize(.toServers(payload: payload))
            if frame[26] == 0xFF && frame[27] == 0xFF {
                XCTAssertEqual(try UDPDatagramParser.parse(frame, verifyUDPChecksum: true).payload, payload)
                return
            }
            XCTAssertFalse(frame[26] == 0 && frame[27] == 0, "a zero checksum must never be sent")
        }
        XCTFail("no payload with a zero checksum found")
    }

    // MARK: rejections

    func testRejections() {
        func expect(_ error: DHCPError, _ frame: [UInt8], verify: Bool = true, line: UInt = #line) {
            XCTAssertThrowsError(try UDPDatagramParser.parse(frame, verifyUDPChecksum: verify), line: line) {
                XCTAssertEqual($0 as? DHCPError, error, line: line)
            }
        }
        var frame: [UInt8]
        expect(.truncated("IPv4 header"), [])
        expect(.truncated("IPv4 header"), Array(handBuiltFrame.prefix(19)))

        frame = handBuiltFrame; frame[0] = 0x65
        expect(.notIPv4, frame)
        frame = handBuiltFrame; frame[0] = 0x44
        expect(.notIPv4, frame)
        frame = handBuiltFrame; frame[0] = 0x4F  // 60-byte header in a 31-byte frame
        expect(.truncated("IPv4 header"), frame)

        frame = handBuiltFrame; frame[2] = 0xFF; fixIPv4HeaderChecksum(&frame)  // total length past the end
        expect(.truncated("IPv4 datagram"), frame)
        frame = handBuiltFrame; frame[3] = 10; fixIPv4HeaderChecksum(&frame)  // total length inside the header
        expect(.truncated("IPv4 datagram"), frame)

        frame = handBuiltFrame; frame[11] ^= 0xFF
        expect(.badIPv4HeaderChecksum, frame)

        frame = handBuiltFrame; frame[6] = 0x20; fixIPv4HeaderChecksum(&frame)  // more fragments
        expect(.fragmented, frame)
        frame = handBuiltFrame; frame[7] = 0x01; fixIPv4HeaderChecksum(&frame)  // offset 8
        expect(.fragmented, frame)
        frame = handBuiltFrame; frame[6] = 0x40; fixIPv4HeaderChecksum(&frame)  // DF alone is fine
        XCTAssertNoThrow(try UDPDatagramParser.parse(frame, verifyUDPChecksum: true))

        frame = handBuiltFrame; frame[9] = 6; fixIPv4HeaderChecksum(&frame)
        expect(.notUDP(protocolNumber: 6), frame)

        frame = handBuiltFrame; frame[3] = 24; fixIPv4HeaderChecksum(&frame)  // 4 bytes of UDP header
        expect(.truncated("UDP header"), Array(frame.prefix(24)))
        frame = handBuiltFrame; frame[25] = 7
        expect(.badUDPLength, frame, verify: false)
        frame = handBuiltFrame; frame[25] = 12
        expect(.badUDPLength, frame, verify: false)
    }

    private func fixIPv4HeaderChecksum(_ frame: inout [UInt8], headerLength: Int = 20) {
        frame[10] = 0
        frame[11] = 0
        let checksum = InternetChecksum.of(frame[0..<headerLength])
        frame[10] = UInt8(checksum >> 8)
        frame[11] = UInt8(checksum & 0xFF)
    }
}

/// The adapter's one-call path: message → broadcast frame → message.
final class DHCPFrameTests: XCTestCase {
    private let mac: [UInt8] = [2, 0, 0, 0, 0, 1]

    func testBroadcastFrameUsesCiaddrAsSourceAndRoundTrips() throws {
        var message = DHCPMessage(operation: .bootRequest, transactionID: 9, clientHardwareAddress: mac,
                                  options: [.messageType(.discover)])
        var frame = DHCPFrame.broadcast(message)
        XCTAssertEqual(Array(frame[12..<20]), [0, 0, 0, 0, 255, 255, 255, 255])
        XCTAssertEqual(Array(frame[20..<24]), [0, 68, 0, 67])

        message.clientAddress = IPv4Address(192, 0, 2, 100)
        frame = DHCPFrame.broadcast(message)
        XCTAssertEqual(Array(frame[12..<16]), [192, 0, 2, 100], "rebinding: from our address")
        // A client's own frame is on port 67; turn it into a reply to port 68 to read it back.
        var datagram = try UDPDatagramParser.parse(frame, verifyUDPChecksum: true)
        XCTAssertThrowsError(try DHCPFrame.clientMessage(in: frame, packetStatus: 0)) {
            XCTAssertEqual($0 as? DHCPError, .notForClientPort(67))
        }
        swap(&datagram.sourcePort, &datagram.destinationPort)
        let reply = UDPDatagramSerializer.serialize(datagram)
        XCTAssertEqual(try DHCPFrame.clientMessage(in: reply, packetStatus: 0), message)
    }

    func testOffloadedChecksumAcceptedOnlyWithKernelStatus() throws {
        let payload = DHCPMessageSerializer.serialize(
            DHCPMessage(operation: .bootReply, transactionID: 9, clientHardwareAddress: mac,
                        options: [.messageType(.offer)]))
        var frame = UDPDatagramSerializer.serialize(
            UDPDatagram(source: IPv4Address(192, 0, 2, 1), destination: .broadcast, sourcePort: 67,
                        destinationPort: 68, payload: payload))
        frame[26] ^= 0x5A  // as good as the partial sum a veth peer leaves
        XCTAssertThrowsError(try DHCPFrame.clientMessage(in: frame, packetStatus: 0))
        XCTAssertEqual(try DHCPFrame.clientMessage(in: frame, packetStatus: UDPChecksumPolicy.statusChecksumNotReady)
                        .messageType, .offer)
        XCTAssertEqual(try DHCPFrame.clientMessage(in: frame, packetStatus: UDPChecksumPolicy.statusChecksumValid)
                        .messageType, .offer)
    }
}
