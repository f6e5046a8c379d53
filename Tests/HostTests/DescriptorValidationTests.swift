import PluginABI
import XCTest
@testable import Host

/// The loader's checks on a descriptor, run on descriptors built here so each
/// rule is tested alone.  (Real plugin files are exercised by the integration
/// tests against the running daemon.)
final class DescriptorValidationTests: XCTestCase {
    private static let initStub: @convention(c) (UnsafePointer<sb_host_api>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32 = { _, _ in 0 }
    private let pluginName = strdup("probe")!
    private var bearerOps = sb_bearer_ops()

    override func setUp() {
        bearerOps.header = header(SB_MAGIC_BEARER_OPS, MemoryLayout<sb_bearer_ops>.size)
    }

    private func header(_ magic: UInt32, _ size: Int, major: UInt16 = ABI.major, minor: UInt16 = ABI.minor) -> sb_header {
        sb_header(magic: magic, abi_major: major, abi_minor: minor, struct_size: UInt32(size), reserved: 0)
    }

    private func descriptor() -> sb_plugin_descriptor {
        var descriptor = sb_plugin_descriptor()
        descriptor.header = header(SB_MAGIC_PLUGIN_DESCRIPTOR, MemoryLayout<sb_plugin_descriptor>.size)
        descriptor.name = UnsafePointer(pluginName)
        descriptor.kind = UInt32(SB_PLUGIN_KIND_BEARER.rawValue)
        descriptor.plugin_init = Self.initStub
        return descriptor
    }

    private func validate(_ descriptor: sb_plugin_descriptor, expectedName: String = "probe") throws -> ValidatedPlugin {
        var copy = descriptor
        return try withUnsafePointer(to: &bearerOps) { ops in
            copy.bearer_ops = ops
            return try withUnsafeBytes(of: &copy) { bytes in
                try ValidatedPlugin.validate(descriptor: bytes.baseAddress!, file: "/p/probe.so", expectedName: expectedName)
            }
        }
    }

    private func refusal(_ descriptor: sb_plugin_descriptor, expectedName: String = "probe") -> String? {
        do { _ = try validate(descriptor, expectedName: expectedName); return nil } catch { return "\(error)" }
    }

    func testAValidDescriptorIsAccepted() throws {
        let plugin = try validate(descriptor())
        XCTAssertEqual(plugin.name, "probe")
        XCTAssertEqual(plugin.kind, .bearer)
    }

    func testEachHeaderViolationHasItsOwnMessage() {
        var d = descriptor()
        d.header.magic = 0xdeadbeef
        XCTAssertEqual(refusal(d), "sb_plugin_descriptor has magic 0xdeadbeef, expected 0x53424450: not a Switchboard plugin struct")

        d = descriptor()
        d.header.abi_major = 2
        XCTAssertEqual(refusal(d), "sb_plugin_descriptor was built for plugin ABI 2.\(ABI.minor); this host speaks ABI 1.x")

        d = descriptor()
        d.header.abi_minor = ABI.minor + 1
        XCTAssertEqual(refusal(d), "sb_plugin_descriptor was built for plugin ABI 1.\(ABI.minor + 1), newer than this host's 1.\(ABI.minor): upgrade switchboardd")

        d = descriptor()
        d.header.struct_size = 24
        XCTAssertEqual(refusal(d), "sb_plugin_descriptor struct_size 24 is smaller than the 80 bytes of ABI 1.0")
    }

    func testNameKindAndOpsAreChecked() {
        XCTAssertEqual(refusal(descriptor(), expectedName: "other"),
                       "descriptor names the plugin 'probe' but the file is named for 'other'")
        var d = descriptor()
        d.kind = 9
        XCTAssertEqual(refusal(d), "unknown plugin kind 9")
        d = descriptor()
        d.plugin_init = nil
        XCTAssertEqual(refusal(d), "descriptor has no plugin_init")
        bearerOps.header.magic = 1
        XCTAssertEqual(refusal(descriptor()), "sb_bearer_ops has magic 0x00000001, expected 0x5342424f: not a Switchboard plugin struct")
    }

    func testOlderSmallerOpsTableReadsMissingFieldsAsNull() throws {
        // An ops table that ends before service_disconnect would be a pre-1.0
        // table and is refused; one of exactly the 1.0 size is accepted.
        bearerOps.header.struct_size = UInt32(ABI.sizeThrough(\sb_bearer_ops.service_disconnect))
        XCTAssertNoThrow(try validate(descriptor()))
        bearerOps.header.struct_size -= 8
        XCTAssertNotNil(refusal(descriptor()))
    }
}
