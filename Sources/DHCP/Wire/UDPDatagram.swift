/// A UDP datagram carried in IPv4, as the raw-socket adapter sends and
/// receives it (AF_PACKET/SOCK_DGRAM: the kernel adds and strips the link
/// layer, we own everything from the IPv4 header on).
public struct UDPDatagram: Equatable, Sendable {
    public var source: IPv4Address
    public var destination: IPv4Address
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var payload: [UInt8]

    public init(source: IPv4Address, destination: IPv4Address, sourcePort: UInt16, destinationPort: UInt16,
                payload: [UInt8]) {
        self.source = source
        self.destination = destination
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.payload = payload
    }

    public static let clientPort: UInt16 = 68
    public static let serverPort: UInt16 = 67

    /// A client message from 0.0.0.0:68 to 255.255.255.255:67 (RFC 2131 §4.1:
    /// a client without an address broadcasts, with source 0.0.0.0).
    public static func toServers(payload: [UInt8], from source: IPv4Address = .any) -> UDPDatagram {
        UDPDatagram(source: source, destination: .broadcast, sourcePort: clientPort, destinationPort: serverPort,
                    payload: payload)
    }
}

/// The IPv4 and UDP header constants both directions share.
enum IPv4UDPLayout {
    static let ipv4HeaderLength = 20
    static let udpHeaderLength = 8
    static let udpProtocolNumber: UInt8 = 17

    /// The RFC 768 pseudo-header sum: source, destination, zero, protocol, UDP length.
    static func pseudoHeaderChecksum(source: IPv4Address, destination: IPv4Address, udpLength: UInt16)
        -> InternetChecksum {
        var checksum = InternetChecksum()
        checksum.addWord(UInt16(truncatingIfNeeded: source.rawValue >> 16))
        checksum.addWord(UInt16(truncatingIfNeeded: source.rawValue))
        checksum.addWord(UInt16(truncatingIfNeeded: destination.rawValue >> 16))
        checksum.addWord(UInt16(truncatingIfNeeded: destination.rawValue))
        checksum.addWord(UInt16(udpProtocolNumber))
        checksum.addWord(udpLength)
        return checksum
    }
}
