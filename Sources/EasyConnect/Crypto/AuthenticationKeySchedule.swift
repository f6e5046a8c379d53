/// The key schedule of DPP Authentication on one curve: the ECDH results M,
/// N and (mutual authentication) L, the keys k1, k2, bk and ke, and the
/// authenticating tags R-auth and I-auth.
///
/// Names follow the specification: P = protocol key, B = bootstrapping key,
/// I/R = initiator/responder; `.x` is the X coordinate (a secret for M, N, L).
///
///     M = pI·BR = bR·PI              k1 = HKDF(<>, "first intermediate key", M.x)
///     N = pI·PR = pR·PI              k2 = HKDF(<>, "second intermediate key", N.x)
///     L = bI·(BR + PR) = ((bR + pR) mod n)·BI          (mutual only)
///     bk = HKDF-Extract(I-nonce ‖ R-nonce, M.x ‖ N.x [‖ L.x])
///     ke = HKDF-Expand(bk, "DPP Key", hash length)
///     R-auth = H(I-nonce ‖ R-nonce ‖ PI.x ‖ PR.x ‖ [BI.x ‖] BR.x ‖ 0)
///     I-auth = H(R-nonce ‖ I-nonce ‖ PR.x ‖ PI.x ‖ BR.x ‖ [BI.x ‖] 1)
///
/// M and N are plain ECDH (`ECKeyPair.sharedSecret(with:)`); L needs a point
/// or scalar sum first and has its own functions here.
public struct AuthenticationKeySchedule: Sendable {
    public let curve: Curve
    private let hkdf: HKDF

    public init(curve: Curve) {
        self.curve = curve
        self.hkdf = HKDF(hash: curve.hash)
    }

    // MARK: - L (mutual authentication)

    /// Initiator side: L = bI · (BR + PR).
    public func initiatorL(initiatorBootstrapKey: ECKeyPair, responderBootstrapKey: ECPoint,
                           responderProtocolKey: ECPoint) throws -> SecretBytes {
        try checkCurve(initiatorBootstrapKey.publicKey, responderBootstrapKey, responderProtocolKey)
        return try initiatorBootstrapKey.sharedSecret(with: responderBootstrapKey.adding(responderProtocolKey))
    }

    /// Responder side: L = ((bR + pR) mod n) · BI.
    public func responderL(responderBootstrapKey: ECKeyPair, responderProtocolKey: ECKeyPair,
                           initiatorBootstrapKey: ECPoint) throws -> SecretBytes {
        try checkCurve(responderBootstrapKey.publicKey, responderProtocolKey.publicKey, initiatorBootstrapKey)
        let sum = try responderBootstrapKey.privateKey.adding(responderProtocolKey.privateKey)
        return try sum.sharedSecret(with: initiatorBootstrapKey)
    }

    // MARK: - Keys

    /// k1, the key of the Authentication Request's wrapped data.
    public func firstIntermediateKey(mx: SecretBytes) throws -> SecretBytes {
        try checkCoordinate(mx, "M.x")
        return try hkdf.deriveKey(salt: [UInt8](), label: "first intermediate key", ikm: [mx])
    }

    /// k2, the key of the Authentication Response's wrapped data.
    public func secondIntermediateKey(nx: SecretBytes) throws -> SecretBytes {
        try checkCoordinate(nx, "N.x")
        return try hkdf.deriveKey(salt: [UInt8](), label: "second intermediate key", ikm: [nx])
    }

    /// bk; `lx` only with mutual authentication.
    public func bindingKey(initiatorNonce: [UInt8], responderNonce: [UInt8], mx: SecretBytes, nx: SecretBytes,
                           lx: SecretBytes?) throws -> SecretBytes {
        try checkNonces(initiatorNonce, responderNonce)
        try checkCoordinate(mx, "M.x")
        try checkCoordinate(nx, "N.x")
        var ikm: [any ContiguousOctets] = [mx, nx]
        if let lx {
            try checkCoordinate(lx, "L.x")
            ikm.append(lx)
        }
        return try hkdf.extract(salt: initiatorNonce + responderNonce, ikm: ikm)
    }

    /// ke, the key of the inner wrapped auth tags and of the Confirm.
    public func encryptionKey(bindingKey: SecretBytes) throws -> SecretBytes {
        try hkdf.expand(prk: bindingKey, info: [Array("DPP Key".utf8)], length: curve.hash.digestLength)
    }

    // MARK: - Authenticating tags

    /// R-auth; `initiatorBootstrapKey` only with mutual authentication.
    public func responderAuthTag(initiatorNonce: [UInt8], responderNonce: [UInt8], initiatorProtocolKey: ECPoint,
                                 responderProtocolKey: ECPoint, initiatorBootstrapKey: ECPoint?,
                                 responderBootstrapKey: ECPoint) throws -> [UInt8] {
        try checkNonces(initiatorNonce, responderNonce)
        try checkCurve(initiatorProtocolKey, responderProtocolKey, responderBootstrapKey, initiatorBootstrapKey)
        var parts: [any ContiguousOctets] = [initiatorNonce, responderNonce, try initiatorProtocolKey.x,
                                             try responderProtocolKey.x]
        if let initiatorBootstrapKey { parts.append(try initiatorBootstrapKey.x) }
        parts += [try responderBootstrapKey.x, [UInt8(0)]]
        return try curve.hash.hash(parts)
    }

    /// I-auth; `initiatorBootstrapKey` only with mutual authentication.
    public func initiatorAuthTag(initiatorNonce: [UInt8], responderNonce: [UInt8], initiatorProtocolKey: ECPoint,
                                 responderProtocolKey: ECPoint, initiatorBootstrapKey: ECPoint?,
                                 responderBootstrapKey: ECPoint) throws -> [UInt8] {
        try checkNonces(initiatorNonce, responderNonce)
        try checkCurve(initiatorProtocolKey, responderProtocolKey, responderBootstrapKey, initiatorBootstrapKey)
        var parts: [any ContiguousOctets] = [responderNonce, initiatorNonce, try responderProtocolKey.x,
                                             try initiatorProtocolKey.x, try responderBootstrapKey.x]
        if let initiatorBootstrapKey { parts.append(try initiatorBootstrapKey.x) }
        parts.append([UInt8(1)])
        return try curve.hash.hash(parts)
    }

    // MARK: - Checks

    private func checkCurve(_ points: ECPoint?...) throws {
        guard points.allSatisfy({ $0 == nil || $0?.curve == curve }) else { throw EasyConnectError.curveMismatch }
    }

    private func checkCoordinate(_ value: SecretBytes, _ name: String) throws {
        guard value.count == curve.primeLength else {
            throw EasyConnectError.invalidLength(what: name, expected: "\(curve.primeLength)", actual: value.count)
        }
    }

    private func checkNonces(_ initiatorNonce: [UInt8], _ responderNonce: [UInt8]) throws {
        for nonce in [initiatorNonce, responderNonce] where nonce.count != curve.nonceLength {
            throw EasyConnectError.invalidLength(what: "nonce", expected: "\(curve.nonceLength)", actual: nonce.count)
        }
    }
}
