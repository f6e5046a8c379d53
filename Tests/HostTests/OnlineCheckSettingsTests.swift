import OnlineCheckWire
import XCTest
@testable import Host

/// The online check's `[General]` keys in main.conf.
final class OnlineCheckSettingsTests: XCTestCase {
    func testSettingsKeys() {
        var settings = OnlineCheckSettings()
        XCTAssertEqual(settings.apply(key: "OnlineCheckURL", value: "http://10.0.0.1/x").warning, nil)
        XCTAssertEqual(settings.url.host, .ipv4("10.0.0.1"))
        XCTAssertEqual(settings.apply(key: "OnlineCheckHeader", value: "X-Probe: yes").warning, nil)
        XCTAssertEqual(settings.expectedHeader?.name, "X-Probe")
        XCTAssertEqual(settings.expectedHeader?.value, "yes")
        XCTAssertEqual(settings.apply(key: "OnlineCheckHeader", value: "").warning, nil)
        XCTAssertNil(settings.expectedHeader)
        XCTAssertEqual(settings.apply(key: "EnableOnlineCheck", value: "no").warning, nil)
        XCTAssertFalse(settings.enabled)
        let before = settings
        for (key, value) in [("OnlineCheckURL", "https://x/"), ("OnlineCheckStatus", "99"), ("OnlineCheckHeader", "nocolon"),
                             ("EnableOnlineCheck", "maybe"), ("OnlineCheckTimeout", "0"), ("OnlineCheckMaxInterval", "x")] {
            XCTAssertNotNil(settings.apply(key: key, value: value).warning, key)
        }
        XCTAssertEqual(settings, before, "bad values change nothing")
        XCTAssertFalse(settings.apply(key: "Unknown", value: "1").handled)

        let config = MainConfig(file: "main.conf", text: "[General]\nOnlineCheckStatus=204\nOnlineCheckURL=gopher://x\n")
        XCTAssertEqual(config.onlineCheck.expectedStatus, 204)
        XCTAssertEqual(config.warnings.map(\.line), [3])
    }
}
