import CNL80211
import XCTest

@testable import NL80211

/// nl80211 messages as the kernel would send them, built with our writer
/// and read back with our parsers; and bytes that are not messages at all.
final class NL80211ParsingTests: XCTestCase {
    /// A whole netlink message (nlmsghdr + genlmsghdr + attributes).
    private func message(_ command: nl80211_commands, _ build: (inout NetlinkAttributeWriter) -> Void) -> [UInt8] {
        var writer = NetlinkAttributeWriter()
        build(&writer)
        return NL80211Socket.encode(family: 0x1C, command: command, flags: 0, sequence: 7, attributes: writer.bytes)
    }

    func testAttributesRoundTripWithPaddingAndNesting() {
        var writer = NetlinkAttributeWriter()
        writer.u8(1, 0xAB)
        writer.u16(2, 0x1234)
        writer.u32(3, 0xDEAD_BEEF)
        writer.u64(4, 0x0102_0304_0506_0708)
        writer.string(5, "wlan0")
        writer.flag(6)
        writer.list(7, [[1, 2, 3], [4]])
        XCTAssertEqual(writer.bytes.count % 4, 0)
        let attributes = NetlinkAttributes(writer.bytes)
        XCTAssertEqual(attributes.u8(1), 0xAB)
        XCTAssertEqual(attributes.u16(2), 0x1234)
        XCTAssertEqual(attributes.u32(3), 0xDEAD_BEEF)
        XCTAssertEqual(attributes.u64(4), 0x0102_0304_0506_0708)
        XCTAssertEqual(attributes.string(5), "wlan0")
        XCTAssertTrue(attributes.has(6))
        XCTAssertEqual(attributes.nested(7)?.ordered.map { Array($0.payload) }, [[1, 2, 3], [4]])
        XCTAssertNil(attributes.u32(1), "a u8 payload is too short for a u32")
    }

    func testTruncatedAttributesStopTheWalkWithoutTrapping() {
        var writer = NetlinkAttributeWriter()
        writer.u32(1, 10)
        writer.string(2, "a longer string attribute")
        let bytes = writer.bytes
        let stringEnd = 8 + 4 + 26  // the second attribute without its trailing padding
        for length in 0...bytes.count {
            let attributes = NetlinkAttributes(Array(bytes.prefix(length)))
            XCTAssertEqual(attributes.u32(1), length >= 8 ? 10 : nil)
            XCTAssertEqual(attributes.string(2), length >= stringEnd ? "a longer string attribute" : nil)
        }
        // A length field smaller than the header, or past the end.
        XCTAssertTrue(NetlinkAttributes([2, 0, 1, 0, 0, 0, 0, 0]).ordered.isEmpty)
        XCTAssertTrue(NetlinkAttributes([200, 0, 1, 0, 0, 0, 0, 0]).ordered.isEmpty)
    }

    func testScanEntryIsReadFromItsNestedBSSAttribute() throws {
        let ies: [UInt8] = [0, 4] + Array("open".utf8) + [1, 1, 0x82]
        let bytes = message(NL80211_CMD_NEW_SCAN_RESULTS) { writer in
            writer.u32(NL80211_ATTR_IFINDEX, 3)
            writer.nested(NL80211_ATTR_BSS) { bss in
                bss.put(NL80211_BSS_BSSID.rawValue, [2, 0, 0, 0, 1, 0])
                bss.u32(NL80211_BSS_FREQUENCY.rawValue, 2412)
                bss.u32(NL80211_BSS_SIGNAL_MBM.rawValue, UInt32(bitPattern: -4500))
                bss.u16(NL80211_BSS_CAPABILITY.rawValue, 0x0411)
                bss.put(NL80211_BSS_INFORMATION_ELEMENTS.rawValue, ies)
                bss.u32(NL80211_BSS_STATUS.rawValue, NL80211_BSS_STATUS_ASSOCIATED.rawValue)
            }
        }
        let parsed = try XCTUnwrap(NL80211Message(netlinkMessage: bytes))
        XCTAssertTrue(parsed.is(NL80211_CMD_NEW_SCAN_RESULTS))
        let bss = try XCTUnwrap(BSS(parsed))
        XCTAssertEqual(bss.bssid, [0x02, 0x00, 0x00, 0x00, 0x01, 0x00])
        XCTAssertEqual(bss.frequency, 2412)
        XCTAssertEqual(bss.signal, -4500)
        XCTAssertEqual(bss.strength, 100, "-45 dBm is full strength")
        XCTAssertTrue(bss.privacy)
        XCTAssertTrue(bss.associated)
        XCTAssertEqual(bss.informationElements, ies)
    }

    func testStrengthScaleFromMinus100To50dBm() throws {
        for (mBm, strength) in [(-10000, 0), (-9000, 20), (-7500, 50), (-5000, 100), (-11000, 0)] {
            let bytes = message(NL80211_CMD_NEW_SCAN_RESULTS) { writer in
                writer.nested(NL80211_ATTR_BSS) { bss in
                    bss.put(NL80211_BSS_BSSID.rawValue, [2, 0, 0, 0, 1, 0])
                    bss.u32(NL80211_BSS_FREQUENCY.rawValue, 2412)
                    bss.u32(NL80211_BSS_SIGNAL_MBM.rawValue, UInt32(bitPattern: Int32(mBm)))
                }
            }
            XCTAssertEqual(try XCTUnwrap(BSS(XCTUnwrap(NL80211Message(netlinkMessage: bytes)))).strength, UInt8(strength))
        }
    }

    func testSplitWiphyDumpMergesBandsSkipsDisabledChannelsAndKnowsWhereItMayTransmit() throws {
        let first = message(NL80211_CMD_NEW_WIPHY) { writer in
            writer.u32(NL80211_ATTR_WIPHY, 0)
            writer.string(NL80211_ATTR_WIPHY_NAME.rawValue, "phy0")
            writer.u8(NL80211_ATTR_MAX_NUM_SCAN_SSIDS, 4)
            writer.put(NL80211_ATTR_CIPHER_SUITES, [0x04, 0xAC, 0x0F, 0x00, 0x02, 0xAC, 0x0F, 0x00])
        }
        let second = message(NL80211_CMD_NEW_WIPHY) { writer in
            writer.u32(NL80211_ATTR_WIPHY, 0)
            writer.nested(NL80211_ATTR_WIPHY_BANDS) { bands in
                bands.nested(0) { band in
                    band.nested(NL80211_BAND_ATTR_FREQS.rawValue) { frequencies in
                        frequencies.nested(0) { $0.u32(NL80211_FREQUENCY_ATTR_FREQ.rawValue, 2437) }
                        frequencies.nested(1) { channel in
                            channel.u32(NL80211_FREQUENCY_ATTR_FREQ.rawValue, 2484)
                            channel.flag(NL80211_FREQUENCY_ATTR_DISABLED.rawValue)
                        }
                        frequencies.nested(2) { $0.u32(NL80211_FREQUENCY_ATTR_FREQ.rawValue, 2412) }
                    }
                }
                bands.nested(1) { band in
                    band.nested(NL80211_BAND_ATTR_FREQS.rawValue) { frequencies in
                        frequencies.nested(0) { $0.u32(NL80211_FREQUENCY_ATTR_FREQ.rawValue, 5220) }
                        frequencies.nested(1) { channel in  // passive only: heard, never the first to speak
                            channel.u32(NL80211_FREQUENCY_ATTR_FREQ.rawValue, 5745)
                            channel.flag(NL80211_FREQUENCY_ATTR_NO_IR.rawValue)
                        }
                        frequencies.nested(2) { channel in
                            channel.u32(NL80211_FREQUENCY_ATTR_FREQ.rawValue, 5260)
                            channel.flag(NL80211_FREQUENCY_ATTR_RADAR.rawValue)
                        }
                    }
                }
            }
            let bit = Int(NL80211_EXT_FEATURE_CONTROL_PORT_OVER_NL80211.rawValue)
            var features = [UInt8](repeating: 0, count: bit / 8 + 1)
            features[bit / 8] |= 1 << (bit % 8)
            writer.put(NL80211_ATTR_EXT_FEATURES, features)
        }
        var wiphy = try XCTUnwrap(Wiphy(XCTUnwrap(NL80211Message(netlinkMessage: first))))
        wiphy.merge(try XCTUnwrap(NL80211Message(netlinkMessage: second)))
        XCTAssertEqual(wiphy.name, "phy0")
        XCTAssertEqual(wiphy.frequencies, [2412, 2437, 5220, 5260, 5745])
        XCTAssertEqual(wiphy.transmitFrequencies, [2412, 2437, 5220])
        XCTAssertEqual(wiphy.cipherSuites, [0x000F_AC04, 0x000F_AC02])
        XCTAssertEqual(wiphy.maxScanSSIDs, 4)
        XCTAssertTrue(wiphy.controlPortOverNL80211)
        XCTAssertEqual(wiphy.bands, ["2.4GHz", "5GHz"])
    }

    func testMessagesShorterThanTheirHeadersAreRejected() {
        let bytes = message(NL80211_CMD_CONNECT) { $0.u32(NL80211_ATTR_IFINDEX, 3) }
        for length in 0..<20 { XCTAssertNil(NL80211Message(netlinkMessage: Array(bytes.prefix(length)))) }
        XCTAssertNotNil(NL80211Message(netlinkMessage: bytes))
    }

    func testConnectRequestCarriesWhatWPA2Needs() {
        let rsn = RSNParameters(pairwiseCipher: 0x000F_AC04, groupCipher: 0x000F_AC04, akm: 0x000F_AC02, element: [48, 2, 1, 0])
        let request = NL80211Request.connect(interface: 5, ssid: Array("net".utf8), bssid: [2, 0, 0, 0, 1, 0],
                                             frequency: 2412, rsn: rsn, controlPortOverNL80211: true)
        let attributes = NetlinkAttributes(request.attributes.bytes)
        XCTAssertEqual(attributes.u32(NL80211_ATTR_IFINDEX), 5)
        XCTAssertEqual(attributes.bytes(NL80211_ATTR_SSID), Array("net".utf8))
        XCTAssertEqual(attributes.u32(NL80211_ATTR_CIPHER_SUITES_PAIRWISE), 0x000F_AC04)
        XCTAssertEqual(attributes.u32(NL80211_ATTR_AKM_SUITES), 0x000F_AC02)
        XCTAssertEqual(attributes.u16(NL80211_ATTR_CONTROL_PORT_ETHERTYPE), 0x888E)
        XCTAssertTrue(attributes.has(NL80211_ATTR_CONTROL_PORT_OVER_NL80211))
        XCTAssertTrue(attributes.has(NL80211_ATTR_SOCKET_OWNER))
        XCTAssertEqual(attributes.bytes(NL80211_ATTR_IE), [48, 2, 1, 0])
        let open = NL80211Request.connect(interface: 5, ssid: Array("net".utf8), bssid: [2, 0, 0, 0, 1, 0],
                                          frequency: 2412, rsn: nil, controlPortOverNL80211: true)
        XCTAssertFalse(NetlinkAttributes(open.attributes.bytes).has(NL80211_ATTR_CONTROL_PORT))
    }
}
