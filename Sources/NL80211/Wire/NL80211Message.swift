import CNL80211

/// One generic-netlink message of the nl80211 family: its command and its
/// top-level attributes.
public struct NL80211Message: Sendable {
    public let command: UInt32
    public let attributes: NetlinkAttributes

    public init(command: UInt32, attributes: NetlinkAttributes) {
        self.command = command
        self.attributes = attributes
    }

    /// Parses a whole netlink message (nlmsghdr, genlmsghdr, attributes) as
    /// read from the socket; nil when it is too short to be one.
    public init?<C: Collection>(netlinkMessage bytes: C) where C.Element == UInt8, C.Index == Int {
        let headers = 16 + 4  // nlmsghdr + genlmsghdr
        guard bytes.count >= headers else { return nil }
        let start = bytes.startIndex
        let length = Int(bytes[start]) | Int(bytes[start + 1]) << 8 | Int(bytes[start + 2]) << 16 | Int(bytes[start + 3]) << 24
        guard length >= headers else { return nil }
        let end = start + min(length, bytes.count)
        command = UInt32(bytes[start + 16])
        attributes = NetlinkAttributes(bytes[(start + headers)..<end])
    }

    public func `is`(_ command: nl80211_commands) -> Bool { self.command == command.rawValue }
}

// Attribute access by the kernel header's enums, so call sites read like the header.
public extension NetlinkAttributes {
    subscript(_ attribute: nl80211_attrs) -> ArraySlice<UInt8>? { self[attribute.rawValue] }
    func u8(_ attribute: nl80211_attrs) -> UInt8? { u8(attribute.rawValue) }
    func u16(_ attribute: nl80211_attrs) -> UInt16? { u16(attribute.rawValue) }
    func u32(_ attribute: nl80211_attrs) -> UInt32? { u32(attribute.rawValue) }
    func u64(_ attribute: nl80211_attrs) -> UInt64? { u64(attribute.rawValue) }
    func s32(_ attribute: nl80211_attrs) -> Int32? { s32(attribute.rawValue) }
    func string(_ attribute: nl80211_attrs) -> String? { string(attribute.rawValue) }
    func bytes(_ attribute: nl80211_attrs) -> [UInt8]? { bytes(attribute.rawValue) }
    func has(_ attribute: nl80211_attrs) -> Bool { has(attribute.rawValue) }
    func nested(_ attribute: nl80211_attrs) -> NetlinkAttributes? { nested(attribute.rawValue) }
    func list(_ attribute: nl80211_attrs) -> [NetlinkAttributes] { list(attribute.rawValue) }
}

public extension NetlinkAttributeWriter {
    mutating func flag(_ attribute: nl80211_attrs) { flag(attribute.rawValue) }
    mutating func u8(_ attribute: nl80211_attrs, _ value: UInt8) { u8(attribute.rawValue, value) }
    mutating func u16(_ attribute: nl80211_attrs, _ value: UInt16) { u16(attribute.rawValue, value) }
    mutating func u32(_ attribute: nl80211_attrs, _ value: UInt32) { u32(attribute.rawValue, value) }
    mutating func u64(_ attribute: nl80211_attrs, _ value: UInt64) { u64(attribute.rawValue, value) }
    mutating func put(_ attribute: nl80211_attrs, _ value: [UInt8]) { put(attribute.rawValue, value) }
    mutating func nested(_ attribute: nl80211_attrs, _ build: (inout NetlinkAttributeWriter) -> Void) {
        nested(attribute.rawValue, build)
    }
    mutating func list(_ attribute: nl80211_attrs, _ entries: [[UInt8]]) { list(attribute.rawValue, entries) }
}
