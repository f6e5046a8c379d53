/// The strict reader of public action frames (bodies starting with the
/// category octet).  Malformed input throws `malformedFrame`, never traps.
public enum FrameParser {
    public static func parse(_ octets: some Collection<UInt8>) throws -> ActionFrame {
        var reader = OctetReader(Array(octets))
        switch try readHeader(&reader) {
        case .dpp(let type):
            return .dpp(try readDPPBody(type, &reader))
        case .gasInitialRequest(let token):
            return .gasInitialRequest(GASInitialRequest(dialogToken: token, query: try readQuery(&reader)))
        case .gasInitialResponse(let token, let status, let delay):
            return .gasInitialResponse(GASInitialResponse(dialogToken: token, statusCode: status,
                                                          comebackDelay: delay, query: try readQuery(&reader)))
        }
    }

    /// A DPP frame given from its OUI on (`50 6f 9a 1a 01 <type> ...`), the
    /// form of the shared vectors.
    public static func parseDPP(fromHeader octets: some Collection<UInt8>) throws -> DPPFrame {
        var reader = OctetReader(Array(octets))
        return try readDPPBody(try readDPPType(&reader), &reader)
    }

    /// What `octets` is, from its header alone (a DPP frame up to its type
    /// octet, a GAS frame up to its advertisement protocol element): nil when
    /// the header is cut short or names something this engine does not
    /// speak.  The attributes or query after it are not looked at.
    static func kind(of octets: some Collection<UInt8>) -> ActionFrame.Kind? {
        var reader = OctetReader(Array(octets))
        switch try? readHeader(&reader) {
        case .dpp(let type)?: return .dpp(type)
        case .gasInitialRequest?: return .gasInitialRequest
        case .gasInitialResponse?: return .gasInitialResponse
        case nil: return nil
        }
    }

    /// The fields before a frame's attributes or query.
    private enum Header {
        case dpp(FrameType)
        case gasInitialRequest(dialogToken: UInt8)
        case gasInitialResponse(dialogToken: UInt8, statusCode: UInt16, comebackDelay: UInt16)
    }

    private static func readHeader(_ reader: inout OctetReader) throws -> Header {
        let category = try reader.octet()
        guard category == ActionFrame.publicCategory else {
            throw EasyConnectError.malformedFrame(.notPublicAction(category))
        }
        let actionCode = try reader.octet()
        switch ActionFrame.Action(rawValue: actionCode) {
        case .vendorSpecific:
            return .dpp(try readDPPType(&reader))
        case .gasInitialRequest:
            let token = try reader.octet()
            try readAdvertisementProtocol(&reader)
            return .gasInitialRequest(dialogToken: token)
        case .gasInitialResponse:
            let token = try reader.octet()
            let status = try reader.littleEndian16()
            let delay = try reader.littleEndian16()
            try readAdvertisementProtocol(&reader)
            return .gasInitialResponse(dialogToken: token, statusCode: status, comebackDelay: delay)
        case nil:
            throw EasyConnectError.malformedFrame(.unsupportedAction(actionCode))
        }
    }

    private static func readDPPType(_ reader: inout OctetReader) throws -> FrameType {
        guard try reader.octets(DPPFrame.ouiTypeAndSuite.count) == DPPFrame.ouiTypeAndSuite else {
            throw EasyConnectError.malformedFrame(.notDPP)
        }
        let typeOctet = try reader.octet()
        guard let type = FrameType(rawValue: typeOctet) else {
            throw EasyConnectError.malformedFrame(.unknownFrameType(typeOctet))
        }
        return type
    }

    private static func readDPPBody(_ type: FrameType, _ reader: inout OctetReader) throws -> DPPFrame {
        DPPFrame(type: type, attributes: try AttributeParser.parse(reader.rest()))
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
