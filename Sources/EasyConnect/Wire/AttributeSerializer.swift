/// The writer of DPP attribute lists, the inverse of `AttributeParser`.
public enum AttributeSerializer {
    /// The encoding of `attributes` in order.  A value longer than a 16-bit
    /// length can say is a programming error of the caller's, reported as
    /// `invalidLength` rather than truncated.
    public static func serialize(_ attributes: [Attribute]) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(attributes.reduce(0) { $0 + 4 + $1.value.count })
        for attribute in attributes {
            guard attribute.value.count <= Attribute.maximumValueLength else {
                throw EasyConnectError.invalidLength(what: "\(attribute.id) value",
                                                     expected: "<= \(Attribute.maximumValueLength)",
                                                     actual: attribute.value.count)
            }
            appendLittleEndian(attribute.id.rawValue, to: &out)
            appendLittleEndian(UInt16(attribute.value.count), to: &out)
            out += attribute.value
        }
        return out
    }

    static func appendLittleEndian(_ value: UInt16, to out: inout [UInt8]) {
        out.append(UInt8(value & 0xff))
        out.append(UInt8(value >> 8))
    }
}
