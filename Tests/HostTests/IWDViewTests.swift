import PluginABI
import XCTest
@testable import Host

/// The pure parts of iwd's view: paths, station state, signal, errors.
final class IWDViewTests: XCTestCase {
    private func device(_ id: UInt64, adapter: String?, ifindex: Int32) -> Device {
        Device(id: id, plugin: "p", bearer: "wifi", name: "wlan\(id)", interface: nil, address: nil, ifindex: ifindex,
               powered: true, adapter: adapter)
    }

    @MainActor func testPathsFollowIWDsScheme() {
        let paths = IWDPaths()
        let first = device(1, adapter: "phy0", ifindex: 4)
        XCTAssertEqual(paths.device(first).rawValue, "/net/connman/iwd/0/4")
        XCTAssertEqual(paths.device(device(2, adapter: "phy0", ifindex: 0)).rawValue, "/net/connman/iwd/0/1")
        XCTAssertEqual(paths.device(device(3, adapter: "phy0", ifindex: 0)).rawValue, "/net/connman/iwd/0/2")
        XCTAssertEqual(paths.adapter(named: "phy3").rawValue, "/net/connman/iwd/3")
        XCTAssertEqual(paths.adapter(named: "usb-radio").rawValue, "/net/connman/iwd/4", "a name that is not phyN gets the next number")
        XCTAssertEqual(paths.adapter(named: "phy4").rawValue, "/net/connman/iwd/5", "phy4's number was taken")
        let lab = Service(id: 10, plugin: "p", device: 1, bearer: "wifi", name: "Lab", identifier: "a", security: "psk", strength: 0)
        let twin = Service(id: 11, plugin: "p", device: 1, bearer: "wifi", name: "Lab", identifier: "b", security: "psk", strength: 0)
        XCTAssertEqual(paths.network(lab, on: first).rawValue, "/net/connman/iwd/0/4/4c6162_psk")
        XCTAssertEqual(paths.network(twin, on: first).rawValue, "/net/connman/iwd/0/4/4c6162_psk_11")
        XCTAssertEqual(IWDPaths.knownNetwork(.init(ssid: "Lab", type: .open)).rawValue, "/net/connman/iwd/4c6162_open")
    }

    func testStationStateSignalAndTypes() {
        XCTAssertEqual(IWD.stationState([.idle, .failure]), "disconnected")
        XCTAssertEqual(IWD.stationState([.idle, .association]), "connecting")
        XCTAssertEqual(IWD.stationState([.configuration, .online]), "connected")
        XCTAssertEqual(IWD.stationState([.disconnect]), "disconnecting")
        XCTAssertEqual(IWD.signal(strength: 0), -10_000)
        XCTAssertEqual(IWD.signal(strength: 100), -3_000)
        XCTAssertEqual(IWD.signal(strength: 50), -6_500)
        XCTAssertEqual(IWD.networkType("none"), "open")
        XCTAssertEqual(IWD.networkType("ieee8021x"), "8021x")
        XCTAssertEqual(IWD.error(for: .failed(-ECANCELED)).name, "net.connman.iwd.Aborted")
        XCTAssertEqual(IWD.error(for: .failed(-ENOKEY)).name, "net.connman.iwd.NoAgent")
        XCTAssertEqual(IWD.error(for: .failed(-EKEYREJECTED)).name, "net.connman.iwd.Failed")
    }

    /// A 1.1 plugin's sb_device_info ends before `adapter`: whatever follows
    /// it in memory is not read.  A 1.2 record's adapter is.
    func testDeviceAdapterIsReadOnlyInsideStructSize() throws {
        let adapter = strdup("phy0")!
        defer { free(adapter) }
        var info = sb_device_info()
        info.adapter = UnsafePointer(adapter)
        info.header = sb_header(magic: SB_MAGIC_DEVICE_INFO, abi_major: 1, abi_minor: 1,
                                struct_size: UInt32(ABI.sizeThrough(\sb_device_info.plugin_data)), reserved: 0)
        XCTAssertNil(try ABI.read(sb_device_info.self, at: &info, magic: SB_MAGIC_DEVICE_INFO).adapter)
        info.header.abi_minor = 2
        info.header.struct_size = UInt32(MemoryLayout<sb_device_info>.size)
        XCTAssertNotNil(try ABI.read(sb_device_info.self, at: &info, magic: SB_MAGIC_DEVICE_INFO).adapter)
    }

    func testASecretRecordIsCheckedLikeEveryOther() {
        var secret = sb_secret()
        secret.header = sb_header(magic: SB_MAGIC_SECRET, abi_major: 1, abi_minor: 2, struct_size: 24, reserved: 0)
        XCTAssertThrowsError(try ABI.read(sb_secret.self, at: &secret, magic: SB_MAGIC_SECRET)) {
            XCTAssertEqual("\($0)", "sb_secret struct_size 24 is smaller than the 32 bytes of ABI 1.2")
        }
        secret.header.magic = SB_MAGIC_DEVICE_INFO
        XCTAssertThrowsError(try ABI.read(sb_secret.self, at: &secret, magic: SB_MAGIC_SECRET))
    }
}
