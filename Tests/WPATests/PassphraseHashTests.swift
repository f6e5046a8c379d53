import XCTest
@testable import WPA

/// Passphrase to PMK: IEEE 802.11-2020 J.4.2 (the same vectors as 802.11i-2004
/// H.4 and 802.11-2016 J.4.2; the third is quoted with its clause in
/// Fuchsia's wlan rsn crate and was checked with Python's hashlib).
final class PassphraseHashTests: XCTestCase {
    func testAnnexJ4Vectors() throws {
        XCTAssertEqual(try PassphraseHash.pmk(passphrase: "password", ssid: Array("IEEE".utf8)),
                       hex("f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e"))
        XCTAssertEqual(try PassphraseHash.pmk(passphrase: "ThisIsAPassword", ssid: Array("ThisIsASSID".utf8)),
                       hex("0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af"))
        // 32 'a's and a 32-octet SSID of 'Z's: the longest SSID.
        XCTAssertEqual(try PassphraseHash.pmk(passphrase: String(repeating: "a", count: 32),
                                              ssid: [UInt8](repeating: UInt8(ascii: "Z"), count: 32)),
                       hex("becb93866bb8c3832cb777c2f559807c8c59afcb6eae734885001300a981cc62"))
    }

    /// Wireshark's wpa-Induction.pcap network (see InductionCaptureTests).
    func testInductionCapturePMK() throws {
        XCTAssertEqual(try PassphraseHash.pmk(passphrase: "Induction", ssid: Array("Coherer".utf8)),
                       InductionCaptureTests.pmk)
    }

    func testSixtyFourHexDigitsAreThePSKItself() throws {
        let psk = "0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721AF"
        XCTAssertEqual(try PassphraseHash.pmk(passphrase: psk, ssid: []), hex(psk))
    }

    func testPassphraseRules() throws {
        let ssid = Array("net".utf8)
        for bad in ["", "1234567", String(repeating: "a", count: 65), "tab\there!", "caf\u{E9} au lait", "nul\0byte!",
                    "del\u{7F}eted!", String(repeating: "g", count: 64)] {
            XCTAssertThrowsError(try PassphraseHash.pmk(passphrase: bad, ssid: ssid), bad) {
                XCTAssertEqual($0 as? WPAError, .invalidPassphrase)
            }
        }
        XCTAssertNoThrow(try PassphraseHash.pmk(passphrase: "12345678", ssid: ssid))
        XCTAssertNoThrow(try PassphraseHash.pmk(passphrase: " ~!\"#$%&'()*+,-./", ssid: ssid))
        XCTAssertNoThrow(try PassphraseHash.pmk(passphrase: String(repeating: "a", count: 63), ssid: ssid))
        XCTAssertThrowsError(try PassphraseHash.pmk(passphrase: "12345678", ssid: [])) {
            XCTAssertEqual($0 as? WPAError, .invalidSSID)
        }
        XCTAssertThrowsError(try PassphraseHash.pmk(passphrase: "12345678", ssid: [UInt8](repeating: 1, count: 33)))
    }
}
