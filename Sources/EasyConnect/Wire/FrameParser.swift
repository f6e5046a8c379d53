/// The strict reader of public action frames (bodies starting with the
/// category octet).  Malformed input throws `malformedFrame`, never traps.
public enum FrameParser {
    public static func parse(_ octets: some Collection<UInt8>) throws -> ActionFrame {
        var reader = OctetReader(Array(octets))
        let category = try reader.octet()
        guard category == ActionFrame.publicCategory else {
            throw EasyConnectError.malformedFrame(.notPublicAction(category))
        }
        let actionCode = try reader.octet()
        switch ActionFrame.Action(rawValue: actionCode) {
        case .vendorSpecific:
            return .dpp(try parseDPP(&reader))
        case .gasInitialRequest:
            let token = try reader.octet()
            try readAdvertisementProtocol(&reader)
            return .gasInitialRequest(GASInitialRequest(dialogToken: token, query: try readQuery(&reader)))
        case .gasInitialResponse:
            let token = try reader.octet()
            let status = try reader.littleEndian16()
            let delay = try reader.littleEndian16()
            try readAdvertisementProtocol(&reader)
            return .gasInitialResponse(GASInitialResponse(dialogToken: token, statusCode: status,
                                                          comebackDelay: delay, query: try readQuery(&reader)))
        case nil:
            throw EasyConnectError.malformedFrame(.unsupportedAction(actionCode))
        }
    }

    /// A DPP frame given from its OUI on (`50 6f 9a 1a 01 <type> ...`), the
    /// form of the shared vectors.
    public static func parseDPP(fromHeader octets: some Collection<UInt8>) throws -> DPPFrame {
        var reader = OctetReader(Array(octets))
        return try parseDPP(&reader)
    }

    private static func parseDPP(_ reader: inout OctetReader) throws -> DPPFrame {
        guard try reader.octets(DPPFrame.ouiTypeAndSuite.count) == DPPFrame.ouiTypeAndSuite else {
            throw EasyConnectError.malformedFrame(.notDPP)
        }
        let typeOctet = try reader.octet()
        guard let type = FrameType(rawValue: typeOctet) else {
            throw EasyConnectError.malformedFrame(.unknownFrameType(typeOctet))
        }
        return DPPFrame(type: type, attributes: try AttributeParser.parse(reader.rest()))
    }

    private static func readAdvertisementProtocol(_ reader: inout OctetReader) throws {
        let element = try reader.octets(DPPAdvertisementProtocol.length)
        guard element[0] == DPPAdvertisementProtocol.elementID, element[1] == 0x08,
              DPPAdvertisementProtocol.acceptedInfo.contains(element[2]),
              element[3] == 0xdd, element[4] == 0x05,
              Array(element[5...]) == DPPFrame.ouiTypeAndSuite else {
            throw EasyConnectError.malformedFrame(.notDPPAdvertisementProtocol)
        }
    }

    /// Query length (little-endian 16 bits) then exactly that many octets.
    private static func readQuery(_ reader: inout OctetReader) throws -> [UInt8] {
        let length = Int(try reader.littleEndian16())
        let query = try reader.octets(length)
        guard reader.isAtEnd else { throw EasyConnectError.malformedFrame(.trailingOctets) }
        return query
    }
}

/// Bounds-checked sequential reads: running out is a `truncatedFrame`.
struct OctetReader {
    private let octets: [UInt8]
    private var offset = 0

    init(_ octets: [UInt8]) { self.octets = octets }

    var isAtEnd: Bool { offset == octets.count }

    mutating func octet() throws -> UInt8 { try octets(1)[0] }

    mutating func littleEndian16() throws -> UInt16 {
        let two = try octets(2)
        return UInt16(two[0]) | UInt16(two[1]) << 8
    }

    mutating func octets(_ count: Int) throws -> [UInt8] {
        guard count >= 0, octets.count - offset >= count else { throw EasyConnectError.malformedFrame(.truncatedFrame) }
        defer { offset += count }
        return Array(octets[offset..<(offset + count)])
    }

    mutating func rest() -> [UInt8] {
        defer { offset = octets.count }
        return Array(octets[offset...])
    }
}
