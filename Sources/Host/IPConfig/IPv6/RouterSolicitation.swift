import Glibc

/// A router solicitation (RFC 4861 §4.1), which asks the link's routers for
/// an advertisement now instead of at their next periodic one.
enum RouterSolicitation {
    /// ICMPv6 type 133, with the source link-layer address option when the
    /// link has an Ethernet address.  The checksum stays zero: the kernel
    /// fills it in on ICMPv6 raw sockets (RFC 3542 §3.1).
    static func message(sourceLinkLayerAddress: [UInt8]?) -> [UInt8] {
        var message: [UInt8] = [133, 0, 0, 0, 0, 0, 0, 0]
        if let address = sourceLinkLayerAddress, address.count == 6 {
            message += [1, 1] + address  // type 1, length 1 (in units of 8 octets)
        }
        return message
    }

    /// Sends `message` to all routers (ff02::2) on a link from its link-local
    /// address.  Throws with EADDRNOTAVAIL while that address is still
    /// tentative, when a solicitation may not carry the option.
    static func send(_ message: [UInt8], link: String) throws(SocketError) {
        let socket = try LinkSocket(family: AF_INET6, type: Int32(SOCK_RAW.rawValue), protocol: Int32(IPPROTO_ICMPV6),
                                    link: link)
        // RFC 4861 §6.1.1: a router drops a solicitation whose hop limit is not 255.
        var hops: Int32 = 255
        guard setsockopt(socket.fd, Int32(IPPROTO_IPV6), IPV6_MULTICAST_HOPS, &hops,
                         socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SocketError(operation: "hop limit", code: errno)
        }
        // A link-local destination's scope is the link the socket is bound to.
        try socket.connect(to: "ff02::2", port: 0)
        try socket.send(message)
    }
}
