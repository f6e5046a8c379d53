/// The DHCP options this client sends or reads (RFC 2132 numbering), typed;
/// any other option is carried as `.other`.  Decoding and encoding live in
/// `DHCPOptionDecoder` and `DHCPOptionEncoder`.
public enum DHCPOption: Equatable, Sendable {
    case subnetMask(IPv4Address)                    // 1
    case routers([IPv4Address])                     // 3
    case domainNameServers([IPv4Address])           // 6
    case hostName(String)                           // 12
    case domainName(String)                         // 15
    case interfaceMTU(UInt16)                       // 26
    case broadcastAddress(IPv4Address)              // 28
    case requestedAddress(IPv4Address)              // 50
    /// Seconds; `DHCPOption.infiniteLease` means forever.
    case leaseTime(UInt32)                          // 51
    case messageType(DHCPMessageType)               // 53
    case serverIdentifier(IPv4Address)              // 54
    case parameterRequestList([UInt8])              // 55
    /// Text a server may put in a NAK saying why.
    case message(String)                            // 56
    case maximumMessageSize(UInt16)                 // 57
    case renewalTime(UInt32)                        // 58 (T1)
    case rebindingTime(UInt32)                      // 59 (T2)
    /// A type byte then the identifier (RFC 2132 §9.14).
    case clientIdentifier([UInt8])                  // 61
    /// RFC 3442; read, never sent by this client.
    case classlessStaticRoutes([ClasslessRoute])    // 121
    /// Any other option, by code.  Not for 0 (Pad), 52 (Overload), 255 (End)
    /// nor for a code that has a case above.
    case other(code: UInt8, data: [UInt8])

    public static let infiniteLease = UInt32.max

    /// The option codes of the cases above.
    public enum Code {
        public static let pad: UInt8 = 0
        public static let subnetMask: UInt8 = 1
        public static let routers: UInt8 = 3
        public static let domainNameServers: UInt8 = 6
        public static let hostName: UInt8 = 12
        public static let domainName: UInt8 = 15
        public static let interfaceMTU: UInt8 = 26
        public static let broadcastAddress: UInt8 = 28
        public static let requestedAddress: UInt8 = 50
        public static let leaseTime: UInt8 = 51
        public static let overload: UInt8 = 52
        public static let messageType: UInt8 = 53
        public static let serverIdentifier: UInt8 = 54
        public static let parameterRequestList: UInt8 = 55
        public static let message: UInt8 = 56
        public static let maximumMessageSize: UInt8 = 57
        public static let renewalTime: UInt8 = 58
        public static let rebindingTime: UInt8 = 59
        public static let clientIdentifier: UInt8 = 61
        public static let classlessStaticRoutes: UInt8 = 121
        public static let end: UInt8 = 255
    }

    public var code: UInt8 {
        switch self {
        case .subnetMask: Code.subnetMask
        case .routers: Code.routers
        case .domainNameServers: Code.domainNameServers
        case .hostName: Code.hostName
        case .domainName: Code.domainName
        case .interfaceMTU: Code.interfaceMTU
        case .broadcastAddress: Code.broadcastAddress
        case .requestedAddress: Code.requestedAddress
        case .leaseTime: Code.leaseTime
        case .messageType: Code.messageType
        case .serverIdentifier: Code.serverIdentifier
        case .parameterRequestList: Code.parameterRequestList
        case .message: Code.message
        case .maximumMessageSize: Code.maximumMessageSize
        case .renewalTime: Code.renewalTime
        case .rebindingTime: Code.rebindingTime
        case .clientIdentifier: Code.clientIdentifier
        case .classlessStaticRoutes: Code.classlessStaticRoutes
        case .other(let code, _): code
        }
    }
}

/// One route of option 121: destination/prefix via router (0.0.0.0 = on link).
public struct ClasslessRoute: Equatable, Sendable {
    public var destination: IPv4Address
    public var prefixLength: Int
    public var router: IPv4Address

    public init(destination: IPv4Address, prefixLength: Int, router: IPv4Address) {
        self.destination = destination
        self.prefixLength = prefixLength
        self.router = router
    }
}
