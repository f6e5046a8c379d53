/// Builds the IPv4 + UDP bytes of a datagram, both checksums filled in.
public enum UDPDatagramSerializer {
    /// TTL of our datagrams (RFC 1700's default).
    static let timeToLive: UInt8 = 64

    public static func serialize(_ datagram: UDPDatagram) -> [UInt8] {
        let udpLength = IPv4UDPLayout.udpHeaderLength + datagram.payload.count
        let totalLength = IPv4UDPLayout.ipv4HeaderLength + udpLength
        precondition(totalLength <= Int(UInt16.max), "UDP payload too large for one IPv4 datagram")

        var bytes: [UInt8] = []
        bytes.reserveCapacity(totalLength)
        bytes += [0x45, 0x00]  // version 4, 5 words of header; TOS 0
        bytes.appendUInt16(UInt16(totalLength))
        bytes += [0, 0, 0, 0]  // identification 0, no flags, offset 0: never fragmented
        bytes += [timeToLive, IPv4UDPLayout.udpProtocolNumber, 0, 0]  // header checksum below
        bytes.appendAddress(datagram.source)
        bytes.appendAddress(datagram.destination)
        let headerChecksum = InternetChecksum.of(bytes[0..<IPv4UDPLayout.ipv4HeaderLength])
        bytes[10] = UInt8(headerChecksum >> 8)
        bytes[11] = UInt8(headerChecksum & 0xFF)

        let udpStart = bytes.count
        bytes.appendUInt16(datagram.sourcePort)
        bytes.appendUInt16(datagram.destinationPort)
        bytes.appendUInt16(UInt16(udpLength))
        bytes.appendUInt16(0)  // checksum below
        bytes += datagram.payload
        var checksum = IPv4UDPLayout.pseudoHeaderChecksum(source: datagram.source, destination: datagram.destination,
                                                          udpLength: UInt16(udpLength))
        checksum.add(bytes[udpStart...])
        // RFC 768: a computed zero is sent as all ones, zero meaning "no checksum".
        let udpChecksum = checksum.value == 0 ? 0xFFFF : checksum.value
        bytes[udpStart + 6] = UInt8(udpChecksum >> 8)
        bytes[udpStart + 7] = UInt8(udpChecksum & 0xFF)
        return bytes
    }
}
