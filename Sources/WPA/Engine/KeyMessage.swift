/// An EAPOL-Key frame from the authenticator, sorted by its Key Information
/// bits into the three messages a supplicant takes (IEEE 802.11-2020
/// 12.7.6.2, 12.7.6.4, 12.7.7.2).  Whatever is none of them is dropped.
enum KeyMessage {
    /// Pairwise, Ack, no MIC: ANonce.
    case message1(EAPOLKeyFrame)
    /// Pairwise, Ack, MIC, Install, Secure, encrypted Key Data: the RSNE and the GTK.
    case message3(EAPOLKeyFrame)
    /// Group, Ack, MIC, Secure, encrypted Key Data: a new GTK.
    case groupMessage1(EAPOLKeyFrame)

    init(parsing bytes: [UInt8], expecting version: KeyDescriptorVersion) throws(WPAError) {
        let frame = try EAPOLKeyFrame(parsing: bytes)
        guard frame.descriptorType == EAPOLKeyFrame.rsnDescriptorType else {
            throw .unsupported("key descriptor type \(frame.descriptorType)")
        }
        let info = frame.keyInformation
        // The version is the negotiated one, never the frame's choice: a
        // frame asking for another MIC algorithm is a downgrade or noise.
        guard info.descriptorVersion == version.rawValue else {
            throw .unexpectedMessage("key descriptor version \(info.descriptorVersion)")
        }
        guard info.contains(.ack), info.isDisjoint(with: [.request, .error, .smkMessage]) else {
            throw .unexpectedMessage("Key Information 0x\(String(info.rawValue, radix: 16)) is no authenticator message")
        }
        switch (info.contains(.pairwise), info.contains(.mic)) {
        case (true, false):
            self = .message1(frame)
        case (true, true):
            guard info.isSuperset(of: [.install, .secure, .encryptedKeyData]) else {
                throw .unexpectedMessage("message 3 without Install, Secure or encrypted Key Data")
            }
            self = .message3(frame)
        case (false, true):
            guard info.isSuperset(of: [.secure, .encryptedKeyData]) else {
                throw .unexpectedMessage("group message 1 without Secure or encrypted Key Data")
            }
            self = .groupMessage1(frame)
        case (false, false):
            throw .unexpectedMessage("group key frame without MIC")
        }
    }
}
