/// The hashes that name a bootstrapping key on the air, over the DER
/// SubjectPublicKeyInfo exactly as published (in the URI): SHA-256 on every
/// curve.
public enum BootstrappingKeyHash {
    /// SHA-256(DER): the I/R Bootstrapping Key Hash attributes.
    public static func keyHash(der: [UInt8]) throws -> [UInt8] {
        try HashFunction.sha256.hash([der])
    }

    /// SHA-256("chirp" ‖ DER): the hash of a Presence Announcement.
    public static func chirpHash(der: [UInt8]) throws -> [UInt8] {
        try HashFunction.sha256.hash([Array("chirp".utf8), der])
    }
}
