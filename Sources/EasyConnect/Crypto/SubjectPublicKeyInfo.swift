/// DER SubjectPublicKeyInfo (RFC 5480) of an EC public key on a named curve,
/// the form of DPP bootstrapping keys:
///
///     SEQUENCE {
///       SEQUENCE { OID id-ecPublicKey, OID <named curve> }
///       BIT STRING { <SEC1 point> }
///     }
///
/// Produced with a compressed point, as DPP requires.  Parsing is strict DER
/// (definite, minimal lengths; nothing left over at any level) and accepts a
/// compressed or an uncompressed point, so a peer that publishes the latter
/// still works.  Explicit curve parameters and other algorithms are refused.
public enum SubjectPublicKeyInfo {
    /// 1.2.840.10045.2.1, id-ecPublicKey.
    static let ecPublicKeyOID: [UInt8] = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]

    private enum Tag: UInt8 {
        case sequence = 0x30, objectIdentifier = 0x06, bitString = 0x03
    }

    /// The DER of `point`, with the point compressed.
    public static func encode(_ point: ECPoint) throws -> [UInt8] {
        let algorithm = element(.objectIdentifier, ecPublicKeyOID)
            + element(.objectIdentifier, point.curve.objectIdentifier)
        let key = element(.bitString, [0x00] + (try point.encoded(compressed: true)))  // 0 unused bits
        return element(.sequence, element(.sequence, algorithm) + key)
    }

    /// The point of a DER SubjectPublicKeyInfo.
    public static func decode(_ der: some ContiguousOctets) throws -> ECPoint {
        let der = der.withUnsafeBytes { Array($0) }
        var outer = DERReader(der[...])
        var info = DERReader(try outer.read(.sequence))
        try outer.expectEnd()
        var algorithm = DERReader(try info.read(.sequence))
        let key = try info.read(.bitString)
        try info.expectEnd()

        guard try algorithm.read(.objectIdentifier).elementsEqual(ecPublicKeyOID) else {
            throw EasyConnectError.unsupportedCurve("not an EC public key")
        }
        guard algorithm.peekTag == Tag.objectIdentifier.rawValue else {
            throw EasyConnectError.unsupportedCurve("no named curve (explicit or absent parameters)")
        }
        let curveOID = try algorithm.read(.objectIdentifier)
        try algorithm.expectEnd()
        guard let curve = Curve(objectIdentifier: curveOID) else {
            throw EasyConnectError.unsupportedCurve("OID \(dotted(curveOID))")
        }
        guard key.first == 0x00 else {
            throw EasyConnectError.invalidPublicKeyInfo("public key BIT STRING with unused bits or empty")
        }
        return try ECPoint(curve: curve, sec1: Array(key.dropFirst()))
    }

    // MARK: - DER

    private static func element(_ tag: Tag, _ contents: [UInt8]) -> [UInt8] {
        [tag.rawValue] + encodedLength(contents.count) + contents
    }

    private static func encodedLength(_ length: Int) -> [UInt8] {
        if length < 0x80 { return [UInt8(length)] }
        var octets: [UInt8] = []
        var rest = length
        while rest > 0 {
            octets.insert(UInt8(rest & 0xff), at: 0)
            rest >>= 8
        }
        return [0x80 | UInt8(octets.count)] + octets
    }

    private struct DERReader {
        private var rest: ArraySlice<UInt8>

        init(_ bytes: ArraySlice<UInt8>) { rest = bytes }

        var peekTag: UInt8? { rest.first }

        mutating func read(_ tag: Tag) throws -> ArraySlice<UInt8> {
            guard let found = rest.first else { throw malformed("truncated: expected \(tag)") }
            guard found == tag.rawValue else { throw malformed("expected \(tag), found tag \(found)") }
            rest = rest.dropFirst()
            let length = try readLength()
            guard rest.count >= length else { throw malformed("truncated \(tag)") }
            defer { rest = rest.dropFirst(length) }
            return rest.prefix(length)
        }

        mutating func expectEnd() throws {
            guard rest.isEmpty else { throw malformed("\(rest.count) trailing octets") }
        }

        /// Definite form only, minimally encoded; at most 2 length octets
        /// (a bootstrapping key is a few hundred octets at most).
        private mutating func readLength() throws -> Int {
            guard let first = rest.popFirst() else { throw malformed("truncated length") }
            if first < 0x80 { return Int(first) }
            let count = Int(first & 0x7f)
            guard count >= 1, count <= 2, rest.count >= count else { throw malformed("bad length") }
            let value = rest.prefix(count).reduce(0) { $0 << 8 | Int($1) }
            rest = rest.dropFirst(count)
            guard value >= 0x80, value >> (8 * (count - 1)) != 0 else { throw malformed("non-minimal length") }
            return value
        }

        private func malformed(_ why: String) -> EasyConnectError { .invalidPublicKeyInfo(why) }
    }

    /// An OID's contents in dotted form, for error messages.
    private static func dotted(_ oid: ArraySlice<UInt8>) -> String {
        var arcs: [String] = []
        var value = 0
        for octet in oid {
            value = value << 7 | Int(octet & 0x7f)
            if octet & 0x80 == 0 {
                if arcs.isEmpty {
                    let first = min(value / 40, 2)
                    arcs += [String(first), String(value - 40 * first)]
                } else {
                    arcs.append(String(value))
                }
                value = 0
            }
            if value > Int.max >> 8 { return "(malformed)" }
        }
        return arcs.joined(separator: ".")
    }
}

extension ECPoint {
    /// This point as a DER SubjectPublicKeyInfo with a compressed point.
    public func subjectPublicKeyInfo() throws -> [UInt8] {
        try SubjectPublicKeyInfo.encode(self)
    }
}
