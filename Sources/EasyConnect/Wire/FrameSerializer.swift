/// The writer of public action frames, the inverse of `FrameParser`.
public enum FrameSerializer {
    public static func serialize(_ frame: ActionFrame) throws -> [UInt8] {
        switch frame {
        case .dpp(let frame):
            return try dpp(frame.type, attributes: AttributeSerializer.serialize(frame.attributes.attributes))
        case .gasInitialRequest(let request):
            return [ActionFrame.publicCategory, ActionFrame.Action.gasInitialRequest.rawValue, request.dialogToken]
                + DPPAdvertisementProtocol.element() + (try query(request.query))
        case .gasInitialResponse(let response):
            var out = [ActionFrame.publicCategory, ActionFrame.Action.gasInitialResponse.rawValue,
                       response.dialogToken]
            AttributeSerializer.appendLittleEndian(response.statusCode, to: &out)
            AttributeSerializer.appendLittleEndian(response.comebackDelay, to: &out)
            return out + DPPAdvertisementProtocol.element() + (try query(response.query))
        }
    }

    /// A DPP frame from already encoded attributes (the engine encodes the
    /// attributes first because they are the associated data of the wrapping).
    public static func dpp(_ type: FrameType, attributes: [UInt8]) -> [UInt8] {
        [ActionFrame.publicCategory, ActionFrame.Action.vendorSpecific.rawValue] + DPPFrame.header(type) + attributes
    }

    private static func query(_ query: [UInt8]) throws -> [UInt8] {
        guard query.count <= Int(UInt16.max) else {
            throw EasyConnectError.invalidLength(what: "GAS query", expected: "<= 65535", actual: query.count)
        }
        var out: [UInt8] = []
        AttributeSerializer.appendLittleEndian(UInt16(query.count), to: &out)
        return out + query
    }
}
