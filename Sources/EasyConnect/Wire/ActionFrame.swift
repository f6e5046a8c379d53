/// The 802.11 public action frames DPP uses, as bodies starting with the
/// category octet.  These are the engine's frame interface for every
/// transport: an 802.11 adapter sends them as they are, DPP over TCP drops
/// the category octet and adds a length (`TCPFraming`).
public enum ActionFrame: Sendable {
    /// `04 09 50 6f 9a 1a 01 <type> <attributes>`.
    case dpp(DPPFrame)
    /// `04 0a`: carries the enrollee's Configuration Request.
    case gasInitialRequest(GASInitialRequest)
    /// `04 0b`: carries the configurator's Configuration Response.
    case gasInitialResponse(GASInitialResponse)

    /// What a frame is, as its header says: what a session step waits for.
    enum Kind: Hashable, Sendable {
        case dpp(FrameType)
        case gasInitialRequest
        case gasInitialResponse
    }

    /// The public action frame category.
    public static let publicCategory: UInt8 = 0x04

    /// Public action codes.
    enum Action: UInt8 {
        case vendorSpecific = 0x09
        case gasInitialRequest = 0x0a
        case gasInitialResponse = 0x0b
    }
}

/// A DPP public action frame: its type and its attributes.
public struct DPPFrame: Sendable {
    public let type: FrameType
    public let attributes: AttributeList

    /// `50 6f 9a 1a 01`: the Wi-Fi Alliance OUI, the DPP OUI type and crypto
    /// suite 1.
    static let ouiTypeAndSuite: [UInt8] = [0x50, 0x6f, 0x9a, 0x1a, 0x01]

    /// The 6-octet DPP header (`50 6f 9a 1a 01 <type>`), the first associated
    /// data component of every wrapping in a DPP frame.
    public static func header(_ type: FrameType) -> [UInt8] { ouiTypeAndSuite + [type.rawValue] }

    public var header: [UInt8] { Self.header(type) }

    /// The associated data of this frame's Wrapped Data: the header, then the
    /// attributes before Wrapped Data as received (a zero-length component
    /// when there are none: it still counts in AES-SIV).
    public var associatedData: [[UInt8]] { [header, attributes.octetsBeforeWrappedData] }
}

/// The Advertisement Protocol element naming DPP as the GAS protocol:
/// `6c 08 <info> dd 05 50 6f 9a 1a 01`.
enum DPPAdvertisementProtocol {
    static let elementID: UInt8 = 0x6c
    /// Query Response Info octets peers send (no limit / PAME-BI unset).
    static let acceptedInfo: Set<UInt8> = [0x00, 0x7f]
    /// What we send: the query response length limit at its maximum.
    static let sentInfo: UInt8 = 0x7f

    static func element() -> [UInt8] {
        [elementID, 0x08, sentInfo, 0xdd, 0x05] + DPPFrame.ouiTypeAndSuite
    }

    static let length = 10
}

/// A GAS Initial Request for DPP: a dialog token and the query (the
/// Configuration Request's attributes).
public struct GASInitialRequest: Sendable, Equatable {
    public let dialogToken: UInt8
    public let query: [UInt8]

    public init(dialogToken: UInt8, query: [UInt8]) {
        self.dialogToken = dialogToken
        self.query = query
    }
}

/// A GAS Initial Response for DPP.  A non-zero comeback delay means the
/// answer must be fetched with GAS Comeback frames, which this engine does
/// not speak yet (DPP over TCP never needs them).
public struct GASInitialResponse: Sendable, Equatable {
    public let dialogToken: UInt8
    /// IEEE 802.11 status code, 0 = success.
    public let statusCode: UInt16
    public let comebackDelay: UInt16
    public let query: [UInt8]

    public init(dialogToken: UInt8, statusCode: UInt16 = 0, comebackDelay: UInt16 = 0, query: [UInt8]) {
        self.dialogToken = dialogToken
        self.statusCode = statusCode
        self.comebackDelay = comebackDelay
        self.query = query
    }
}
