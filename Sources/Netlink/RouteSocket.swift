internal import CNetlinkRoute
import Glibc

/// Changes to links, addresses, routes and rules, each a synchronous
/// rtnetlink request acknowledged by the kernel (microseconds: fine on the
/// loop), plus dumps of what the kernel has.
public final class RouteSocket {
    private let socket: OpaquePointer

    public init() throws(NetlinkError) {
        guard let socket = nl_socket_alloc() else { throw NetlinkError("nl_socket_alloc", reason: "out of memory") }
        let status = nl_connect(socket, NETLINK_ROUTE)
        guard status == 0 else {
            nl_socket_free(socket)
            throw NetlinkError("connect to rtnetlink", status)
        }
        self.socket = socket
    }

    deinit {
        nl_socket_free(socket)
    }

    // MARK: links

    public func setLinkUp(_ index: Int32, _ up: Bool = true) throws(NetlinkError) {
        guard let original = rtnl_link_alloc(), let change = rtnl_link_alloc() else {
            throw NetlinkError("set link up", reason: "out of memory")
        }
        defer { rtnl_link_put(original); rtnl_link_put(change) }
        rtnl_link_set_ifindex(original, index)
        if up {
            rtnl_link_set_flags(change, SB_IFF_UP)
        } else {
            rtnl_link_unset_flags(change, SB_IFF_UP)
        }
        try check("set link \(index) \(up ? "up" : "down")", rtnl_link_change(socket, original, change, 0))
    }

    /// One link, asked for by index (no dump of them all); nil when there is none.
    public func link(index: Int32) throws(NetlinkError) -> Link? {
        var object: OpaquePointer?
        let status = rtnl_link_get_kernel(socket, index, nil, &object)
        if status == -NLE_OBJ_NOTFOUND || status == -NLE_NODEV { return nil }
        try check("get link \(index)", status)
        guard let object else { return nil }
        defer { rtnl_link_put(object) }
        return Link(object)
    }

    public func links() throws(NetlinkError) -> [Link] {
        var cache: OpaquePointer?
        try check("dump links", rtnl_link_alloc_cache(socket, AF_UNSPEC, &cache))
        defer { nl_cache_free(cache) }
        return Self.objects(in: cache).map(Link.init)
    }

    // MARK: addresses

    /// Adds "ADDRESS/PREFIX" to a link (an IPv4 one with its broadcast address).
    public func addAddress(_ address: String, prefixLength: Int, to index: Int32) throws(NetlinkError) {
        try withAddress(address, prefixLength: prefixLength, index: index) { (object) throws(NetlinkError) in
            try check("add address \(address)/\(prefixLength)", rtnl_addr_add(socket, object, Int32(NLM_F_CREATE | NLM_F_REPLACE)))
        }
    }

    public func deleteAddress(_ address: String, prefixLength: Int, from index: Int32) throws(NetlinkError) {
        try withAddress(address, prefixLength: prefixLength, index: index) { (object) throws(NetlinkError) in
            try check("delete address \(address)/\(prefixLength)", rtnl_addr_delete(socket, object, 0))
        }
    }

    public func addresses() throws(NetlinkError) -> [LinkAddress] {
        var cache: OpaquePointer?
        try check("dump addresses", rtnl_addr_alloc_cache(socket, &cache))
        defer { nl_cache_free(cache) }
        return Self.objects(in: cache).compactMap(LinkAddress.init)
    }

    private func withAddress(_ address: String, prefixLength: Int, index: Int32,
                             _ body: (OpaquePointer) throws(NetlinkError) -> Void) throws(NetlinkError) {
        let family = Self.family(of: address)
        let local = try NetlinkAddress.parse("\(address)/\(prefixLength)", family: family)
        defer { nl_addr_put(local) }
        guard let object = rtnl_addr_alloc() else { throw NetlinkError("address", reason: "out of memory") }
        defer { rtnl_addr_put(object) }
        rtnl_addr_set_ifindex(object, index)
        rtnl_addr_set_family(object, family)
        try check("address \(address)", rtnl_addr_set_local(object, local))
        rtnl_addr_set_prefixlen(object, Int32(prefixLength))
        if family == AF_INET, let broadcast = IPv4Math.broadcast(address, prefixLength: prefixLength) {
            let parsed = try NetlinkAddress.parse(broadcast, family: AF_INET)
            defer { nl_addr_put(parsed) }
            _ = rtnl_addr_set_broadcast(object, parsed)
        }
        try body(object)
    }

    // MARK: routes

    /// A default route through `gateway` on a link, in `table` (254 = main).
    public func addDefaultRoute(via gateway: String, link index: Int32, metric: UInt32, table: UInt32 = 254,
                                source: String? = nil) throws(NetlinkError) {
        let family = Self.family(of: gateway)
        try withRoute(to: Self.anywhere(family), via: gateway, link: index, metric: metric, table: table,
                      protocolID: RouteProtocol.staticRoute, source: source) { (route) throws(NetlinkError) in
            try check("add default route via \(gateway) table \(table)", rtnl_route_add(socket, route, Int32(NLM_F_CREATE | NLM_F_REPLACE)))
        }
    }

    public func deleteDefaultRoute(via gateway: String, link index: Int32, metric: UInt32, table: UInt32 = 254) throws(NetlinkError) {
        let family = Self.family(of: gateway)
        try withRoute(to: Self.anywhere(family), via: gateway, link: index, metric: metric, table: table,
                      protocolID: RouteProtocol.staticRoute, source: nil) { (route) throws(NetlinkError) in
            try check("delete default route via \(gateway) table \(table)", rtnl_route_delete(socket, route, 0))
        }
    }

    /// Deletes a route someone else put in the main table (the kernel, from a
    /// router advertisement or for an address's prefix), whatever its metric:
    /// the IPv6 route to `destination` ("2001:db8::/64", "::/0") on a link,
    /// added by `protocolID` (`RouteProtocol`), through `gateway` if given.
    public func deleteIPv6Route(to destination: String, via gateway: String?, link index: Int32,
                                protocolID: UInt8) throws(NetlinkError) {
        // Metric 0 matches any: the kernel picks its own for these routes.
        try withRoute(to: destination, via: gateway, link: index, metric: 0, table: 254,
                      protocolID: protocolID, source: nil) { (route) throws(NetlinkError) in
            try check("delete route to \(destination) on link \(index)", rtnl_route_delete(socket, route, 0))
        }
    }

    public func defaultRoutes() throws(NetlinkError) -> [DefaultRoute] {
        var cache: OpaquePointer?
        try check("dump routes", rtnl_route_alloc_cache(socket, AF_UNSPEC, 0, &cache))
        defer { nl_cache_free(cache) }
        return Self.objects(in: cache).compactMap(DefaultRoute.init)
    }

    private static func anywhere(_ family: Int32) -> String {
        family == AF_INET ? "0.0.0.0/0" : "::/0"
    }

    private func withRoute(to destination: String, via gateway: String?, link index: Int32, metric: UInt32, table: UInt32,
                           protocolID: UInt8, source: String?,
                           _ body: (OpaquePointer) throws(NetlinkError) -> Void) throws(NetlinkError) {
        let family = Self.family(of: destination)
        guard let route = rtnl_route_alloc() else { throw NetlinkError("route", reason: "out of memory") }
        defer { rtnl_route_put(route) }
        let parsedDestination = try NetlinkAddress.parse(destination, family: family)
        defer { nl_addr_put(parsedDestination) }
        rtnl_route_set_family(route, UInt8(family))
        rtnl_route_set_table(route, table)
        rtnl_route_set_priority(route, metric)
        rtnl_route_set_protocol(route, protocolID)
        _ = rtnl_route_set_dst(route, parsedDestination)
        if let source {
            let preferred = try NetlinkAddress.parse(source, family: family)
            defer { nl_addr_put(preferred) }
            _ = rtnl_route_set_pref_src(route, preferred)  // takes its own reference
        }
        var via: OpaquePointer?
        if let gateway { via = try NetlinkAddress.parse(gateway, family: family) }
        defer { if let via { nl_addr_put(via) } }
        guard let hop = rtnl_route_nh_alloc() else { throw NetlinkError("route", reason: "out of memory") }
        rtnl_route_nh_set_ifindex(hop, index)
        if let via { rtnl_route_nh_set_gateway(hop, via) }
        rtnl_route_add_nexthop(route, hop)  // the route owns the hop from here
        try body(route)
    }

    // MARK: rules

    /// "from SOURCE/32 lookup TABLE" at `priority`.
    public func addSourceRule(from source: String, table: UInt32, priority: UInt32) throws(NetlinkError) {
        try withRule(source, table, priority) { (rule) throws(NetlinkError) in
            try check("add rule from \(source) table \(table)", rtnl_rule_add(socket, rule, Int32(NLM_F_CREATE)))
        }
    }

    public func deleteSourceRule(from source: String, table: UInt32, priority: UInt32) throws(NetlinkError) {
        try withRule(source, table, priority) { (rule) throws(NetlinkError) in
            try check("delete rule from \(source) table \(table)", rtnl_rule_delete(socket, rule, 0))
        }
    }

    private func withRule(_ source: String, _ table: UInt32, _ priority: UInt32,
                          _ body: (OpaquePointer) throws(NetlinkError) -> Void) throws(NetlinkError) {
        let family = Self.family(of: source)
        guard let rule = rtnl_rule_alloc() else { throw NetlinkError("rule", reason: "out of memory") }
        defer { rtnl_rule_put(rule) }
        let from = try NetlinkAddress.parse("\(source)/\(family == AF_INET ? 32 : 128)", family: family)
        defer { nl_addr_put(from) }
        rtnl_rule_set_family(rule, family)
        try check("rule source \(source)", rtnl_rule_set_src(rule, from))
        rtnl_rule_set_table(rule, table)
        rtnl_rule_set_prio(rule, priority)
        rtnl_rule_set_action(rule, UInt8(FR_ACT_TO_TBL))
        try body(rule)
    }

    // MARK: helpers

    private func check(_ operation: String, _ status: Int32) throws(NetlinkError) {
        guard status >= 0 else { throw NetlinkError(operation, status) }
    }

    static func family(of address: String) -> Int32 {
        address.contains(":") ? AF_INET6 : AF_INET
    }

    private static func objects(in cache: OpaquePointer?) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var object = nl_cache_get_first(cache)
        while let current = object {
            result.append(current)
            object = nl_cache_get_next(current)
        }
        return result
    }
}
