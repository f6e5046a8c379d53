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
    /// address.  Returns errno on failure: EADDRNOTAVAIL while that address
    /// is still tentative, when a solicitation may not carry the option.
    static func send(_ message: [UInt8], linkIndex: Int32) -> Int32? {
        let fd = socket(AF_INET6, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Int32(IPPROTO_ICMPV6))
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        // RFC 4861 §6.1.1: a router drops a solicitation whose hop limit is not 255.
        var hops: Int32 = 255
        guard setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_MULTICAST_HOPS, &hops, socklen_t(MemoryLayout<Int32>.size)) == 0
        else { return errno }
        var destination = sockaddr_in6()
        destination.sin6_family = sa_family_t(AF_INET6)
        destination.sin6_scope_id = UInt32(bitPattern: linkIndex)
        guard inet_pton(AF_INET6, "ff02::2", &destination.sin6_addr) == 1 else { return EINVAL }
        let sent = withUnsafePointer(to: &destination) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                sendto(fd, message, message.count, Int32(MSG_DONTWAIT), address, socklen_t(MemoryLayout<sockaddr_in6>.size))
            }
        }
        return sent == message.count ? nil : (sent < 0 ? errno : EIO)
    }
}
