/// An EC key pair: a private scalar and its public point (scalar · G).
/// Bootstrapping keys, protocol keys and PKEX's ephemeral keys are all this.
public struct ECKeyPair: Sendable {
    public let privateKey: ECScalar
    public let publicKey: ECPoint

    public var curve: Curve { privateKey.curve }

    /// A fresh random key pair.
    public static func generate(curve: Curve) throws -> ECKeyPair {
        try ECKeyPair(privateKey: ECScalar.random(curve: curve))
    }

    /// The key pair of a private key given as big-endian octets of the prime length.
    public init(curve: Curve, privateKey bytes: some ContiguousOctets) throws {
        try self.init(privateKey: ECScalar(curve: curve, bytes: bytes))
    }

    public init(privateKey: ECScalar) throws {
        self.privateKey = privateKey
        self.publicKey = try ECPoint.generatorMultiplied(by: privateKey)
    }

    /// ECDH: the X coordinate of privateKey · peer, padded to the prime length.
    public func sharedSecret(with peer: ECPoint) throws -> SecretBytes {
        try privateKey.sharedSecret(with: peer)
    }
}

extension ECScalar {
    /// ECDH with this scalar: the X coordinate of self · peer, padded to the
    /// prime length.  The peer point was validated when it was decoded.
    public func sharedSecret(with peer: ECPoint) throws -> SecretBytes {
        try peer.multiplied(by: self).secretX()
    }
}
