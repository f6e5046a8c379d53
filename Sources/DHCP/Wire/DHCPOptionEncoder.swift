/// The value bytes of a `DHCPOption` (the inverse of `DHCPOptionDecoder`).
enum DHCPOptionEncoder {
    static func data(of option: DHCPOption) -> [UInt8] {
        var bytes: [UInt8] = []
        switch option {
        case .subnetMask(let a), .broadcastAddress(let a), .requestedAddress(let a), .serverIdentifier(let a):
            bytes.appendAddress(a)
        case .routers(let list), .domainNameServers(let list):
            for address in list { bytes.appendAddress(address) }
        case .hostName(let s), .domainName(let s), .message(let s):
            bytes += Array(s.utf8)
        case .interfaceMTU(let v), .maximumMessageSize(let v):
            bytes.appendUInt16(v)
        case .leaseTime(let v), .renewalTime(let v), .rebindingTime(let v):
            bytes.appendUInt32(v)
        case .messageType(let type):
            bytes.append(type.rawValue)
        case .parameterRequestList(let data), .clientIdentifier(let data), .other(_, let data):
            bytes = data
        case .classlessStaticRoutes(let routes):
            for route in routes {
                bytes.append(UInt8(route.prefixLength))
                bytes += route.destination.bytes.prefix((route.prefixLength + 7) / 8)
                bytes.appendAddress(route.router)
            }
        }
        return bytes
    }
}
