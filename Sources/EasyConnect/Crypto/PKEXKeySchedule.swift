/// The key schedule of PKEX on one curve.  X = x·G and Y = y·G are the
/// ephemeral keys, A = a·G and B = b·G the bootstrapping keys being exchanged,
/// `code` the shared code, `.x` an X coordinate.
///
///     Qi = H([MAC-I ‖] [identifier ‖] code)·Pi     M = X + Qi   (sent by the initiator)
///     Qr = H([MAC-R ‖] [identifier ‖] code)·Pr     N = Y + Qr   (sent by the responder)
///     K = x·Y = y·X
///     z = HKDF(<>, C-I ‖ C-R ‖ M.x ‖ N.x ‖ code, K.x)
///     J = a·Y = y·A     u = HMAC(J.x, [MAC-I ‖] A.x ‖ Y.x ‖ X.x)
///     L = b·X = x·B     v = HMAC(L.x, [MAC-R ‖] B.x ‖ X.x ‖ Y.x)
///
/// PKEX v1 puts the MAC addresses in: C-I/C-R are MAC-I/MAC-R.  PKEX v2 drops
/// the MACs everywhere and C-I/C-R are the two protocol version octets.
/// H is the curve's hash; its output is a scalar reduced modulo n.
public struct PKEXKeySchedule: Sendable {
    public enum Version: Sendable, Equatable {
        /// PKEX v1 (frames 7/8): the MAC addresses of both peers, 6 octets each.
        case v1(initiatorMAC: [UInt8], responderMAC: [UInt8])
        /// PKEX v2 (frame 18): the protocol versions both peers announced.
        case v2(initiatorVersion: UInt8, responderVersion: UInt8)
    }

    public let curve: Curve
    public let version: Version

    public init(curve: Curve, version: Version) throws {
        if case .v1(let initiatorMAC, let responderMAC) = version {
            for mac in [initiatorMAC, responderMAC] where mac.count != 6 {
                throw EasyConnectError.invalidLength(what: "MAC address", expected: "6", actual: mac.count)
            }
        }
        self.curve = curve
        self.version = version
    }

    /// The MAC address that v1 mixes into a role's values, none in v2.
    private func mac(_ role: PKEXRole) -> [UInt8] {
        switch (version, role) {
        case (.v1(let initiatorMAC, _), .initiator): return initiatorMAC
        case (.v1(_, let responderMAC), .responder): return responderMAC
        case (.v2, _): return []
        }
    }

    /// Qi (initiator) or Qr (responder): the mask of the role's ephemeral key.
    /// `identifier` is the optional code identifier, as sent.
    public func mask(role: PKEXRole, identifier: String?, code: String) throws -> ECPoint {
        var parts: [any ContiguousOctets] = [mac(role)]
        if let identifier { parts.append(Array(identifier.utf8)) }
        parts.append(SecretBytes(Array(code.utf8)))
        let digest = SecretBytes(try curve.hash.hash(parts))
        let scalar = try ECScalar(curve: curve, reducing: digest)
        return try role.element(on: curve).multiplied(by: scalar)
    }

    /// M (initiator) or N (responder): the ephemeral key plus the role's mask.
    public func maskedKey(_ ephemeralKey: ECPoint, role: PKEXRole, identifier: String?,
                          code: String) throws -> ECPoint {
        try ephemeralKey.adding(mask(role: role, identifier: identifier, code: code))
    }

    /// The peer's ephemeral key from its masked key: N − Qr or M − Qi.
    /// A result at infinity throws `pointAtInfinity` (the exchange ends).
    public func unmaskedKey(_ maskedKey: ECPoint, role: PKEXRole, identifier: String?,
                            code: String) throws -> ECPoint {
        try maskedKey.adding(mask(role: role, identifier: identifier, code: code).negated())
    }

    /// z, the key of the Commit-Reveal wrapped data.
    public func z(mx: [UInt8], nx: [UInt8], code: String, kx: SecretBytes) throws -> SecretBytes {
        for (name, value) in [("M.x", mx.count), ("N.x", nx.count), ("K.x", kx.count)]
        where value != curve.primeLength {
            throw EasyConnectError.invalidLength(what: name, expected: "\(curve.primeLength)", actual: value)
        }
        let context: [UInt8]
        switch version {
        case .v1(let initiatorMAC, let responderMAC): context = initiatorMAC + responderMAC
        case .v2(let initiatorVersion, let responderVersion): context = [initiatorVersion, responderVersion]
        }
        let info: [any ContiguousOctets] = [context, mx, nx, SecretBytes(Array(code.utf8))]
        return try HKDF(hash: curve.hash).deriveKey(salt: [UInt8](), info: info, ikm: [kx])
    }

    /// u, the initiator's commitment: HMAC(J.x, [MAC-I ‖] A.x ‖ Y.x ‖ X.x).
    public func initiatorTag(jx: SecretBytes, initiatorBootstrapKey a: ECPoint, initiatorEphemeralKey x: ECPoint,
                             responderEphemeralKey y: ECPoint) throws -> SecretBytes {
        try curve.hash.hmac(key: jx, [mac(.initiator), try a.x, try y.x, try x.x])
    }

    /// v, the responder's commitment: HMAC(L.x, [MAC-R ‖] B.x ‖ X.x ‖ Y.x).
    public func responderTag(lx: SecretBytes, responderBootstrapKey b: ECPoint, initiatorEphemeralKey x: ECPoint,
                             responderEphemeralKey y: ECPoint) throws -> SecretBytes {
        try curve.hash.hmac(key: lx, [mac(.responder), try b.x, try x.x, try y.x])
    }
}
