import COpenSSL

/// A secret scalar of a curve's group, 1 ≤ k < n: a private key, or a value
/// derived from a hash (PKEX) or from other scalars.  Its `BIGNUM` lives on
/// OpenSSL's secure heap when there is one and is wiped when released.
public struct ECScalar: Sendable {
    // Immutable after init, hence safe to share between threads.
    final class Handle: @unchecked Sendable {
        let pointer: OpaquePointer

        init() throws {
            guard let bn = BN_secure_new() else { throw OpenSSL.failure("BN_secure_new") }
            BN_set_flags(bn, BN_FLG_CONSTTIME)
            pointer = bn
        }

        deinit { BN_clear_free(pointer) }
    }

    public let curve: Curve
    let handle: Handle

    private init(curve: Curve, handle: Handle) {
        self.curve = curve
        self.handle = handle
    }

    /// A private key from its big-endian encoding, exactly the prime length
    /// long (the vectors' and DPP's padding); must be in 1..<n.
    public init(curve: Curve, bytes: some ContiguousOctets) throws {
        let handle = try Handle()
        try bytes.withUnsafeBytes { bytes in
            guard bytes.count == curve.primeLength else {
                throw EasyConnectError.invalidScalar("\(bytes.count) octets, \(curve) needs \(curve.primeLength)")
            }
            try Self.load(bytes, into: handle.pointer)
        }
        let group = try curve.group
        guard BN_is_zero(handle.pointer) == 0, BN_cmp(handle.pointer, group.order) < 0 else {
            throw EasyConnectError.invalidScalar("not in 1..<n")
        }
        self.init(curve: curve, handle: handle)
    }

    /// The integer `bytes` (big-endian, any length: a hash output) reduced
    /// modulo n; throws `invalidScalar` if that is zero.
    public init(curve: Curve, reducing bytes: some ContiguousOctets) throws {
        let handle = try Handle()
        let group = try curve.group
        let value = try Handle()
        try bytes.withUnsafeBytes { try Self.load($0, into: value.pointer) }
        try OpenSSL.withBNContext { ctx in
            guard BN_nnmod(handle.pointer, value.pointer, group.order, ctx) == 1 else {
                throw OpenSSL.failure("BN_nnmod")
            }
        }
        guard BN_is_zero(handle.pointer) == 0 else { throw EasyConnectError.invalidScalar("zero modulo n") }
        self.init(curve: curve, handle: handle)
    }

    /// A uniformly random scalar in 1..<n (OpenSSL's private-key generator).
    public static func random(curve: Curve) throws -> ECScalar {
        let group = try curve.group
        let handle = try Handle()
        repeat {
            guard BN_priv_rand_range_ex(handle.pointer, group.order, 0, nil) == 1 else {
                throw OpenSSL.failure("BN_priv_rand_range_ex")
            }
        } while BN_is_zero(handle.pointer) == 1
        return ECScalar(curve: curve, handle: handle)
    }

    /// (self + other) mod n; used by the DPP responder for L = (bR + pR)·BI.
    public func adding(_ other: ECScalar) throws -> ECScalar {
        guard other.curve == curve else { throw EasyConnectError.curveMismatch }
        let group = try curve.group
        let handle = try Handle()
        try OpenSSL.withBNContext { ctx in
            guard BN_mod_add(handle.pointer, self.handle.pointer, other.handle.pointer, group.order, ctx) == 1 else {
                throw OpenSSL.failure("BN_mod_add")
            }
        }
        guard BN_is_zero(handle.pointer) == 0 else { throw EasyConnectError.invalidScalar("sum is zero modulo n") }
        return ECScalar(curve: curve, handle: handle)
    }

    /// The big-endian encoding padded to the prime length, as a secret.
    public func bytes() throws -> SecretBytes {
        try SecretBytes(count: curve.primeLength) { out in
            guard BN_bn2binpad(handle.pointer, out.baseAddress?.assumingMemoryBound(to: UInt8.self),
                               Int32(out.count)) == Int32(out.count) else {
                throw OpenSSL.failure("BN_bn2binpad")
            }
        }
    }

    private static func load(_ bytes: UnsafeRawBufferPointer, into bn: OpaquePointer) throws {
        guard bytes.count <= 1024 else {
            throw EasyConnectError.invalidScalar("\(bytes.count) octets")
        }
        var zero: UInt8 = 0
        let loaded = withUnsafePointer(to: &zero) { zeroPointer in
            BN_bin2bn(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? zeroPointer, Int32(bytes.count), bn)
        }
        guard loaded != nil else { throw OpenSSL.failure("BN_bin2bn") }
    }
}
