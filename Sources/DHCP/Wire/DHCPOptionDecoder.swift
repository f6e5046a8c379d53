/// Turns one option's code and (concatenated) value into a `DHCPOption`,
/// checking the length and range rules of RFC 2132 (and RFC 3442 for 121).
/// Anything those rules forbid throws `invalidOption`.
enum DHCPOptionDecoder {
    typealias Code = DHCPOption.Code

    static func decode(code: UInt8, data: ArraySlice<UInt8>) throws(DHCPError) -> DHCPOption {
        let invalid = DHCPError.invalidOption(code: code)
        switch code {
        case Code.subnetMask: return .subnetMask(try address(data, code))
        case Code.routers: return .routers(try addresses(data, code))
        case Code.domainNameServers: return .domainNameServers(try addresses(data, code))
        case Code.hostName: return .hostName(try text(data, code))
        case Code.domainName: return .domainName(try text(data, code))
        case Code.interfaceMTU:
            let mtu = try uint16(data, code)
            guard mtu >= 68 else { throw invalid }  // RFC 2132 §5.1 minimum
            return .interfaceMTU(mtu)
        case Code.broadcastAddress: return .broadcastAddress(try address(data, code))
        case Code.requestedAddress: return .requestedAddress(try address(data, code))
        case Code.leaseTime: return .leaseTime(try uint32(data, code))
        case Code.messageType:
            guard data.count == 1, let type = DHCPMessageType(rawValue: data[data.startIndex]) else { throw invalid }
            return .messageType(type)
        case Code.serverIdentifier: return .serverIdentifier(try address(data, code))
        case Code.parameterRequestList:
            guard !data.isEmpty else { throw invalid }
            return .parameterRequestList(Array(data))
        case Code.message: return .message(try text(data, code))
        case Code.maximumMessageSize:
            let size = try uint16(data, code)
            guard size >= 576 else { throw invalid }  // RFC 2132 §9.10 minimum
            return .maximumMessageSize(size)
        case Code.renewalTime: return .renewalTime(try uint32(data, code))
        case Code.rebindingTime: return .rebindingTime(try uint32(data, code))
        case Code.clientIdentifier:
            guard data.count >= 2 else { throw invalid }
            return .clientIdentifier(Array(data))
        case Code.classlessStaticRoutes: return .classlessStaticRoutes(try routes(data))
        default: return .other(code: code, data: Array(data))
        }
    }

    private static func uint16(_ data: ArraySlice<UInt8>, _ code: UInt8) throws(DHCPError) -> UInt16 {
        guard data.count == 2 else { throw .invalidOption(code: code) }
        var reader = ByteReader(data, what: "option")
        return try reader.readUInt16()
    }

    private static func uint32(_ data: ArraySlice<UInt8>, _ code: UInt8) throws(DHCPError) -> UInt32 {
        guard data.count == 4 else { throw .invalidOption(code: code) }
        var reader = ByteReader(data, what: "option")
        return try reader.readUInt32()
    }

    private static func address(_ data: ArraySlice<UInt8>, _ code: UInt8) throws(DHCPError) -> IPv4Address {
        IPv4Address(rawValue: try uint32(data, code))
    }

    private static func addresses(_ data: ArraySlice<UInt8>, _ code: UInt8) throws(DHCPError) -> [IPv4Address] {
        guard !data.isEmpty, data.count % 4 == 0 else { throw .invalidOption(code: code) }
        var reader = ByteReader(data, what: "option")
        var result: [IPv4Address] = []
        while reader.remaining > 0 { result.append(try reader.readAddress()) }
        return result
    }

    /// NVT ASCII text per RFC 2132; we accept UTF-8.  Some servers count a
    /// trailing NUL in the length (§2 says they should not): it is dropped.
    private static func text(_ data: ArraySlice<UInt8>, _ code: UInt8) throws(DHCPError) -> String {
        var trimmed = data
        while trimmed.last == 0 { trimmed.removeLast() }
        guard !trimmed.isEmpty, !trimmed.contains(0),
              let string = String(validating: trimmed, as: UTF8.self) else { throw .invalidOption(code: code) }
        return string
    }

    /// RFC 3442 §2: each route is a prefix width (0...32), the significant
    /// octets of the destination, then the router.
    private static func routes(_ data: ArraySlice<UInt8>) throws(DHCPError) -> [ClasslessRoute] {
        let invalid = DHCPError.invalidOption(code: Code.classlessStaticRoutes)
        guard data.count >= 5 else { throw invalid }
        var reader = ByteReader(data, what: "option")
        var routes: [ClasslessRoute] = []
        while reader.remaining > 0 {
            let width = Int(try reader.readByte())
            let significantOctets = (width + 7) / 8
            guard width <= 32, reader.remaining >= significantOctets + 4 else { throw invalid }
            var destination: UInt32 = 0
            for (index, byte) in try reader.readBytes(significantOctets).enumerated() {
                destination |= UInt32(byte) << (24 - 8 * index)
            }
            let mask = IPv4Address.mask(prefixLength: width).rawValue
            routes.append(ClasslessRoute(destination: IPv4Address(rawValue: destination & mask),
                                         prefixLength: width, router: try reader.readAddress()))
        }
        return routes
    }
}
