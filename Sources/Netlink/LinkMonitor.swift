internal import CNetlinkRoute
import Glibc

/// Follows rtnetlink's multicast groups (links, IPv4/IPv6 addresses and
/// routes) on a non-blocking socket.  The owner watches `fd` on its loop and
/// calls `drain()` when it is readable; events arrive through `onEvent`.
public final class LinkMonitor {
    public enum Event: Sendable, Equatable {
        case link(Link)
        case linkRemoved(Link)
        case address(LinkAddress)
        case addressRemoved(LinkAddress)
        case defaultRoute(DefaultRoute)
        case defaultRouteRemoved(DefaultRoute)
    }

    public var onEvent: ((Event) -> Void)?
    private let socket: OpaquePointer

    public var fd: Int32 { nl_socket_get_fd(socket) }

    public init() throws(NetlinkError) {
        guard let socket = nl_socket_alloc() else { throw NetlinkError("nl_socket_alloc", reason: "out of memory") }
        self.socket = socket
        // Multicast messages carry no sequence numbers of ours.
        nl_socket_disable_seq_check(socket)
        var status = nl_connect(socket, NETLINK_ROUTE)
        guard status == 0 else { throw NetlinkError("connect to rtnetlink", status) }
        for group in [RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE] {
            status = nl_socket_add_membership(socket, Int32(group.rawValue))
            guard status == 0 else { throw NetlinkError("join rtnetlink group \(group.rawValue)", status) }
        }
        status = nl_socket_set_nonblocking(socket)
        guard status == 0 else { throw NetlinkError("non-blocking rtnetlink socket", status) }
        // A burst of events (many links, a netns being torn down) must not overflow.
        _ = nl_socket_set_buffer_size(socket, 1 << 20, 0)
        nl_socket_modify_cb(socket, NL_CB_VALID, NL_CB_CUSTOM, { message, context in
            guard let message, let context else { return Int32(NL_OK.rawValue) }
            Unmanaged<LinkMonitor>.fromOpaque(context).takeUnretainedValue().handle(message)
            return Int32(NL_OK.rawValue)
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        nl_socket_free(socket)
    }

    /// Reads the queued messages (a bounded batch: the fd stays readable if
    /// more remain).  Returns false when the kernel dropped events because
    /// the socket overflowed (ENOBUFS): the owner should then re-read the
    /// state with a RouteSocket dump.
    @discardableResult
    public func drain() -> Bool {
        for _ in 0..<256 {
            let status = nl_recvmsgs_default(socket)
            if status == -NLE_AGAIN { return true }
            if status == -NLE_NOMEM { return false }
            if status < 0 { return true }  // one bad message; the next read goes on
        }
        return true
    }

    private func handle(_ message: OpaquePointer) {
        guard let header = nlmsg_hdr(message) else { return }
        let type = Int32(header.pointee.nlmsg_type)
        let removed = type == RTM_DELLINK || type == RTM_DELADDR || type == RTM_DELROUTE
        var context = (monitor: self, removed: removed)
        withUnsafeMutablePointer(to: &context) { pointer in
            _ = nl_msg_parse(message, { object, context in
                guard let object, let context else { return }
                let (monitor, removed) = context.assumingMemoryBound(to: (monitor: LinkMonitor, removed: Bool).self).pointee
                monitor.emit(object, removed: removed)
            }, pointer)
        }
    }

    private func emit(_ object: OpaquePointer, removed: Bool) {
        let type = String(cString: nl_object_get_type(object))
        let event: Event?
        switch type {
        case "route/link":
            let link = Link(object)
            event = removed ? .linkRemoved(link) : .link(link)
        case "route/addr":
            event = LinkAddress(object).map { removed ? .addressRemoved($0) : .address($0) }
        case "route/route":
            event = DefaultRoute(object).map { removed ? .defaultRouteRemoved($0) : .defaultRoute($0) }
        default:
            event = nil
        }
        if let event { onEvent?(event) }
    }
}
