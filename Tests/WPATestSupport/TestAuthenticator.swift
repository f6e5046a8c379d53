import WPA

/// A test-only WPA2-Personal authenticator: builds messages 1 and 3 and group
/// message 1, checks messages 2 and 4 and group message 2 (IEEE 802.11-2020
/// 12.7.6 and 12.7.7, as an AP sends and expects them).  It shares the WPA
/// module's wire and crypto types but none of the supplicant's state
/// machine, so WPATests and the eapol fuzz target can run the real engine
/// against it end to end.
public struct TestAuthenticator: Sendable {
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    public var pmk: [UInt8]
    public var authenticatorAddress: [UInt8] = [0x02, 0x00, 0x00, 0x00, 0x0A, 0x01]
    public var supplicantAddress: [UInt8] = [0x02, 0x00, 0x00, 0x00, 0x05, 0x01]
    public var authenticatorNonce = [UInt8](repeating: 0xA7, count: 32)
    public var akm: AKMSuite
    public var pairwiseCipher: CipherSuite
    public var groupCipher: CipherSuite
    /// The RSNE the AP advertises, and puts in message 3.
    public var rsne: [UInt8]
    public var gtk: GroupKeyKDE
    /// Key RSC of message 3 and group message 1 (8 octets, least significant first).
    public var rsc: [UInt8] = [0x2A, 0x01, 0, 0, 0, 0, 0, 0]
    /// Sent in message 3 and group message 1 when set.
    public var igtk: IntegrityGroupKeyKDE?
    /// The counter of the last frame sent; each message takes the next.
    public var replayCounter: UInt64 = 0
    public var eapolVersion: UInt8 = 2
    /// Set once message 2 is accepted.
    public private(set) var ptk: PairwiseTransientKey?

    public init(pmk: [UInt8], akm: AKMSuite = .psk, pairwiseCipher: CipherSuite = .ccmp128,
                groupCipher: CipherSuite = .ccmp128, capabilities: RSNCapabilities = []) {
        self.pmk = pmk
        self.akm = akm
        self.pairwiseCipher = pairwiseCipher
        self.groupCipher = groupCipher
        rsne = RSNElement(groupCipher: groupCipher, pairwiseCiphers: [pairwiseCipher], akmSuites: [akm],
                          capabilities: capabilities).bytes
        gtk = GroupKeyKDE(keyIndex: 1, transmit: false,
                          key: (0..<(groupCipher.temporalKeyLength ?? 16)).map { UInt8(0x40 + $0) })
    }

    public var descriptorVersion: KeyDescriptorVersion { akm == .pskSHA256 ? .aesCMAC : .hmacSHA1AES }

    /// The configuration a supplicant of this AP uses; its RSNE is ours.
    public func supplicantConfiguration(pmk supplicantPMK: [UInt8]? = nil) -> SupplicantHandshakeConfiguration {
        SupplicantHandshakeConfiguration(pmk: supplicantPMK ?? pmk, authenticatorAddress: authenticatorAddress,
                                         supplicantAddress: supplicantAddress, supplicantRSNE: rsne,
                                         authenticatorRSNE: rsne)
    }

    private func info(_ flags: KeyInformation) -> KeyInformation {
        KeyInformation(version: descriptorVersion.rawValue, flags)
    }

    /// Message 1: ANonce, no MIC.
    public mutating func message1() -> [UInt8] {
        replayCounter += 1
        return EAPOLKeyFrame(protocolVersion: eapolVersion, keyInformation: info([.pairwise, .ack]),
                             keyLength: UInt16(pairwiseCipher.temporalKeyLength ?? 16), replayCounter: replayCounter,
                             nonce: authenticatorNonce).bytes
    }

    /// Checks message 2 against the last message 1 and derives the PTK from its SNonce.
    public mutating func accept(message2 bytes: [UInt8], supplicantRSNE: [UInt8]? = nil) throws -> EAPOLKeyFrame {
        let frame = try EAPOLKeyFrame(parsing: bytes)
        try expect(frame.keyInformation == info([.pairwise, .mic]), "message 2 Key Information")
        try expect(frame.replayCounter == replayCounter, "message 2 replay counter")
        try expect(frame.keyData == (supplicantRSNE ?? rsne), "message 2 RSNE")
        let derived = try PairwiseTransientKey.derive(pmk: pmk, authenticatorAddress: authenticatorAddress,
                                                      supplicantAddress: supplicantAddress,
                                                      authenticatorNonce: authenticatorNonce,
                                                      supplicantNonce: frame.nonce, akm: akm,
                                                      pairwiseCipher: pairwiseCipher)
        try expect(frame.hasValidMIC(kck: derived.kck, version: descriptorVersion), "message 2 MIC")
        ptk = derived
        return frame
    }

    /// The Key Data message 3 carries by default: our RSNE, the GTK, the IGTK if any.
    public var message3Items: [KeyDataItem] {
        [.rsn(rsne), .groupKey(gtk)] + (igtk.map { [.integrityGroupKey($0)] } ?? [])
    }

    /// Message 3 with `items` (default `message3Items`), encrypted and signed.
    public mutating func message3(_ items: [KeyDataItem]? = nil) throws -> [UInt8] {
        try message3(keyData: KeyData.serialize(items ?? message3Items))
    }

    /// Message 3 whose Key Data plaintext is `plaintext` (padded, wrapped).
    public mutating func message3(keyData plaintext: [UInt8]) throws -> [UInt8] {
        replayCounter += 1
        let frame = EAPOLKeyFrame(protocolVersion: eapolVersion,
                                  keyInformation: info([.pairwise, .ack, .mic, .install, .secure, .encryptedKeyData]),
                                  keyLength: UInt16(pairwiseCipher.temporalKeyLength ?? 16), replayCounter: replayCounter,
                                  nonce: authenticatorNonce, rsc: rsc, keyData: try encrypt(plaintext))
        return try sign(frame)
    }

    /// Group message 1 with `items` (default: the GTK, the IGTK if any).
    public mutating func groupMessage1(_ items: [KeyDataItem]? = nil) throws -> [UInt8] {
        try groupMessage1(keyData: KeyData.serialize(items ?? [.groupKey(gtk)] + (igtk.map { [.integrityGroupKey($0)] } ?? [])))
    }

    public mutating func groupMessage1(keyData plaintext: [UInt8]) throws -> [UInt8] {
        replayCounter += 1
        let frame = EAPOLKeyFrame(protocolVersion: eapolVersion,
                                  keyInformation: info([.ack, .mic, .secure, .encryptedKeyData]),
                                  keyLength: UInt16(groupCipher.temporalKeyLength ?? 16), replayCounter: replayCounter,
                                  rsc: rsc, keyData: try encrypt(plaintext))
        return try sign(frame)
    }

    /// Message 4: Pairwise, MIC, Secure, the counter of the last message 3, nothing else.
    public func accept(message4 bytes: [UInt8]) throws {
        try acceptEmptyReply(bytes, info([.pairwise, .mic, .secure]), "message 4")
    }

    /// Group message 2: MIC, Secure, the counter of the last group message 1.
    public func accept(groupMessage2 bytes: [UInt8]) throws {
        try acceptEmptyReply(bytes, info([.mic, .secure]), "group message 2")
    }

    private func acceptEmptyReply(_ bytes: [UInt8], _ expected: KeyInformation, _ name: String) throws {
        let frame = try EAPOLKeyFrame(parsing: bytes)
        try expect(frame.keyInformation == expected, "\(name) Key Information")
        try expect(frame.replayCounter == replayCounter, "\(name) replay counter")
        try expect(frame.keyData.isEmpty && frame.keyLength == 0 && frame.nonce.allSatisfy { $0 == 0 }, "\(name) fields")
        try expect(frame.hasValidMIC(kck: try requirePTK().kck, version: descriptorVersion), "\(name) MIC")
    }

    /// `frame` with its MIC under the PTK (from the accepted message 2).
    public func sign(_ frame: EAPOLKeyFrame) throws -> [UInt8] {
        try frame.signed(kck: requirePTK().kck, version: descriptorVersion).bytes
    }

    /// Key Data plaintext padded and wrapped under the KEK.
    public func encrypt(_ plaintext: [UInt8]) throws -> [UInt8] {
        try AESKeyWrap.wrap(KeyData.padded(plaintext), kek: requirePTK().kek)
    }

    private func requirePTK() throws -> PairwiseTransientKey {
        guard let ptk else { throw Refusal(description: "no PTK before message 2") }
        return ptk
    }

    private func expect(_ condition: Bool, _ what: String) throws {
        if !condition { throw Refusal(description: "unexpected \(what)") }
    }
}
