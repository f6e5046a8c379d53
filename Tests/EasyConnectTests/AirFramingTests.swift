import EasyConnect
import XCTest

/// What the radio adapter relies on: the 802.11 header around action frames,
/// and URI channels as frequencies.
final class AirFramingTests: XCTestCase {
    private let enrollee = try! MACAddress([0x02, 0, 0, 0, 0x02, 0])
    private let configurator = try! MACAddress([0x02, 0, 0, 0, 0, 0])

    func testWrapWritesAnActionFrameHeaderWithTheWildcardBSSID() {
        let frame = ManagementHeader.wrap([0x04, 0x09, 0xaa], to: enrollee, from: configurator)
        XCTAssertEqual(frame.count, 24 + 3)
        XCTAssertEqual(Array(frame[0..<4]), [0xd0, 0x00, 0x00, 0x00])
        XCTAssertEqual(Array(frame[4..<10]), enrollee.octets)
        XCTAssertEqual(Array(frame[10..<16]), configurator.octets)
        XCTAssertEqual(Array(frame[16..<22]), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        XCTAssertEqual(Array(frame[24...]), [0x04, 0x09, 0xaa])
    }

    func testUnwrapGivesBackTheAddressesAndBody() throws {
        var frame = ManagementHeader.wrap([0x04, 0x0b, 0x01], to: enrollee, from: configurator)
        frame[1] = 0x08  // a flag bit (retry) does not change what the frame is
        let (destination, source, body) = try XCTUnwrap(ManagementHeader.unwrap(frame))
        XCTAssertEqual(destination, enrollee)
        XCTAssertEqual(source, configurator)
        XCTAssertEqual(body, [0x04, 0x0b, 0x01])
    }

    func testUnwrapRefusesOtherFramesAndShortOnes() {
        let action = ManagementHeader.wrap([0x04], to: enrollee, from: configurator)
        var beacon = action
        beacon[0] = 0x80
        XCTAssertNil(ManagementHeader.unwrap(beacon))
        XCTAssertNil(ManagementHeader.unwrap(action.prefix(24)), "a header without a body")
        XCTAssertNil(ManagementHeader.unwrap([0xd0, 0x00]))
        XCTAssertNil(ManagementHeader.unwrap([]))
    }

    func testChannelsBecomeFrequenciesAndBack() throws {
        let cases: [(UInt8, UInt8, UInt32)] = [(81, 1, 2412), (81, 6, 2437), (81, 13, 2472), (82, 14, 2484),
                                               (115, 36, 5180), (118, 64, 5320), (121, 100, 5500),
                                               (124, 149, 5745), (125, 165, 5825)]
        for (operatingClass, number, frequency) in cases {
            let channel = try BootstrappingURI.Channel(operatingClass: operatingClass, number: number)
            XCTAssertEqual(channel.frequency, frequency, "\(operatingClass)/\(number)")
            XCTAssertEqual(BootstrappingURI.Channel(frequency: frequency), channel, "\(frequency) MHz")
        }
    }

    func testChannelsOutsideTheTableHaveNoFrequency() throws {
        for (operatingClass, number) in [(81, 14), (81, 0x30), (115, 52), (118, 36), (130, 1), (82, 1)] as [(UInt8, UInt8)] {
            XCTAssertNil(try BootstrappingURI.Channel(operatingClass: operatingClass, number: number).frequency,
                         "\(operatingClass)/\(number)")
        }
        for frequency: UInt32 in [0, 2411, 2413, 2480, 5170, 5185, 5900, 60480] {
            XCTAssertNil(BootstrappingURI.Channel(frequency: frequency), "\(frequency) MHz")
        }
    }
}
