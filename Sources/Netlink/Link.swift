internal import CNetlinkRoute
import Glibc

/// What the kernel says about one network interface.
public struct Link: Sendable, Equatable {
    public let index: Int32
    public let name: String
    /// ARPHRD_* (1 for Ethernet, 772 loopback, 65534 for a TUN device).
    public let hardwareType: UInt32
    /// "aa:bb:cc:dd:ee:ff", or "" when the link has none.
    public let address: String
    /// The link kind ("veth", "bridge", "tun", ...) or "" for a plain device.
    public let kind: String
    public let flags: UInt32

    public var isUp: Bool { flags & SB_IFF_UP != 0 }
    /// Carrier: the driver says the link can carry frames.
    public var hasCarrier: Bool { flags & SB_IFF_LOWER_UP != 0 }
    public var isLoopback: Bool { flags & SB_IFF_LOOPBACK != 0 }
    public var isEthernet: Bool { hardwareType == SB_ARPHRD_ETHER }
    /// The six octets of `address`; nil when it is not a 48-bit address.
    public var ethernetAddress: [UInt8]? {
        let parts = address.split(separator: ":", omittingEmptySubsequences: false)
        let bytes = parts.compactMap { $0.count == 2 ? UInt8($0, radix: 16) : nil }
        return parts.count == 6 && bytes.count == 6 ? bytes : nil
    }

    public init(index: Int32, name: String, hardwareType: UInt32, address: String, kind: String, flags: UInt32) {
        self.index = index
        self.name = name
        self.hardwareType = hardwareType
        self.address = address
        self.kind = kind
        self.flags = flags
    }

    init(_ link: OpaquePointer) {
        index = rtnl_link_get_ifindex(link)
        name = rtnl_link_get_name(link).map { String(cString: $0) } ?? ""
        hardwareType = rtnl_link_get_arptype(link)
        address = rtnl_link_get_addr(link).map(NetlinkAddress.string) ?? ""
        kind = rtnl_link_get_type(link).map { String(cString: $0) } ?? ""
        flags = rtnl_link_get_flags(link)
    }
}

/// An address the kernel has on a link.
public struct LinkAddress: Sendable, Equatable {
    public let linkIndex: Int32
    public let family: Int32
    /// Without the prefix, e.g. "192.0.2.10" or "2001:db8::10".
    public let address: String
    public let prefixLength: Int
    /// RT_SCOPE_*: 0 global, 253 link.
    public let scope: Int32
    public let flags: UInt32

    public var isIPv6: Bool { family == AF_INET6 }
    public var isGlobal: Bool { scope == 0 }
    /// IFA_F_TENTATIVE: duplicate address detection has not finished.
    public var isTentative: Bool { flags & 0x40 != 0 }
    /// IFA_F_PERMANENT: added by hand or by the host (or a link-local one),
    /// not by the kernel from a router advertisement, with lifetimes.
    public var isPermanent: Bool { flags & 0x80 != 0 }

    init?(_ object: OpaquePointer) {
        guard let local = rtnl_addr_get_local(object) else { return nil }
        linkIndex = rtnl_addr_get_ifindex(object)
        family = rtnl_addr_get_family(object)
        address = NetlinkAddress.string(local, withPrefix: false)
        prefixLength = Int(rtnl_addr_get_prefixlen(object))
        scope = rtnl_addr_get_scope(object)
        flags = rtnl_addr_get_flags(object)
    }
}

/// Who put a route in the kernel (RTPROT_*).
public enum RouteProtocol {
    /// The kernel itself, e.g. an address's prefix route.
    public static let kernel: UInt8 = 2
    /// Added by the host, as ours are (`ip route`'s "static", its default).
    public static let staticRoute: UInt8 = 4
    /// The kernel, from a router advertisement.
    public static let routerAdvertisement: UInt8 = 9
}

/// A default route the kernel learned or was given.
public struct DefaultRoute: Sendable, Equatable {
    public let linkIndex: Int32
    public let family: Int32
    public let gateway: String
    public let table: UInt32
    public let protocolID: UInt8

    public var fromRouterAdvertisement: Bool { protocolID == RouteProtocol.routerAdvertisement }

    init?(_ route: OpaquePointer) {
        // libnl leaves the destination out, or empty with length 0, for a default route.
        if let destination = rtnl_route_get_dst(route), nl_addr_get_prefixlen(destination) != 0 { return nil }
        guard rtnl_route_get_nnexthops(route) >= 1, let hop = rtnl_route_nexthop_n(route, 0),
              let gateway = rtnl_route_nh_get_gateway(hop) else { return nil }
        linkIndex = rtnl_route_nh_get_ifindex(hop)
        family = Int32(rtnl_route_get_family(route))
        self.gateway = NetlinkAddress.string(gateway, withPrefix: false)
        table = rtnl_route_get_table(route)
        protocolID = rtnl_route_get_protocol(route)
    }
}

/// Conversions between libnl's nl_addr and text.
enum NetlinkAddress {
    static func string(_ address: OpaquePointer) -> String {
        string(address, withPrefix: false)
    }

    static func string(_ address: OpaquePointer, withPrefix: Bool) -> String {
        var buffer = [CChar](repeating: 0, count: 128)
        guard let text = nl_addr2str(address, &buffer, buffer.count) else { return "" }
        let result = String(cString: text)
        guard !withPrefix, let slash = result.firstIndex(of: "/") else { return result }
        return String(result[..<slash])
    }

    /// Parses "192.0.2.10/24", "2001:db8::/64", "0.0.0.0/0"; the caller puts the result back.
    static func parse(_ text: String, family: Int32) throws(NetlinkError) -> OpaquePointer {
        var result: OpaquePointer?
        let status = nl_addr_parse(text, family, &result)
        guard status == 0, let result else { throw NetlinkError("parse address '\(text)'", status == 0 ? -NLE_INVAL : status) }
        return result
    }
}
