/// Wrapped Data: attributes sealed with AES-SIV under a session key, and the
/// way back.  The associated data differs per message, so every caller
/// states it; `frame(...)` covers the common DPP frame case (header, then the
/// clear attributes).
enum WrappedData {
    /// The Wrapped Data attribute holding `inner` sealed under `key`.
    static func seal(_ inner: [Attribute], key: SecretBytes, associatedData: [[UInt8]]) throws -> Attribute {
        let plaintext = SecretBytes(try AttributeSerializer.serialize(inner))
        return Attribute(.wrappedData, try AESSIV(key: key).seal(plaintext, associatedData: associatedData))
    }

    /// The attributes inside `sealed`.  A forged or corrupted value, a wrong
    /// key or wrong associated data throw `authenticationFailed`.
    static func open(_ sealed: [UInt8], key: SecretBytes, associatedData: [[UInt8]]) throws -> AttributeList {
        let plaintext = try AESSIV(key: key).open(sealed, associatedData: associatedData)
        return try plaintext.withUnsafeBytes { try AttributeParser.parse($0) }
    }

    /// A DPP frame (category octet first): `clear` in the open, then
    /// `inner` wrapped with the associated data [DPP header, clear].
    static func frame(_ type: FrameType, clear: [Attribute], wrapping inner: [Attribute],
                      key: SecretBytes) throws -> [UInt8] {
        let clearOctets = try AttributeSerializer.serialize(clear)
        let wrapped = try seal(inner, key: key, associatedData: [DPPFrame.header(type), clearOctets])
        return FrameSerializer.dpp(type, attributes: clearOctets + (try AttributeSerializer.serialize([wrapped])))
    }

    /// The wrapped attributes of a received DPP frame (its Wrapped Data
    /// is mandatory), checked against [DPP header, clear attributes].
    static func open(_ frame: DPPFrame, key: SecretBytes) throws -> AttributeList {
        try open(frame.attributes.required(.wrappedData), key: key, associatedData: frame.associatedData)
    }
}
