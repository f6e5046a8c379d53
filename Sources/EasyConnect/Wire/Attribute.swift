/// One DPP attribute: a type and its value.
public struct Attribute: Equatable, Sendable {
    public let id: AttributeID
    public let value: [UInt8]

    public init(_ id: AttributeID, _ value: [UInt8]) {
        self.id = id
        self.value = value
    }

    /// A one-octet attribute (status, capabilities, protocol version).
    public init(_ id: AttributeID, octet: UInt8) {
        self.init(id, [octet])
    }

    /// Largest value a 16-bit length can carry.
    public static let maximumValueLength = Int(UInt16.max)
}

/// The attributes of a frame or of a wrapped payload, as parsed: in order,
/// each at most once (except those that may repeat), with Wrapped Data, if
/// present, last.  Keeps the octets before Wrapped Data exactly as received,
/// since they are the associated data of the wrapping.
public struct AttributeList: Sendable {
    /// Every attribute in order, Wrapped Data included.
    public let attributes: [Attribute]
    /// The encoded attributes that precede Wrapped Data (all of them when
    /// there is none).
    public let octetsBeforeWrappedData: [UInt8]

    init(attributes: [Attribute], octetsBeforeWrappedData: [UInt8]) {
        self.attributes = attributes
        self.octetsBeforeWrappedData = octetsBeforeWrappedData
    }

    /// The value of `id`, if present.
    public func value(_ id: AttributeID) -> [UInt8]? {
        attributes.first { $0.id == id }?.value
    }

    /// Every value of `id` (for attributes that may repeat).
    public func values(_ id: AttributeID) -> [[UInt8]] {
        attributes.filter { $0.id == id }.map(\.value)
    }

    /// The value of a mandatory attribute.
    public func required(_ id: AttributeID) throws -> [UInt8] {
        guard let value = value(id) else { throw EasyConnectError.malformedFrame(.missingAttribute(id)) }
        return value
    }

    /// A mandatory attribute whose value has a fixed length.
    public func required(_ id: AttributeID, length: Int) throws -> [UInt8] {
        let value = try required(id)
        guard value.count == length else {
            throw EasyConnectError.malformedFrame(.invalidAttributeLength(id, value.count))
        }
        return value
    }

    /// A mandatory one-octet attribute.
    public func requiredOctet(_ id: AttributeID) throws -> UInt8 {
        try required(id, length: 1)[0]
    }

    /// An optional attribute; if present its value must have `length` octets.
    public func optional(_ id: AttributeID, length: Int) throws -> [UInt8]? {
        guard let value = value(id) else { return nil }
        guard value.count == length else {
            throw EasyConnectError.malformedFrame(.invalidAttributeLength(id, value.count))
        }
        return value
    }

    /// The Wrapped Data value, if present.
    public var wrappedData: [UInt8]? { value(.wrappedData) }

    /// The Status attribute as a known status code.
    public func requiredStatus() throws -> DPPStatus {
        let octet = try requiredOctet(.status)
        guard let status = DPPStatus(rawValue: octet) else {
            throw EasyConnectError.malformedFrame(.unknownStatus(octet))
        }
        return status
    }
}
