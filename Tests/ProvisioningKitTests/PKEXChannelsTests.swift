@testable import ProvisioningKit
import XCTest

/// Where a shared-code enrollee sends its exchange requests, in turn.
final class PKEXChannelsTests: XCTestCase {
    private let dualBand: [UInt32] = [2412, 2437, 2462, 5180, 5200, 5220, 5240, 5745, 5765]

    func testSeenNetworksFirstThenChannel6Then149Then44() {
        XCTAssertEqual(PKEXChannels.searchOrder(seen: [2412, 5180], transmit: dualBand), [2412, 5180, 2437, 5745, 5220])
        XCTAssertEqual(PKEXChannels.searchOrder(seen: [], transmit: dualBand), [2437, 5745, 5220])
    }

    func testADefaultChannelTheRadioMayNotTransmitOnIsLeftOut() {
        // A domain where 5 GHz channel 149 is passive only and 44 is not.
        let world: [UInt32] = [2412, 2437, 2462, 5180, 5220]
        XCTAssertEqual(PKEXChannels.searchOrder(seen: [], transmit: world), [2437, 5220])
        // A 5 GHz only radio.
        XCTAssertEqual(PKEXChannels.searchOrder(seen: [], transmit: [5180, 5220, 5745]), [5745, 5220])
    }

    func testASeenChannelIsKeptEvenWherePassive() {
        // A beacon heard there lets the radio answer on it; the bearer's list may predate it.
        XCTAssertEqual(PKEXChannels.searchOrder(seen: [5260], transmit: [2437]), [5260, 2437])
    }

    func testEachChannelOnceInTheOrderFirstNamed() {
        XCTAssertEqual(PKEXChannels.searchOrder(seen: [5220, 2437, 5220], transmit: dualBand), [5220, 2437, 5745])
    }

    func testWithoutAListFromTheBearerChannel6Alone() {
        XCTAssertEqual(PKEXChannels.searchOrder(seen: [], transmit: []), [2437])
        XCTAssertEqual(PKEXChannels.searchOrder(seen: [2412], transmit: []), [2412, 2437])
    }
}
