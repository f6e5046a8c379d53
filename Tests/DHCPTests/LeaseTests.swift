import XCTest
@testable import DHCP

/// What an ACK grants (`DHCPLease.granted`) and the address helpers it uses.
final class LeaseTests: XCTestCase {
    private let sentAt = Duration.seconds(50)

    private func ack(_ options: [DHCPOption], address: IPv4Address = IPv4Address(10, 1, 2, 3)) -> DHCPMessage {
        DHCPMessage(operation: .bootReply, transactionID: 1, clientHardwareAddress: [2, 0, 0, 0, 0, 1],
                    yourAddress: address,
                    options: [.messageType(.ack), .serverIdentifier(IPv4Address(10, 0, 0, 1))] + options)
    }

    func testLeaseCarriesEveryParameterAndCountsFromTheRequest() throws {
        let route = ClasslessRoute(destination: IPv4Address(172, 16, 0, 0), prefixLength: 12,
                                   router: IPv4Address(10, 0, 0, 254))
        let (lease, defaulted) = try DHCPLease.granted(by: ack([
            .leaseTime(100), .renewalTime(40), .rebindingTime(80), .subnetMask(IPv4Address(255, 255, 240, 0)),
            .routers([IPv4Address(10, 0, 0, 1)]), .domainNameServers([IPv4Address(10, 0, 0, 53)]),
            .domainName("corp"), .hostName("me"), .broadcastAddress(IPv4Address(10, 1, 15, 255)),
            .interfaceMTU(1400), .classlessStaticRoutes([route]),
        ]), requestSentAt: sentAt)
        XCTAssertFalse(defaulted)
        XCTAssertEqual(lease.prefixLength, 20)
        XCTAssertEqual(lease.mtu, 1400)
        XCTAssertEqual(lease.hostName, "me")
        XCTAssertEqual(lease.broadcastAddress, IPv4Address(10, 1, 15, 255))
        XCTAssertEqual(lease.classlessStaticRoutes, [route])
        XCTAssertEqual(lease.serverIdentifier, IPv4Address(10, 0, 0, 1))
        XCTAssertEqual(lease.renewAt, .seconds(90))
        XCTAssertEqual(lease.rebindAt, .seconds(130))
        XCTAssertEqual(lease.expiresAt, .seconds(150))
    }

    func testPrefixFallsBackToTheAddressClass() throws {
        let cases: [(IPv4Address, IPv4Address?, Int)] = [
            (IPv4Address(10, 1, 2, 3), nil, 8),
            (IPv4Address(172, 16, 2, 3), nil, 16),
            (IPv4Address(192, 168, 2, 3), nil, 24),
            (IPv4Address(192, 168, 2, 3), IPv4Address(255, 0, 255, 0), 24),  // a mask with holes
        ]
        for (address, mask, prefix) in cases {
            let options: [DHCPOption] = [.leaseTime(60)] + (mask.map { [.subnetMask($0)] } ?? [])
            XCTAssertEqual(try DHCPLease.granted(by: ack(options, address: address), requestSentAt: sentAt)
                            .lease.prefixLength, prefix, "\(address) \(String(describing: mask))")
        }
    }

    func testInfiniteLeaseHasNoDeadlines() throws {
        let lease = try DHCPLease.granted(by: ack([.leaseTime(.max), .renewalTime(10)]), requestSentAt: sentAt).lease
        XCTAssertNil(lease.leaseTime)
        XCTAssertNil(lease.renewAt)
        XCTAssertNil(lease.deadlines)
    }

    func testUnusableAcks() {
        func reason(_ message: DHCPMessage) -> DHCPClientEvent.IgnoredReason? {
            do {
                _ = try DHCPLease.granted(by: message, requestSentAt: sentAt)
                return nil
            } catch {
                return error
            }
        }
        XCTAssertEqual(reason(ack([])), .noLeaseTime)
        XCTAssertEqual(reason(ack([.leaseTime(0)])), .noLeaseTime)
        XCTAssertEqual(reason(ack([.leaseTime(60)], address: .any)), .noAddress)
        XCTAssertEqual(reason(ack([.leaseTime(60)], address: IPv4Address(127, 0, 0, 1))), .noAddress)
        XCTAssertEqual(reason(ack([.leaseTime(60)], address: IPv4Address(224, 0, 0, 1))), .noAddress)
        var noServer = ack([.leaseTime(60)])
        noServer.options.removeAll { $0.code == DHCPOption.Code.serverIdentifier }
        XCTAssertEqual(reason(noServer), .noServerIdentifier)
    }

    func testShortLeaseDefaultsKeepSubsecondPrecision() throws {
        let lease = try DHCPLease.granted(by: ack([.leaseTime(1)]), requestSentAt: sentAt).lease
        XCTAssertEqual(lease.renewalTime, .milliseconds(500))
        XCTAssertEqual(lease.rebindingTime, .milliseconds(875))
    }

    func testAddressText() {
        XCTAssertEqual(IPv4Address("192.0.2.1"), IPv4Address(192, 0, 2, 1))
        XCTAssertEqual(IPv4Address(192, 0, 2, 1).description, "192.0.2.1")
        XCTAssertEqual(IPv4Address("0.0.0.0"), .any)
        for bad in ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "a.b.c.d", "1.2.3.4 ", "+1.2.3.4", "0001.2.3.4", "01.2.3.4", "1.2.3.٤"] {
            XCTAssertNil(IPv4Address(bad), bad)
        }
    }

    func testMaskPrefixLengths() {
        XCTAssertEqual(IPv4Address(255, 255, 255, 0).prefixLengthOfMask, 24)
        XCTAssertEqual(IPv4Address.any.prefixLengthOfMask, 0)
        XCTAssertEqual(IPv4Address.broadcast.prefixLengthOfMask, 32)
        XCTAssertEqual(IPv4Address(255, 255, 255, 254).prefixLengthOfMask, 31)
        XCTAssertNil(IPv4Address(255, 0, 255, 0).prefixLengthOfMask)
        XCTAssertNil(IPv4Address(0, 255, 255, 255).prefixLengthOfMask)
        XCTAssertEqual(IPv4Address.mask(prefixLength: 20), IPv4Address(255, 255, 240, 0))
    }
}
