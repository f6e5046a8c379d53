/// The raw-socket path in one place: DHCP message ⇄ IPv4/UDP frame.
public enum DHCPFrame {
    /// The frame of a client message broadcast to servers (port 68 → 67,
    /// to 255.255.255.255).  The source is ciaddr: 0.0.0.0 before the client
    /// has an address (RFC 2131 §4.1), its address when rebinding.
    public static func broadcast(_ message: DHCPMessage) -> [UInt8] {
        UDPDatagramSerializer.serialize(.toServers(payload: DHCPMessageSerializer.serialize(message),
                                                   from: message.clientAddress))
    }

    /// The DHCP message in a frame read from the link, if it is one for a
    /// client (UDP to port 68).
    /// - Parameter packetStatus: PACKET_AUXDATA's `tp_status` (0 without
    ///   auxdata); decides whether the UDP checksum is verified, see
    ///   `UDPChecksumPolicy`.
    public static func clientMessage(in frame: [UInt8], packetStatus: UInt32) throws(DHCPError) -> DHCPMessage {
        let datagram = try UDPDatagramParser.parse(frame, verifyUDPChecksum:
                                                    UDPChecksumPolicy.shouldVerify(packetStatus: packetStatus))
        guard datagram.destinationPort == UDPDatagram.clientPort else {
            throw .notForClientPort(datagram.destinationPort)
        }
        return try DHCPMessageParser.parse(datagram.payload)
    }
}
