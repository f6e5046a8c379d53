/// The PTK (IEEE 802.11-2020 12.7.1.3): KCK ‖ KEK ‖ TK, derived from the PMK,
/// both addresses and both nonces.
public struct PairwiseTransientKey: Equatable, Sendable {
    /// Key Confirmation Key: the EAPOL-Key MIC key.
    public let kck: [UInt8]
    /// Key Encryption Key: wraps EAPOL-Key Key Data.
    public let kek: [UInt8]
    /// Temporal Key: what the driver encrypts unicast data with.
    public let tk: [UInt8]

    /// KCK and KEK lengths of the PSK AKMs (00-0F-AC:2 and :6, Table 12-11).
    static let kckLength = 16
    static let kekLength = 16

    public init(kck: [UInt8], kek: [UInt8], tk: [UInt8]) {
        self.kck = kck
        self.kek = kek
        self.tk = tk
    }

    /// PRF-384 (AKM 00-0F-AC:2) or KDF-SHA256-384 (00-0F-AC:6) of the PMK over
    /// "Pairwise key expansion", Min(AA, SPA) ‖ Max(AA, SPA) ‖
    /// Min(ANonce, SNonce) ‖ Max(ANonce, SNonce), split by the cipher's TK length.
    public static func derive(pmk: [UInt8], authenticatorAddress: [UInt8], supplicantAddress: [UInt8],
                              authenticatorNonce: [UInt8], supplicantNonce: [UInt8],
                              akm: AKMSuite, pairwiseCipher: CipherSuite) throws(WPAError) -> PairwiseTransientKey {
        guard let tkLength = pairwiseCipher.temporalKeyLength else {
            throw .unsupported("pairwise cipher \(pairwiseCipher)")
        }
        let data = ordered(authenticatorAddress, supplicantAddress) + ordered(authenticatorNonce, supplicantNonce)
        let bits = (kckLength + kekLength + tkLength) * 8
        let label = "Pairwise key expansion"
        let ptk: [UInt8]
        switch akm {
        case .psk: ptk = try KeyDerivation.prf(key: pmk, label: label, data: data, bits: bits)
        case .pskSHA256: ptk = try KeyDerivation.kdfSHA256(key: pmk, label: label, context: data, bits: bits)
        default: throw .unsupported("AKM \(akm)")
        }
        return PairwiseTransientKey(kck: Array(ptk[0..<kckLength]), kek: Array(ptk[kckLength..<kckLength + kekLength]),
                                    tk: Array(ptk[(kckLength + kekLength)...]))
    }

    /// Min(a, b) ‖ Max(a, b), comparing as unsigned big-endian numbers.
    private static func ordered(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        a.lexicographicallyPrecedes(b) ? a + b : b + a
    }
}
