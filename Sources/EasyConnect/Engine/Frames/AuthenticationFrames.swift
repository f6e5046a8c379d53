/// The three frames of DPP Authentication, built from explicit inputs (so
/// tests can rebuild reference frames) in hostap's attribute order.
///
///     Request:  R-hash, [I-hash], PI, version, {I-nonce, I-caps}k1
///     Response: status, R-hash, [I-hash], PR, version,
///               {R-nonce, I-nonce, R-caps, {R-auth}ke}k2
///               (status ≠ OK: no PR, and {I-nonce, R-caps}k1)
///     Confirm:  status, R-hash, [I-hash], {I-auth}ke
///               (status ≠ OK: {R-nonce}k2)
enum AuthenticationFrames {
    struct KeyHashes {
        let responder: [UInt8]
        let initiator: [UInt8]?

        var attributes: [Attribute] {
            [Attribute(.responderBootstrappingKeyHash, responder)]
                + (initiator.map { [Attribute(.initiatorBootstrappingKeyHash, $0)] } ?? [])
        }
    }

    static func request(hashes: KeyHashes, initiatorProtocolKey: ECPoint, initiatorNonce: [UInt8],
                        initiatorCapabilities: Capabilities, k1: SecretBytes) throws -> [UInt8] {
        try WrappedData.frame(.authenticationRequest, clear: hashes.attributes + [
            Attribute(.initiatorProtocolKey, try initiatorProtocolKey.xy),
            Attribute(.protocolVersion, octet: DPPSession.protocolVersion),
        ], wrapping: [
            Attribute(.initiatorNonce, initiatorNonce),
            Attribute(.initiatorCapabilities, octet: initiatorCapabilities.rawValue),
        ], key: k1)
    }

    static func response(hashes: KeyHashes, responderProtocolKey: ECPoint, responderNonce: [UInt8],
                         initiatorNonce: [UInt8], responderCapabilities: Capabilities, responderAuthTag: [UInt8],
                         k2: SecretBytes, ke: SecretBytes) throws -> [UInt8] {
        let sealedTag = try WrappedData.seal([Attribute(.responderAuthenticatingTag, responderAuthTag)], key: ke,
                                             associatedData: [])
        return try WrappedData.frame(.authenticationResponse, clear: [Attribute(.status, octet: DPPStatus.ok.rawValue)]
            + hashes.attributes + [
                Attribute(.responderProtocolKey, try responderProtocolKey.xy),
                Attribute(.protocolVersion, octet: DPPSession.protocolVersion),
            ], wrapping: [
                Attribute(.responderNonce, responderNonce),
                Attribute(.initiatorNonce, initiatorNonce),
                Attribute(.responderCapabilities, octet: responderCapabilities.rawValue),
                sealedTag,
            ], key: k2)
    }

    /// A Response refusing the request (e.g. `notCompatible`).
    static func refusal(_ status: DPPStatus, hashes: KeyHashes, initiatorNonce: [UInt8],
                        responderCapabilities: Capabilities, k1: SecretBytes) throws -> [UInt8] {
        try WrappedData.frame(.authenticationResponse, clear: [Attribute(.status, octet: status.rawValue)]
            + hashes.attributes + [Attribute(.protocolVersion, octet: DPPSession.protocolVersion)], wrapping: [
                Attribute(.initiatorNonce, initiatorNonce),
                Attribute(.responderCapabilities, octet: responderCapabilities.rawValue),
            ], key: k1)
    }

    static func confirm(hashes: KeyHashes, initiatorAuthTag: [UInt8], ke: SecretBytes) throws -> [UInt8] {
        try WrappedData.frame(.authenticationConfirm,
                              clear: [Attribute(.status, octet: DPPStatus.ok.rawValue)] + hashes.attributes,
                              wrapping: [Attribute(.initiatorAuthenticatingTag, initiatorAuthTag)], key: ke)
    }

    /// A Confirm telling the responder why the initiator gives up.
    static func failedConfirm(_ status: DPPStatus, hashes: KeyHashes, responderNonce: [UInt8],
                              k2: SecretBytes) throws -> [UInt8] {
        try WrappedData.frame(.authenticationConfirm, clear: [Attribute(.status, octet: status.rawValue)]
            + hashes.attributes, wrapping: [Attribute(.responderNonce, responderNonce)], key: k2)
    }
}
