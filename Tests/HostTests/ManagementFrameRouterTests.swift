import XCTest
@testable import Host

/// Which provisioning plugin gets which received management frame.
final class ManagementFrameRouterTests: XCTestCase {
    private static let dppPrefix: [UInt8] = [0x04, 0x09, 0x50, 0x6f, 0x9a, 0x1a, 0x01]
    private static let gasPrefix: [UInt8] = [0x04, 0x0b]

    /// An Action frame (frame control 0xd0 0x00) with a zeroed 24-byte header and `body`.
    private func action(_ body: [UInt8], device: Device.ID = 1, control: [UInt8] = [0xd0, 0x00]) -> ManagementFrame {
        ManagementFrame(device: device, frequency: 2437, bytes: control + [UInt8](repeating: 0, count: 22) + body)
    }

    @MainActor func testTheBearerIsAskedOncePerTypeAndPrefixOfADevice() async {
        let router = ManagementFrameRouter()
        let dpp = ManagementFrameRouter.Registration(plugin: "dpp", type: 0x00d0, match: Self.dppPrefix)
        XCTAssertTrue(router.register(dpp, on: 1))
        XCTAssertFalse(router.register(dpp, on: 1), "the same registration again")
        XCTAssertFalse(router.register(.init(plugin: "pkex", type: 0x00d0, match: Self.dppPrefix), on: 1),
                       "another plugin, same frames: the bearer already delivers them")
        XCTAssertTrue(router.register(dpp, on: 2), "another device")
        XCTAssertTrue(router.register(.init(plugin: "dpp", type: 0x00d0, match: Self.gasPrefix), on: 1))
    }

    @MainActor func testAFrameGoesToEveryPluginWhosePrefixAndTypeItMatchesOnce() async {
        let router = ManagementFrameRouter()
        _ = router.register(.init(plugin: "dpp", type: 0x00d0, match: Self.dppPrefix), on: 1)
        _ = router.register(.init(plugin: "dpp", type: 0x00d0, match: [0x04]), on: 1)
        _ = router.register(.init(plugin: "pkex", type: 0x00d0, match: Self.dppPrefix), on: 1)
        _ = router.register(.init(plugin: "gas", type: 0x00d0, match: Self.gasPrefix), on: 1)
        XCTAssertEqual(router.consumers(of: action(Self.dppPrefix + [0x0d])), ["dpp", "pkex"])
        XCTAssertEqual(router.consumers(of: action(Self.gasPrefix + [0x01])), ["dpp", "gas"])
        XCTAssertEqual(router.consumers(of: action(Self.dppPrefix, device: 2)), [], "registered on device 1 only")
        XCTAssertEqual(router.consumers(of: action(Self.dppPrefix, control: [0x40, 0x00])), [], "a probe request is not an action frame")
        XCTAssertEqual(router.consumers(of: action(Self.dppPrefix, control: [0xd0, 0x08])), ["dpp", "pkex"],
                       "flag bits of the frame control field do not matter")
        XCTAssertEqual(router.consumers(of: action([0x04, 0x09, 0x50])), ["dpp"], "a body shorter than a prefix does not match it")
    }

    @MainActor func testForgettingADeviceOrAPluginDropsItsRegistrations() async {
        let router = ManagementFrameRouter()
        _ = router.register(.init(plugin: "dpp", type: 0x00d0, match: Self.dppPrefix), on: 1)
        _ = router.register(.init(plugin: "pkex", type: 0x00d0, match: Self.dppPrefix), on: 1)
        router.forget(plugin: "dpp")
        XCTAssertEqual(router.consumers(of: action(Self.dppPrefix)), ["pkex"])
        router.forget(device: 1)
        XCTAssertEqual(router.consumers(of: action(Self.dppPrefix)), [])
        XCTAssertTrue(router.register(.init(plugin: "dpp", type: 0x00d0, match: Self.dppPrefix), on: 1),
                      "a device that came back asks its bearer again")
    }
}
