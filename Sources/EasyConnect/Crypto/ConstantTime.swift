import COpenSSL

/// Comparisons whose running time does not depend on where the inputs differ.
public enum ConstantTime {
    /// True when `a` and `b` hold the same octets.  Lengths are compared
    /// first and are not treated as secret (tags and hashes have fixed sizes).
    public static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let pa = a.baseAddress, let pb = b.baseAddress else { return true }  // both empty
        return CRYPTO_memcmp(pa, pb, a.count) == 0
    }

    public static func equals(_ a: some ContiguousOctets, _ b: some ContiguousOctets) -> Bool {
        a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in equals(pa, pb) } }
    }
}
