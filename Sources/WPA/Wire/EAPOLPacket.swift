/// An EAPOL PDU (IEEE 802.1X-2020 11.3): protocol version, packet type and
/// a body of the announced length.  The adapter hands the engine what follows
/// the Ethernet header (or what nl80211's control port delivers).
public struct EAPOLPacket: Equatable, Sendable {
    public static let headerLength = 4
    /// Packet type of an EAPOL-Key frame (the others: 0 EAP, 1 Start, 2 Logoff).
    public static let keyType: UInt8 = 3

    public var version: UInt8
    public var packetType: UInt8
    public var body: [UInt8]

    public init(version: UInt8, packetType: UInt8, body: [UInt8]) {
        self.version = version
        self.packetType = packetType
        self.body = body
    }

    /// Octets past the announced body (Ethernet's minimum-size padding) are
    /// not part of the packet and are ignored.
    public init(parsing bytes: [UInt8]) throws(WPAError) {
        var cursor = ByteCursor(bytes[...], reading: "EAPOL header")
        version = try cursor.takeByte()
        packetType = try cursor.takeByte()
        let length = Int(try cursor.takeBigEndian(UInt16.self))
        guard length <= cursor.remainingCount else { throw .truncated("EAPOL body") }
        body = try cursor.takeArray(length)
    }

    /// The packet; a body over 65535 octets is cut to what the length field can say.
    public var bytes: [UInt8] {
        let kept = body.prefix(Int(UInt16.max))
        return [version, packetType] + UInt16(kept.count).bigEndianBytes + kept
    }
}
