/// The frames of PKEX, in hostap's attribute order:
///
///     Exchange Request v1 (7):  group, [identifier], M
///     Exchange Request v2 (18): version, group, [identifier], M
///     Exchange Response (8):    status, [version (v2)], [identifier], N
///                               (status ≠ OK: no N; bad group: the group)
///     Commit-Reveal Request (9):  {A, u}z,  associated data [header, 0x00]
///     Commit-Reveal Response (10): {B, v}z, associated data [header, 0x01]
///
/// Keys (M, N, A, B) travel as X ‖ Y; the group is the IANA number, two
/// octets little-endian.
enum PKEXFrames {
    /// IANA Diffie-Hellman group numbers of the curves.
    static func group(_ curve: Curve) -> UInt16 {
        switch curve {
        case .p256: return 19
        case .p384: return 20
        case .p521: return 21
        }
    }

    static func groupAttribute(_ curve: Curve) -> Attribute {
        let number = group(curve)
        return Attribute(.finiteCyclicGroup, [UInt8(number & 0xff), UInt8(number >> 8)])
    }

    static func identifierAttribute(_ identifier: String?) -> [Attribute] {
        identifier.map { [Attribute(.codeIdentifier, Array($0.utf8))] } ?? []
    }

    static func exchangeRequest(version2: Bool, curve: Curve, identifier: String?,
                                maskedKey: ECPoint) throws -> [UInt8] {
        let versionAttribute = version2 ? [Attribute(.protocolVersion, octet: DPPSession.protocolVersion)] : []
        let attributes = versionAttribute + [groupAttribute(curve)] + identifierAttribute(identifier)
            + [Attribute(.encryptedKey, try maskedKey.xy)]
        return FrameSerializer.dpp(version2 ? .pkexExchangeRequest : .pkexV1ExchangeRequest,
                                   attributes: try AttributeSerializer.serialize(attributes))
    }

    /// `maskedKey` (N) when `status` is OK; a bad-group refusal names our group.
    static func exchangeResponse(status: DPPStatus, version2: Bool, curve: Curve, identifier: String?,
                                 maskedKey: ECPoint?) throws -> [UInt8] {
        var attributes = [Attribute(.status, octet: status.rawValue)]
        if version2 { attributes.append(Attribute(.protocolVersion, octet: DPPSession.protocolVersion)) }
        if status == .badGroup { attributes.append(groupAttribute(curve)) }
        attributes += identifierAttribute(identifier)
        if let maskedKey { attributes.append(Attribute(.encryptedKey, try maskedKey.xy)) }
        return FrameSerializer.dpp(.pkexExchangeResponse, attributes: try AttributeSerializer.serialize(attributes))
    }

    /// The Commit-Reveal Request (initiator) or Response (responder).
    static func commitReveal(role: PKEXRole, bootstrapKey: ECPoint, tag: SecretBytes,
                             z: SecretBytes) throws -> [UInt8] {
        let type = commitRevealType(role)
        let wrapped = try WrappedData.seal([
            Attribute(.bootstrappingKey, try bootstrapKey.xy),
            Attribute(role == .initiator ? .initiatorAuthenticatingTag : .responderAuthenticatingTag,
                      tag.unprotectedCopy()),
        ], key: z, associatedData: [DPPFrame.header(type), [direction(role)]])
        return FrameSerializer.dpp(type, attributes: try AttributeSerializer.serialize([wrapped]))
    }

    /// The peer's bootstrapping key and tag from its Commit-Reveal frame
    /// (`sender` is the peer's role).  Anything that does not open under z
    /// is a `pkexCodeMismatch`: the peer used another code.
    static func openCommitReveal(_ frame: DPPFrame, sender: PKEXRole, curve: Curve,
                                 z: SecretBytes) throws -> (bootstrapKey: ECPoint, tag: [UInt8]) {
        let wrapped: AttributeList
        do {
            wrapped = try WrappedData.open(frame.attributes.required(.wrappedData), key: z,
                                           associatedData: [frame.header, [direction(sender)]])
        } catch EasyConnectError.authenticationFailed {
            throw EasyConnectError.protocolViolation(.pkexCodeMismatch)
        }
        let key = try ECPoint(curve: curve, xy: wrapped.required(.bootstrappingKey, length: 2 * curve.primeLength))
        let tag = try wrapped.required(sender == .initiator ? .initiatorAuthenticatingTag : .responderAuthenticatingTag,
                                       length: curve.hash.digestLength)
        return (key, tag)
    }

    static func commitRevealType(_ sender: PKEXRole) -> FrameType {
        sender == .initiator ? .pkexCommitRevealRequest : .pkexCommitRevealResponse
    }

    /// The second associated data component: 0 from the initiator, 1 back.
    private static func direction(_ sender: PKEXRole) -> UInt8 { sender == .initiator ? 0 : 1 }
}
