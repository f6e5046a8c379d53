/// A BOOTP/DHCP message (RFC 2131 §2, figure 1) without its IP/UDP framing.
///
/// Options are kept as a list in the order they are sent.  The framing
/// options are not in it: Pad and End are written and consumed by the
/// serializer and parser, and so is Option Overload (52): the parser merges
/// the options found in `sname`/`file` into `options` and leaves those two
/// fields empty, and the serializer never overloads.
public struct DHCPMessage: Equatable, Sendable {
    public enum Operation: UInt8, Sendable {
        case bootRequest = 1
        case bootReply = 2
    }

    /// RFC 1700 hardware type of Ethernet.
    public static let ethernet: UInt8 = 1
    /// RFC 2131 §2: the flags bit asking servers to broadcast their replies.
    public static let broadcastFlag: UInt16 = 0x8000
    /// chaddr, sname and file sizes (RFC 2131 §2).
    public static let hardwareAddressFieldLength = 16
    public static let serverNameFieldLength = 64
    public static let bootFileFieldLength = 128

    public var operation: Operation
    public var hardwareType: UInt8
    public var hops: UInt8
    public var transactionID: UInt32
    /// Seconds since the client began acquiring or renewing.
    public var secondsElapsed: UInt16
    public var flags: UInt16
    public var clientAddress: IPv4Address
    public var yourAddress: IPv4Address
    public var serverAddress: IPv4Address
    public var relayAgentAddress: IPv4Address
    /// The client's link-layer address: the first hlen bytes of chaddr, so at
    /// most 16 (zero-padded on the wire, hlen being its length).
    public var clientHardwareAddress: [UInt8]
    /// sname and file, at most 64 and 128 bytes (zero-padded on the wire).
    public var serverName: [UInt8]
    public var bootFileName: [UInt8]
    public var options: [DHCPOption]

    public init(operation: Operation, transactionID: UInt32, clientHardwareAddress: [UInt8],
                hardwareType: UInt8 = DHCPMessage.ethernet, hops: UInt8 = 0, secondsElapsed: UInt16 = 0,
                flags: UInt16 = 0, clientAddress: IPv4Address = .any, yourAddress: IPv4Address = .any,
                serverAddress: IPv4Address = .any, relayAgentAddress: IPv4Address = .any,
                serverName: [UInt8] = [], bootFileName: [UInt8] = [], options: [DHCPOption] = []) {
        self.operation = operation
        self.hardwareType = hardwareType
        self.hops = hops
        self.transactionID = transactionID
        self.secondsElapsed = secondsElapsed
        self.flags = flags
        self.clientAddress = clientAddress
        self.yourAddress = yourAddress
        self.serverAddress = serverAddress
        self.relayAgentAddress = relayAgentAddress
        self.clientHardwareAddress = clientHardwareAddress
        self.serverName = serverName
        self.bootFileName = bootFileName
        self.options = options
    }

    public var broadcast: Bool {
        get { flags & Self.broadcastFlag != 0 }
        set { flags = newValue ? flags | Self.broadcastFlag : flags & ~Self.broadcastFlag }
    }
}

/// Option 53's values (RFC 2132 §9.6).
public enum DHCPMessageType: UInt8, Sendable, CaseIterable {
    case discover = 1
    case offer = 2
    case request = 3
    case decline = 4
    case ack = 5
    case nak = 6
    case release = 7
    case inform = 8
}
