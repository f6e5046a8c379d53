import COpenSSL

/// Random octets from OpenSSL's CSPRNG (`RAND_bytes`).
public enum Random {
    /// Public random octets (nonces).
    public static func bytes(_ count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        try out.withUnsafeMutableBytes { try fill($0) }
        return out
    }

    /// Random octets for key material, in a wiped-on-release buffer.
    public static func secret(_ count: Int) throws -> SecretBytes {
        try SecretBytes(count: count) { try fill($0) }
    }

    static func fill(_ buffer: UnsafeMutableRawBufferPointer) throws {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        guard buffer.count <= Int(Int32.max),
              RAND_bytes(base.assumingMemoryBound(to: UInt8.self), Int32(buffer.count)) == 1 else {
            throw OpenSSL.failure("RAND_bytes")
        }
    }
}
