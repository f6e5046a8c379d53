import XCTest
@testable import WPA

final class KeyDataTests: XCTestCase {
    func testKDELayouts() {
        let gtk = KeyDataItem.groupKey(GroupKeyKDE(keyIndex: 2, transmit: true, key: [UInt8](repeating: 0x11, count: 16)))
        XCTAssertEqual(KeyData.serialize([gtk]),
                       [0xDD, 22, 0x00, 0x0F, 0xAC, 1, 0x06, 0] + [UInt8](repeating: 0x11, count: 16))
        let igtk = KeyDataItem.integrityGroupKey(IntegrityGroupKeyKDE(keyIndex: 4, packetNumber: [1, 2, 3, 4, 5, 6],
                                                                      key: [UInt8](repeating: 0x22, count: 16)))
        XCTAssertEqual(KeyData.serialize([igtk]),
                       [0xDD, 28, 0x00, 0x0F, 0xAC, 9, 4, 0, 1, 2, 3, 4, 5, 6] + [UInt8](repeating: 0x22, count: 16))
    }

    func testParseStopsAtPaddingAndKeepsUnknownItems() throws {
        let rsne = RSNElement(groupCipher: .ccmp128, pairwiseCiphers: [.ccmp128], akmSuites: [.psk]).bytes
        let vendor = InformationElement(id: 0xDD, body: [0x00, 0x50, 0xF2, 0x04, 0x01])  // another OUI
        let unknownKDE = InformationElement(id: 0xDD, body: [0x00, 0x0F, 0xAC, 0x20, 0x01])
        let items: [KeyDataItem] = [.rsn(rsne), .other(vendor), .other(unknownKDE),
                                    .groupKey(GroupKeyKDE(keyIndex: 1, transmit: false, key: [9, 9]))]
        let padded = KeyData.padded(KeyData.serialize(items))
        XCTAssertEqual(padded.count % 8, 0)
        XCTAssertEqual(try KeyData.parse(padded), items)
        // A lone 0xdd at the very end is padding too.
        XCTAssertEqual(try KeyData.parse(KeyData.serialize(items) + [0xDD]), items)
    }

    func testPaddingSizes() {
        XCTAssertEqual(KeyData.padded([]), [0xDD] + [UInt8](repeating: 0, count: 15))
        XCTAssertEqual(KeyData.padded([UInt8](repeating: 1, count: 15)), [UInt8](repeating: 1, count: 15) + [0xDD])
        XCTAssertEqual(KeyData.padded([UInt8](repeating: 1, count: 16)).count, 16)
        XCTAssertEqual(KeyData.padded([UInt8](repeating: 1, count: 17)).count, 24)
        XCTAssertEqual(KeyData.padded([UInt8](repeating: 1, count: 24)).count, 24)
    }

    func testTruncatedItemsThrow() {
        XCTAssertThrowsError(try KeyData.parse([0x30]))  // an RSNE with no length
        XCTAssertThrowsError(try KeyData.parse([0x30, 4, 1, 0]))  // length past the end
        XCTAssertThrowsError(try KeyData.parse([0xDD, 5, 0x00, 0x0F, 0xAC, 1, 0]))  // GTK KDE without its reserved octet
        XCTAssertThrowsError(try KeyData.parse([0xDD, 10, 0x00, 0x0F, 0xAC, 9, 4, 0, 1, 2, 3, 4]))  // IGTK KDE short IPN
        XCTAssertThrowsError(try KeyData.parse([0xDD, 8, 0x00, 0x0F, 0xAC, 4, 1, 2, 3, 4]))  // PMKID short
    }
}
