/// How EAPOL-Key frames are integrity-protected and Key Data encrypted
/// (IEEE 802.11-2020 12.7.2, Key Descriptor Version).
public enum KeyDescriptorVersion: UInt8, Sendable {
    /// HMAC-SHA1-128 MIC, AES key wrap: AKM 00-0F-AC:2 with CCMP or GCMP.
    case hmacSHA1AES = 2
    /// AES-128-CMAC MIC, AES key wrap: AKM 00-0F-AC:6 (PSK-SHA256).
    case aesCMAC = 3
}

extension EAPOLKeyFrame {
    /// The MIC of this frame under `kck`: over the whole EAPOL PDU with the
    /// MIC field zeroed, cut to the field's length.
    public func computeMIC(kck: [UInt8], version: KeyDescriptorVersion) throws(WPAError) -> [UInt8] {
        var unsigned = self
        unsigned.mic = EAPOLKeyFrame.zeros(mic.count)
        let tag = switch version {
        case .hmacSHA1AES: try MessageAuthentication.hmacSHA1(key: kck, unsigned.bytes)
        case .aesCMAC: try MessageAuthentication.aesCMAC(key: kck, unsigned.bytes)
        }
        return Array(tag.prefix(mic.count))
    }

    /// This frame with its MIC set (the MIC bit is left as it is).
    public func signed(kck: [UInt8], version: KeyDescriptorVersion) throws(WPAError) -> EAPOLKeyFrame {
        var frame = self
        frame.mic = try computeMIC(kck: kck, version: version)
        return frame
    }

    /// Whether the MIC field holds this frame's MIC under `kck`, compared in constant time.
    public func hasValidMIC(kck: [UInt8], version: KeyDescriptorVersion) -> Bool {
        guard let expected = try? computeMIC(kck: kck, version: version) else { return false }
        return OpenSSLCalls.constantTimeEquals(expected, mic)
    }
}
