/// The strict reader of DPP attribute lists (little-endian 16-bit type,
/// little-endian 16-bit length, value).  Every malformed input throws
/// `malformedFrame`; nothing is ever read past the end of the input.
public enum AttributeParser {
    /// Parses the whole of `octets` as attributes.  Refused: a truncated
    /// header or value, trailing octets, an attribute after Wrapped Data, and
    /// a repeated attribute (other than those that may repeat).
    public static func parse(_ octets: some Collection<UInt8>) throws -> AttributeList {
        let octets = Array(octets)
        var attributes: [Attribute] = []
        var seen: Set<AttributeID> = []
        var offset = 0
        var octetsBeforeWrappedData: [UInt8]?
        while offset < octets.count {
            guard octets.count - offset >= 4 else { throw EasyConnectError.malformedFrame(.truncatedAttribute) }
            let id = AttributeID(rawValue: UInt16(octets[offset]) | UInt16(octets[offset + 1]) << 8)
            let length = Int(octets[offset + 2]) | Int(octets[offset + 3]) << 8
            guard octets.count - offset - 4 >= length else {
                throw EasyConnectError.malformedFrame(.truncatedAttribute)
            }
            if octetsBeforeWrappedData != nil { throw EasyConnectError.malformedFrame(.attributeAfterWrappedData) }
            guard seen.insert(id).inserted || id.mayRepeat else {
                throw EasyConnectError.malformedFrame(.duplicateAttribute(id))
            }
            if id == .wrappedData { octetsBeforeWrappedData = Array(octets[..<offset]) }
            attributes.append(Attribute(id, Array(octets[(offset + 4)..<(offset + 4 + length)])))
            offset += 4 + length
        }
        return AttributeList(attributes: attributes, octetsBeforeWrappedData: octetsBeforeWrappedData ?? octets)
    }
}
