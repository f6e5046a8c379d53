/// Typed reads of the options a client acts on.  After parsing each code
/// appears at most once (RFC 3396 concatenation), so the first match is the
/// value.
extension DHCPMessage {
    public var messageType: DHCPMessageType? { first { if case .messageType(let v) = $0 { v } else { nil } } }
    public var serverIdentifier: IPv4Address? {
        first { if case .serverIdentifier(let v) = $0 { v } else { nil } }
    }
    public var requestedAddress: IPv4Address? {
        first { if case .requestedAddress(let v) = $0 { v } else { nil } }
    }
    public var leaseTime: UInt32? { first { if case .leaseTime(let v) = $0 { v } else { nil } } }
    public var renewalTime: UInt32? { first { if case .renewalTime(let v) = $0 { v } else { nil } } }
    public var rebindingTime: UInt32? { first { if case .rebindingTime(let v) = $0 { v } else { nil } } }
    public var subnetMask: IPv4Address? { first { if case .subnetMask(let v) = $0 { v } else { nil } } }
    public var routers: [IPv4Address] { first { if case .routers(let v) = $0 { v } else { nil } } ?? [] }
    public var domainNameServers: [IPv4Address] {
        first { if case .domainNameServers(let v) = $0 { v } else { nil } } ?? []
    }
    public var domainName: String? { first { if case .domainName(let v) = $0 { v } else { nil } } }
    public var hostName: String? { first { if case .hostName(let v) = $0 { v } else { nil } } }
    public var interfaceMTU: UInt16? { first { if case .interfaceMTU(let v) = $0 { v } else { nil } } }
    public var broadcastAddress: IPv4Address? {
        first { if case .broadcastAddress(let v) = $0 { v } else { nil } }
    }
    public var serverMessage: String? { first { if case .message(let v) = $0 { v } else { nil } } }
    public var classlessStaticRoutes: [ClasslessRoute] {
        first { if case .classlessStaticRoutes(let v) = $0 { v } else { nil } } ?? []
    }

    private func first<T>(_ match: (DHCPOption) -> T?) -> T? {
        for option in options { if let value = match(option) { return value } }
        return nil
    }
}
