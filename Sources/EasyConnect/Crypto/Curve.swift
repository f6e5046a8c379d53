import COpenSSL

/// The elliptic curves DPP and PKEX run on, with everything that follows from
/// the choice of curve: hash, lengths, AES-SIV key size, OpenSSL names.
public enum Curve: String, Sendable, CaseIterable, CustomStringConvertible {
    case p256 = "P-256"
    case p384 = "P-384"
    case p521 = "P-521"

    public var description: String { rawValue }

    /// The hash of key derivations, HMACs and auth tags on this curve.  (The
    /// bootstrapping key hashes are SHA-256 on every curve.)
    public var hash: HashFunction {
        switch self {
        case .p256: return .sha256
        case .p384: return .sha384
        case .p521: return .sha512
        }
    }

    /// Octets of the field prime: the length of one coordinate, of an ECDH
    /// secret and of a private scalar.
    public var primeLength: Int {
        switch self {
        case .p256: return 32
        case .p384: return 48
        case .p521: return 66
        }
    }

    /// Length of the DPP I-nonce and R-nonce.
    public var nonceLength: Int {
        switch self {
        case .p256: return 16
        case .p384: return 24
        case .p521: return 32
        }
    }

    /// AES-SIV key length: keys are hash-length, so AES-128/192/256-SIV.
    public var sivKeyLength: Int { hash.digestLength }

    /// OpenSSL's numeric identifier of the curve.
    public var nid: Int32 {
        switch self {
        case .p256: return NID_X9_62_prime256v1
        case .p384: return NID_secp384r1
        case .p521: return NID_secp521r1
        }
    }

    /// OpenSSL's group name (the `group` parameter of EC keys).
    public var groupName: String {
        switch self {
        case .p256: return "prime256v1"
        case .p384: return "secp384r1"
        case .p521: return "secp521r1"
        }
    }

    /// DER contents (without tag and length) of the curve's object identifier
    /// in a SubjectPublicKeyInfo.
    var objectIdentifier: [UInt8] {
        switch self {
        case .p256: return [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]  // 1.2.840.10045.3.1.7
        case .p384: return [0x2b, 0x81, 0x04, 0x00, 0x22]  // 1.3.132.0.34
        case .p521: return [0x2b, 0x81, 0x04, 0x00, 0x23]  // 1.3.132.0.35
        }
    }

    /// The curve a DER object identifier names, if any.
    init?(objectIdentifier: some Collection<UInt8>) {
        guard let curve = Curve.allCases.first(where: { $0.objectIdentifier.elementsEqual(objectIdentifier) }) else {
            return nil
        }
        self = curve
    }
}
