/// Parses a received IPv4 datagram carrying UDP, as read from an AF_PACKET
/// socket (the link-layer header already removed).
public enum UDPDatagramParser {
    /// - Parameter verifyUDPChecksum: whether to check the UDP checksum; see
    ///   `UDPChecksumPolicy` for when the adapter must pass false.  The IPv4
    ///   header checksum is always verified: the sender's stack always fills
    ///   it in, offload or not.
    public static func parse(_ bytes: [UInt8], verifyUDPChecksum: Bool) throws(DHCPError) -> UDPDatagram {
        try parse(bytes[...], verifyUDPChecksum: verifyUDPChecksum)
    }

    public static func parse(_ bytes: ArraySlice<UInt8>, verifyUDPChecksum: Bool) throws(DHCPError) -> UDPDatagram {
        var reader = ByteReader(bytes, what: "IPv4 header")
        let versionAndLength = try reader.readByte()
        guard versionAndLength >> 4 == 4 else { throw .notIPv4 }
        let headerLength = Int(versionAndLength & 0x0F) * 4
        guard headerLength >= IPv4UDPLayout.ipv4HeaderLength else { throw .notIPv4 }
        guard bytes.count >= headerLength else { throw .truncated("IPv4 header") }
        _ = try reader.readByte()  // TOS
        let totalLength = Int(try reader.readUInt16())
        // Ethernet pads short frames: bytes past the total length are not ours.
        guard totalLength >= headerLength, totalLength <= bytes.count else { throw .truncated("IPv4 datagram") }
        _ = try reader.readUInt16()  // identification
        let flagsAndOffset = try reader.readUInt16()
        let moreFragments: UInt16 = 0x2000, offsetMask: UInt16 = 0x1FFF
        guard flagsAndOffset & (moreFragments | offsetMask) == 0 else { throw .fragmented }
        _ = try reader.readByte()  // TTL
        let protocolNumber = try reader.readByte()
        _ = try reader.readUInt16()  // header checksum, verified over the whole header below
        let source = try reader.readAddress()
        let destination = try reader.readAddress()
        let headerStart = bytes.startIndex
        guard InternetChecksum.of(bytes[headerStart..<headerStart + headerLength]) == 0 else {
            throw .badIPv4HeaderChecksum
        }
        guard protocolNumber == IPv4UDPLayout.udpProtocolNumber else { throw .notUDP(protocolNumber: protocolNumber) }

        let udp = bytes[(headerStart + headerLength)..<(headerStart + totalLength)]
        var udpReader = ByteReader(udp, what: "UDP header")
        let sourcePort = try udpReader.readUInt16()
        let destinationPort = try udpReader.readUInt16()
        let udpLength = Int(try udpReader.readUInt16())
        let checksum = try udpReader.readUInt16()
        guard udpLength >= IPv4UDPLayout.udpHeaderLength, udpLength <= udp.count else { throw .badUDPLength }
        let segment = udp.prefix(udpLength)
        if verifyUDPChecksum && checksum != UDPChecksumPolicy.noChecksum {
            var sum = IPv4UDPLayout.pseudoHeaderChecksum(source: source, destination: destination,
                                                         udpLength: UInt16(udpLength))
            sum.add(segment)
            guard sum.value == 0 else { throw .badUDPChecksum }
        }
        return UDPDatagram(source: source, destination: destination, sourcePort: sourcePort,
                           destinationPort: destinationPort,
                           payload: Array(segment.dropFirst(IPv4UDPLayout.udpHeaderLength)))
    }
}
