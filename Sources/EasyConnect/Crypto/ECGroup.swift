import COpenSSL

/// One curve's OpenSSL `EC_GROUP`, created once and shared: a group is never
/// modified after creation, and OpenSSL's EC operations only read it.
final class ECGroup: @unchecked Sendable {
    let curve: Curve
    let pointer: OpaquePointer
    /// The group order n (owned by the group).
    let order: OpaquePointer
    /// The field prime p.
    private let prime: OpaquePointer

    static let p256 = ECGroup(.p256)
    static let p384 = ECGroup(.p384)
    static let p521 = ECGroup(.p521)

    private init?(_ curve: Curve) {
        guard let group = EC_GROUP_new_by_curve_name(curve.nid) else { return nil }
        guard let order = EC_GROUP_get0_order(group), let prime = BN_new() else {
            EC_GROUP_free(group)
            return nil
        }
        guard EC_GROUP_get_curve(group, prime, nil, nil, nil) == 1 else {
            BN_free(prime)
            EC_GROUP_free(group)
            return nil
        }
        self.curve = curve
        self.pointer = group
        self.order = order
        self.prime = prime
    }

    deinit {
        BN_free(prime)
        EC_GROUP_free(pointer)
    }

    /// True when the big-endian integer `bytes` is below the field prime.
    func isBelowPrime(_ bytes: UnsafeRawBufferPointer) throws -> Bool {
        guard let value = BN_bin2bn(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(bytes.count), nil)
        else { throw OpenSSL.failure("BN_bin2bn") }
        defer { BN_free(value) }
        return BN_cmp(value, prime) < 0
    }
}

extension Curve {
    /// The shared OpenSSL group of this curve.
    var group: ECGroup {
        get throws {
            let group: ECGroup?
            switch self {
            case .p256: group = ECGroup.p256
            case .p384: group = ECGroup.p384
            case .p521: group = ECGroup.p521
            }
            guard let group else { throw OpenSSL.failure("EC_GROUP_new_by_curve_name(\(groupName))") }
            return group
        }
    }
}
