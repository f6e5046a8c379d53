import PluginKit
@testable import ProvisioningKit
import XCTest

/// A provisioning plugin reads the host's start arguments no further than
/// the host's struct_size: an ABI 1.3 host's end before the seen channels.
final class ProvisioningArgsTests: XCTestCase {
    private func args(structSize: Int, seen: UnsafePointer<UInt32>?, count: Int) -> sb_provisioning_args {
        var args = sb_provisioning_args()
        args.header = sb_header(magic: SB_MAGIC_PROVISIONING_ARGS, abi_major: UInt16(SB_ABI_MAJOR), abi_minor: 3,
                                struct_size: UInt32(structSize), reserved: 0)
        args.frequency = 2437
        args.seen_frequencies = seen
        args.seen_frequency_count = count
        return args
    }

    func testTheSeenChannelsOfThisABI() {
        let seen: [UInt32] = [2412, 5180]
        seen.withUnsafeBufferPointer { buffer in
            var host = args(structSize: MemoryLayout<sb_provisioning_args>.size, seen: buffer.baseAddress, count: 2)
            let copied = sb_provisioning_args.copy(&host)
            XCTAssertEqual(copied.seenFrequencies, [2412, 5180])
            XCTAssertEqual(copied.frequency, 2437)
        }
    }

    func testAnOlderHostsArgsAreCopiedOnlyAsFarAsTheyGo() {
        // An ABI 1.3 host's struct ends at `network`; what lies beyond is not its.
        let size13 = MemoryLayout<sb_provisioning_args>.offset(of: \.network)! + MemoryLayout<UnsafeRawPointer>.size
        let stray: [UInt32] = [9999]
        stray.withUnsafeBufferPointer { buffer in
            var host = args(structSize: size13, seen: buffer.baseAddress, count: 1)
            let copied = sb_provisioning_args.copy(&host)
            XCTAssertEqual(copied.frequency, 2437, "the fields it has arrive")
            XCTAssertNil(copied.seen_frequencies, "the fields it lacks stay zero")
            XCTAssertEqual(copied.seenFrequencies, [])
            XCTAssertEqual(host.seenFrequencies, [], "and the accessor checks struct_size by itself")
        }
    }

    func testTheTransmitChannelsOfThisABIAndNoneFromAnOlderHost() {
        let transmit: [UInt32] = [2412, 2437, 5220]
        transmit.withUnsafeBufferPointer { buffer in
            var host = args(structSize: MemoryLayout<sb_provisioning_args>.size, seen: nil, count: 0)
            host.transmit_frequencies = buffer.baseAddress
            host.transmit_frequency_count = buffer.count
            XCTAssertEqual(sb_provisioning_args.copy(&host).transmitFrequencies, [2412, 2437, 5220])
            // An ABI 1.5 host's struct ends after the seen channels.
            host.header.struct_size = UInt32(MemoryLayout<sb_provisioning_args>.offset(of: \.transmit_frequencies)!)
            XCTAssertEqual(sb_provisioning_args.copy(&host).transmitFrequencies, [])
            XCTAssertEqual(host.transmitFrequencies, [])
        }
    }

    func testNoSeenChannels() {
        var host = args(structSize: MemoryLayout<sb_provisioning_args>.size, seen: nil, count: 0)
        XCTAssertEqual(sb_provisioning_args.copy(&host).seenFrequencies, [])
    }
}
