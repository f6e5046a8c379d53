/// An EAPOL-Key frame with the RSN key descriptor (IEEE 802.11-2020
/// 12.7.2), EAPOL header included: the MIC covers the whole EAPOL PDU.
///
/// Multi-octet integers are big-endian; the Key RSC is kept as its eight
/// octets, least significant first as the frame carries it.
public struct EAPOLKeyFrame: Equatable, Sendable {
    /// Descriptor Type of RSN frames (254 was WPA's).
    public static let rsnDescriptorType: UInt8 = 2
    public static let nonceLength = 32
    /// The MIC length of every AKM this engine speaks (Table 12-11).
    public static let defaultMICLength = 16

    /// The EAPOL header's protocol version.
    public var protocolVersion: UInt8
    public var descriptorType: UInt8
    public var keyInformation: KeyInformation
    public var keyLength: UInt16
    public var replayCounter: UInt64
    public var nonce: [UInt8]
    public var iv: [UInt8]
    public var rsc: [UInt8]
    public var reserved: [UInt8]
    public var mic: [UInt8]
    public var keyData: [UInt8]

    public init(protocolVersion: UInt8 = 2, descriptorType: UInt8 = rsnDescriptorType, keyInformation: KeyInformation,
                keyLength: UInt16 = 0, replayCounter: UInt64, nonce: [UInt8] = zeros(nonceLength),
                iv: [UInt8] = zeros(16), rsc: [UInt8] = zeros(8), reserved: [UInt8] = zeros(8),
                mic: [UInt8] = zeros(defaultMICLength), keyData: [UInt8] = []) {
        self.protocolVersion = protocolVersion
        self.descriptorType = descriptorType
        self.keyInformation = keyInformation
        self.keyLength = keyLength
        self.replayCounter = replayCounter
        self.nonce = nonce
        self.iv = iv
        self.rsc = rsc
        self.reserved = reserved
        self.mic = mic
        self.keyData = keyData
    }

    public static func zeros(_ count: Int) -> [UInt8] { [UInt8](repeating: 0, count: count) }

    /// Parses an EAPOL PDU holding an EAPOL-Key frame.  The body must be
    /// exactly the fixed fields and the Key Data it announces, so a frame
    /// serializes back to the octets it was parsed from (and its MIC input).
    public init(parsing eapol: [UInt8], micLength: Int = defaultMICLength) throws(WPAError) {
        let packet = try EAPOLPacket(parsing: eapol)
        guard packet.packetType == EAPOLPacket.keyType else { throw .notEAPOLKey }
        var cursor = ByteCursor(packet.body[...], reading: "EAPOL-Key frame")
        protocolVersion = packet.version
        descriptorType = try cursor.takeByte()
        keyInformation = KeyInformation(rawValue: try cursor.takeBigEndian(UInt16.self))
        keyLength = try cursor.takeBigEndian(UInt16.self)
        replayCounter = try cursor.takeBigEndian(UInt64.self)
        nonce = try cursor.takeArray(Self.nonceLength)
        iv = try cursor.takeArray(16)
        rsc = try cursor.takeArray(8)
        reserved = try cursor.takeArray(8)
        mic = try cursor.takeArray(micLength)
        let keyDataLength = Int(try cursor.takeBigEndian(UInt16.self))
        guard keyDataLength <= cursor.remainingCount else { throw .truncated("EAPOL-Key Key Data") }
        keyData = try cursor.takeArray(keyDataLength)
        guard cursor.isAtEnd else { throw .malformed("EAPOL body longer than its EAPOL-Key frame") }
    }

    /// The EAPOL PDU.  Fixed-size fields are written at their size (cut or
    /// zero-padded); the MIC at its own length.
    public var bytes: [UInt8] {
        let data = keyData.prefix(max(0, Int(UInt16.max) - 79 - mic.count))
        var body = [descriptorType] + keyInformation.rawValue.bigEndianBytes + keyLength.bigEndianBytes
        body += replayCounter.bigEndianBytes + nonce.fitted(to: Self.nonceLength) + iv.fitted(to: 16)
        body += rsc.fitted(to: 8) + reserved.fitted(to: 8) + mic + UInt16(data.count).bigEndianBytes + data
        return EAPOLPacket(version: protocolVersion, packetType: EAPOLPacket.keyType, body: body).bytes
    }

    /// The first six octets of the Key RSC: the PN of CCMP and GCMP (the TSC
    /// of TKIP), least significant first, as NL80211_ATTR_KEY_SEQ takes it.
    public var receiveSequenceCounter: [UInt8] { Array(rsc.fitted(to: 8).prefix(6)) }
}
