import EasyConnect

/// The invariants of the Wire layer, shared by the `frame`, `gas` and session
/// targets: whatever parses must serialise back to the same octets and parse
/// again to the same value; attribute lists keep their order, their
/// associated data and Wrapped Data last.
enum FrameChecks {
    /// `bytes` as a public action frame body; the frame when it parses.
    @discardableResult
    static func actionFrame(_ bytes: [UInt8]) -> ActionFrame? {
        guard let frame = try? FrameParser.parse(bytes) else { return nil }
        guard let serialized = try? FrameSerializer.serialize(frame) else {
            require(false, "a parsed frame does not serialise")
            return nil
        }
        // The only octet a parse may normalise: the GAS advertisement
        // protocol's info octet (00 and 7f are both accepted, 7f is sent).
        require(serialized == normalizingAdvertisementInfo(bytes), "frame serialises back to its octets")
        let reparsed = try? FrameParser.parse(serialized)
        require(reparsed.flatMap { try? FrameSerializer.serialize($0) } == serialized, "frame reparses to itself")
        switch frame {
        case .dpp(let dpp):
            require(dpp.header == Array(bytes[2..<8]), "DPP header is the 6 octets after the action code")
            require(dpp.associatedData == [dpp.header, dpp.attributes.octetsBeforeWrappedData],
                    "associated data is [header, clear attributes]")
            attributeListInvariants(dpp.attributes, octets: Array(bytes[8...]))
        case .gasInitialRequest(let request):
            attributeList(request.query)
        case .gasInitialResponse(let response):
            attributeList(response.query)
        }
        return frame
    }

    /// `bytes` as a DPP attribute list (a frame's, a query's or a wrapped one).
    @discardableResult
    static func attributeList(_ bytes: [UInt8]) -> AttributeList? {
        guard let list = try? AttributeParser.parse(bytes) else { return nil }
        attributeListInvariants(list, octets: bytes)
        return list
    }

    private static func attributeListInvariants(_ list: AttributeList, octets: [UInt8]) {
        require((try? AttributeSerializer.serialize(list.attributes)) == octets, "attributes serialise back")
        let wrappedIndex = list.attributes.firstIndex { $0.id == .wrappedData }
        if let wrappedIndex {
            require(wrappedIndex == list.attributes.count - 1, "Wrapped Data is last")
        }
        let clear = Array(list.attributes.prefix(wrappedIndex ?? list.attributes.count))
        require((try? AttributeSerializer.serialize(clear)) == list.octetsBeforeWrappedData,
                "octets before Wrapped Data are the clear attributes as received")
        var seen: Set<UInt16> = []
        for attribute in list.attributes {
            let first = seen.insert(attribute.id.rawValue).inserted
            require(first || attribute.id == .configurationObject, "only configuration objects repeat")
            if first {
                require((try? list.required(attribute.id, length: attribute.value.count)) == attribute.value,
                        "lookup returns the attribute's value")
            }
        }
        _ = try? list.requiredStatus()
    }

    /// The GAS advertisement info octet set to what the serialiser writes.
    private static func normalizingAdvertisementInfo(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        switch FrameHeader(bytes) {
        case .ours(.gasInitialRequest): out[5] = 0x7f
        case .ours(.gasInitialResponse): out[9] = 0x7f
        default: break
        }
        return out
    }

    /// The octets a peer would send for `frame` over DPP over TCP decode back
    /// to `frame`.
    static func tcpRoundTrip(_ frame: [UInt8]) {
        guard let message = try? TCPFraming.encode(actionFrame: frame) else { return }
        var decoder = TCPFraming.Decoder(maximumMessageLength: Int.max)
        decoder.append(message)
        require((try? decoder.nextFrame()) == frame, "TCP framing round trip")
        require(decoder.bufferedCount == 0, "TCP decoder consumed the whole message")
    }
}

/// What a frame says it is, read from its header alone and independently of
/// `FrameParser`: the frames a session step may act on.
enum FrameHeader: Equatable {
    /// A DPP frame or a DPP GAS frame.
    case ours(FrameKind)
    /// A complete header naming something the engine does not speak: another
    /// category or public action, another vendor's OUI, a DPP frame type it
    /// does not know, GAS for another protocol (ANQP).
    case foreign
    /// Too short to tell.
    case truncated

    enum FrameKind: Equatable {
        case dpp(FrameType)
        case gasInitialRequest
        case gasInitialResponse
    }

    private static let dppOUI: [UInt8] = [0x50, 0x6f, 0x9a, 0x1a, 0x01]

    init(_ bytes: [UInt8]) {
        guard bytes.count >= 2 else { self = .truncated; return }
        guard bytes[0] == 0x04 else { self = .foreign; return }
        switch bytes[1] {
        case 0x09:
            guard bytes.count >= 8 else { self = .truncated; return }
            guard Array(bytes[2..<7]) == Self.dppOUI, let type = FrameType(rawValue: bytes[7]) else {
                self = .foreign
                return
            }
            self = .ours(.dpp(type))
        case 0x0a:
            self = Self.gas(bytes, elementAt: 3, kind: .gasInitialRequest)
        case 0x0b:
            self = Self.gas(bytes, elementAt: 7, kind: .gasInitialResponse)
        default:
            self = .foreign
        }
    }

    /// DPP's advertisement protocol element: `6c 08 <info> dd 05 50 6f 9a 1a 01`.
    private static func gas(_ bytes: [UInt8], elementAt start: Int, kind: FrameKind) -> FrameHeader {
        guard bytes.count >= start + 10 else { return .truncated }
        let element = Array(bytes[start..<(start + 10)])
        guard element[0] == 0x6c, element[1] == 0x08, element[3] == 0xdd, element[4] == 0x05,
              Array(element[5...]) == dppOUI else { return .foreign }
        return .ours(kind)
    }
}
