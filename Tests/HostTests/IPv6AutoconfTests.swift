import Netlink
import XCTest
@testable import Host

/// What the IPv6 layer builds itself: the router solicitation it sends and
/// the prefixes whose routes it removes.
final class IPv6AutoconfTests: XCTestCase {
    func testRouterSolicitationCarriesTheLinkLayerAddressOption() {
        let mac: [UInt8] = [0x02, 0x00, 0x5e, 0x10, 0x20, 0x30]
        XCTAssertEqual(RouterSolicitation.message(sourceLinkLayerAddress: mac),
                       [133, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30])
        // No option without a 48-bit address (a TUN device, a malformed one).
        XCTAssertEqual(RouterSolicitation.message(sourceLinkLayerAddress: nil), [133, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(RouterSolicitation.message(sourceLinkLayerAddress: [1, 2, 3]), [133, 0, 0, 0, 0, 0, 0, 0])
    }

    func testNetworkOfAnAddress() {
        XCTAssertEqual(IPv6Math.network("fd00:77::985a:bdff:fede:b7a8", prefixLength: 64), "fd00:77::/64")
        XCTAssertEqual(IPv6Math.network("2001:db8:ab:cdef::1", prefixLength: 52), "2001:db8:ab:c000::/52")
        XCTAssertEqual(IPv6Math.network("2001:db8::1", prefixLength: 128), "2001:db8::1/128")
        XCTAssertEqual(IPv6Math.network("2001:db8::1", prefixLength: 0), "::/0")
        XCTAssertNil(IPv6Math.network("2001:db8::1", prefixLength: 129))
        XCTAssertNil(IPv6Math.network("2001:db8::1", prefixLength: -1))
        XCTAssertNil(IPv6Math.network("192.0.2.1", prefixLength: 24))
        XCTAssertNil(IPv6Math.network("fd00::1/64", prefixLength: 64))
    }

    func testEthernetAddressOfALink() {
        func link(_ address: String) -> Link {
            Link(index: 2, name: "eth0", hardwareType: 1, address: address, kind: "", flags: 0)
        }
        XCTAssertEqual(link("02:00:5e:10:20:3f").ethernetAddress, [0x02, 0x00, 0x5e, 0x10, 0x20, 0x3f])
        XCTAssertNil(link("").ethernetAddress)
        XCTAssertNil(link("02:00:5e:10:20").ethernetAddress)
        XCTAssertNil(link("02:00:5e:10:20:30:40").ethernetAddress)
        XCTAssertNil(link("02:00:5e:10:20:zz").ethernetAddress)
        XCTAssertNil(link("2:00:5e:10:20:30").ethernetAddress, "not how the kernel's address is written")
    }
}
