import COpenSSL

/// A validated point of a curve: on the curve and not the point at infinity.
/// Every way to make one (decoding, addition, multiplication) checks both, so
/// holding an `ECPoint` means holding a usable public value.
public struct ECPoint: Sendable {
    // Immutable after init, hence safe to share between threads.
    final class Handle: @unchecked Sendable {
        let pointer: OpaquePointer

        init(group: ECGroup) throws {
            guard let point = EC_POINT_new(group.pointer) else { throw OpenSSL.failure("EC_POINT_new") }
            pointer = point
        }

        // Cleared: intermediate points (Qi, Qr, ...) can be secret.
        deinit { EC_POINT_clear_free(pointer) }
    }

    public let curve: Curve
    let handle: Handle

    /// Checks a freshly computed or decoded point.
    private init(curve: Curve, validating handle: Handle) throws {
        let group = try curve.group
        guard EC_POINT_is_at_infinity(group.pointer, handle.pointer) == 0 else {
            throw EasyConnectError.pointAtInfinity
        }
        let onCurve = try OpenSSL.withBNContext { EC_POINT_is_on_curve(group.pointer, handle.pointer, $0) }
        guard onCurve == 1 else {
            OpenSSL.clearErrors()
            throw EasyConnectError.pointNotOnCurve
        }
        self.curve = curve
        self.handle = handle
    }

    // MARK: - Decoding

    /// A point from its SEC1 octets: `04 ‖ X ‖ Y` (uncompressed) or
    /// `02/03 ‖ X` (compressed).  Rejects the hybrid forms, the one-octet
    /// encoding of infinity, wrong lengths, coordinates not below the prime,
    /// and points not on the curve.
    public init(curve: Curve, sec1 octets: some ContiguousOctets) throws {
        let group = try curve.group
        let handle = try Handle(group: group)
        try octets.withUnsafeBytes { octets in
            let p = curve.primeLength
            guard let prefix = octets.first else { throw EasyConnectError.invalidPointEncoding("empty") }
            switch prefix {
            case 0x02, 0x03:
                guard octets.count == 1 + p else {
                    throw EasyConnectError.invalidPointEncoding("compressed \(curve) point of \(octets.count) octets")
                }
            case 0x04:
                guard octets.count == 1 + 2 * p else {
                    throw EasyConnectError.invalidPointEncoding("uncompressed \(curve) point of \(octets.count) octets")
                }
            case 0x00:
                throw EasyConnectError.pointAtInfinity
            default:
                throw EasyConnectError.invalidPointEncoding("prefix octet \(prefix)")
            }
            let coordinates = UnsafeRawBufferPointer(rebasing: octets[1...])
            for start in stride(from: 0, to: coordinates.count, by: p) {
                guard try group.isBelowPrime(UnsafeRawBufferPointer(rebasing: coordinates[start..<start + p])) else {
                    throw EasyConnectError.invalidPointEncoding("coordinate not below the field prime")
                }
            }
            let decoded = try OpenSSL.withBNContext { ctx in
                EC_POINT_oct2point(group.pointer, handle.pointer,
                                   octets.baseAddress?.assumingMemoryBound(to: UInt8.self), octets.count, ctx)
            }
            guard decoded == 1 else {
                OpenSSL.clearErrors()
                // With in-range coordinates, only the curve equation is left:
                // (x, y) off the curve, or no y for a compressed x.
                if prefix == 0x04 { throw EasyConnectError.pointNotOnCurve }
                throw EasyConnectError.invalidPointEncoding("no point with this X coordinate")
            }
        }
        try self.init(curve: curve, validating: handle)
    }

    /// A point from X ‖ Y, each coordinate padded to the prime length: the
    /// form of DPP and PKEX key attributes and of the vectors.
    public init(curve: Curve, xy: some ContiguousOctets) throws {
        let octets = xy.withUnsafeBytes { [0x04] + Array($0) }
        guard octets.count == 1 + 2 * curve.primeLength else {
            throw EasyConnectError.invalidPointEncoding("X‖Y of \(octets.count - 1) octets for \(curve)")
        }
        try self.init(curve: curve, sec1: octets)
    }

    // MARK: - Encoding

    /// X ‖ Y, each padded to the prime length.
    public var xy: [UInt8] { get throws { Array(try encoded(compressed: false).dropFirst()) } }

    /// The X coordinate, padded to the prime length.
    public var x: [UInt8] { get throws { Array(try encoded(compressed: false)[1...curve.primeLength]) } }

    /// The X coordinate as a secret (for ECDH results and other shared points).
    func secretX() throws -> SecretBytes {
        let group = try curve.group
        return try SecretBytes(count: 1 + 2 * curve.primeLength) { out in
            try write(into: out, form: POINT_CONVERSION_UNCOMPRESSED, group: group)
        }.withUnsafeBytes { SecretBytes($0[1...curve.primeLength]) }
    }

    /// SEC1 octets: `02/03 ‖ X` when `compressed`, else `04 ‖ X ‖ Y`.
    public func encoded(compressed: Bool) throws -> [UInt8] {
        let group = try curve.group
        var out = [UInt8](repeating: 0, count: compressed ? 1 + curve.primeLength : 1 + 2 * curve.primeLength)
        try out.withUnsafeMutableBytes {
            try write(into: $0, form: compressed ? POINT_CONVERSION_COMPRESSED : POINT_CONVERSION_UNCOMPRESSED,
                      group: group)
        }
        return out
    }

    private func write(into out: UnsafeMutableRawBufferPointer, form: point_conversion_form_t,
                       group: ECGroup) throws {
        let written = try OpenSSL.withBNContext { ctx in
            EC_POINT_point2oct(group.pointer, handle.pointer, form,
                               out.baseAddress?.assumingMemoryBound(to: UInt8.self), out.count, ctx)
        }
        guard written == out.count else { throw OpenSSL.failure("EC_POINT_point2oct") }
    }

    // MARK: - Arithmetic

    /// self + other; throws `pointAtInfinity` when the sum is infinity.
    public func adding(_ other: ECPoint) throws -> ECPoint {
        guard other.curve == curve else { throw EasyConnectError.curveMismatch }
        let group = try curve.group
        let sum = try Handle(group: group)
        let added = try OpenSSL.withBNContext { EC_POINT_add(group.pointer, sum.pointer, handle.pointer,
                                                             other.handle.pointer, $0) }
        guard added == 1 else { throw OpenSSL.failure("EC_POINT_add") }
        return try ECPoint(curve: curve, validating: sum)
    }

    /// −self (the same X, the other Y).
    public func negated() throws -> ECPoint {
        let group = try curve.group
        let result = try Handle(group: group)
        guard EC_POINT_copy(result.pointer, handle.pointer) == 1 else { throw OpenSSL.failure("EC_POINT_copy") }
        let inverted = try OpenSSL.withBNContext { EC_POINT_invert(group.pointer, result.pointer, $0) }
        guard inverted == 1 else { throw OpenSSL.failure("EC_POINT_invert") }
        return try ECPoint(curve: curve, validating: result)
    }

    /// scalar · self.
    public func multiplied(by scalar: ECScalar) throws -> ECPoint {
        guard scalar.curve == curve else { throw EasyConnectError.curveMismatch }
        return try Self.multiply(curve: curve, scalar: scalar, point: self)
    }

    /// scalar · G, the public key of a private scalar.
    public static func generatorMultiplied(by scalar: ECScalar) throws -> ECPoint {
        try multiply(curve: scalar.curve, scalar: scalar, point: nil)
    }

    private static func multiply(curve: Curve, scalar: ECScalar, point: ECPoint?) throws -> ECPoint {
        let group = try curve.group
        let product = try Handle(group: group)
        let multiplied = try OpenSSL.withBNContext { ctx in
            if let point {
                return EC_POINT_mul(group.pointer, product.pointer, nil, point.handle.pointer,
                                    scalar.handle.pointer, ctx)
            }
            return EC_POINT_mul(group.pointer, product.pointer, scalar.handle.pointer, nil, nil, ctx)
        }
        guard multiplied == 1 else { throw OpenSSL.failure("EC_POINT_mul") }
        return try ECPoint(curve: curve, validating: product)
    }
}

extension ECPoint: Equatable {
    public static func == (lhs: ECPoint, rhs: ECPoint) -> Bool {
        guard lhs.curve == rhs.curve, let group = try? lhs.curve.group else { return false }
        let result = try? OpenSSL.withBNContext { EC_POINT_cmp(group.pointer, lhs.handle.pointer,
                                                               rhs.handle.pointer, $0) }
        return result == 0
    }
}
