/// An ARP packet for IPv4 over Ethernet (RFC 826), as far as address
/// conflict detection needs it (RFC 5227 §2.1.1, §2.4).
public struct ARPPacket: Equatable, Sendable {
    public enum Operation: UInt16, Sendable {
        case request = 1
        case reply = 2
    }

    public let operation: Operation
    public let senderHardwareAddress: [UInt8]
    public let senderAddress: IPv4Address
    public let targetAddress: IPv4Address

    /// Parses the ARP header at the start of `bytes` (no link-layer header);
    /// nil for anything that is not Ethernet/IPv4 ARP request or reply.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count >= 28,
              bytes[0] == 0, bytes[1] == 1,        // Ethernet
              bytes[2] == 0x08, bytes[3] == 0x00,  // IPv4
              bytes[4] == 6, bytes[5] == 4,
              bytes[6] == 0, let operation = Operation(rawValue: UInt16(bytes[7])) else { return nil }
        self.operation = operation
        senderHardwareAddress = Array(bytes[8..<14])
        senderAddress = IPv4Address(bytes[14], bytes[15], bytes[16], bytes[17])
        targetAddress = IPv4Address(bytes[24], bytes[25], bytes[26], bytes[27])
    }

    /// Whether this packet shows another host using `address`, which the
    /// host with `ourHardwareAddress` holds: it claims it as its sender
    /// address (a reply to our probe, or its own request or announcement).
    public func showsConflict(for address: IPv4Address, ourHardwareAddress: [UInt8]) -> Bool {
        senderAddress == address && senderHardwareAddress != ourHardwareAddress
    }
}
