import DHCP
import XCTest

final class ARPPacketTests: XCTestCase {
    private let ours: [UInt8] = [2, 0, 0, 0, 0, 1]
    private let theirs: [UInt8] = [2, 0, 0, 0, 0, 2]
    private let address = IPv4Address(10, 99, 0, 9)

    private func packet(operation: UInt8, sender: [UInt8], senderAddress: [UInt8], target: [UInt8]) -> [UInt8] {
        [0, 1, 8, 0, 6, 4, 0, operation] + sender + senderAddress + [UInt8](repeating: 0, count: 6) + target
    }

    func testAReplyFromAnotherHostClaimingTheAddressIsAConflict() throws {
        let reply = try XCTUnwrap(ARPPacket(packet(operation: 2, sender: theirs, senderAddress: [10, 99, 0, 9],
                                                   target: [0, 0, 0, 0])))
        XCTAssertEqual(reply.operation, .reply)
        XCTAssertTrue(reply.showsConflict(for: address, ourHardwareAddress: ours))
        XCTAssertFalse(reply.showsConflict(for: IPv4Address(10, 99, 0, 8), ourHardwareAddress: ours))
    }

    func testOurOwnPacketsAndProbesAreNot() throws {
        let own = try XCTUnwrap(ARPPacket(packet(operation: 1, sender: ours, senderAddress: [10, 99, 0, 9],
                                                 target: [10, 99, 0, 1])))
        XCTAssertFalse(own.showsConflict(for: address, ourHardwareAddress: ours))
        let probe = try XCTUnwrap(ARPPacket(packet(operation: 1, sender: theirs, senderAddress: [0, 0, 0, 0],
                                                   target: [10, 99, 0, 9])))
        XCTAssertFalse(probe.showsConflict(for: address, ourHardwareAddress: ours), "a probe claims nothing")
    }

    func testOtherPacketsDoNotParse() {
        let good = packet(operation: 2, sender: theirs, senderAddress: [10, 99, 0, 9], target: [0, 0, 0, 0])
        XCTAssertNil(ARPPacket(Array(good.prefix(27))))
        for (index, value) in [(1, UInt8(6)), (3, 0xdd), (4, 8), (5, 16), (7, 3), (6, 1)] {
            var bad = good
            bad[index] = value
            XCTAssertNil(ARPPacket(bad), "octet \(index) = \(value)")
        }
    }
}
