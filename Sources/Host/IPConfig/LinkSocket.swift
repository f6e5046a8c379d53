import Glibc

/// A non-blocking socket tied to one link (SO_BINDTODEVICE), so an online
/// check's traffic leaves through the service it checks even when another
/// link holds the preferred default route, and a router solicitation goes
/// to the routers of that link.  Closed on deinit.
final class LinkSocket {
    let fd: Int32

    init(family: Int32, type: Int32, protocol: Int32 = 0, link: String) throws(SocketError) {
        let fd = socket(family, type | Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), `protocol`)
        guard fd >= 0 else { throw SocketError(operation: "socket", code: errno) }
        let bound = link.withCString { setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, $0, socklen_t(strlen($0) + 1)) }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw SocketError(operation: "bind to \(link)", code: code)
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// For a stream socket, before connect: TCP_QUICKACK off makes the kernel
    /// hold the handshake's last ACK (up to 200 ms) so that the request,
    /// written as soon as the socket connects, carries it: one frame fewer
    /// on the air, and one less for the peer to handle.  Best effort.
    func letRequestCarryHandshakeACK() {
        var off: Int32 = 0
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_QUICKACK, &off, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Starts connecting (or sends a datagram's destination for UDP);
    /// EINPROGRESS is the normal answer of a non-blocking stream socket.
    func connect(to address: String, port: UInt16) throws(SocketError) {
        let result = try Self.withSocketAddress(address, port) { Glibc.connect(fd, $0, $1) }
        guard result == 0 || errno == EINPROGRESS else { throw SocketError(operation: "connect to \(address)", code: errno) }
    }

    /// The outcome of a non-blocking connect, once the socket is writable.
    func connectError() -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
        return code
    }

    func send(_ bytes: [UInt8]) throws(SocketError) {
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw SocketError(operation: "send", code: sent < 0 ? errno : EMSGSIZE) }
    }

    /// What can be read now: bytes, an empty array at end of stream, nil
    /// when nothing is waiting.
    func receive(max: Int = 4096) throws(SocketError) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: max)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
            throw SocketError(operation: "receive", code: errno)
        }
        return Array(buffer[..<count])
    }

    /// The address family of a numeric address, or nil.
    static func family(of address: String) -> Int32? {
        var storage = in6_addr()
        if inet_pton(AF_INET, address, &storage) == 1 { return AF_INET }
        if inet_pton(AF_INET6, address, &storage) == 1 { return AF_INET6 }
        return nil
    }

    private static func withSocketAddress(_ address: String, _ port: UInt16,
                                          _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) throws(SocketError) -> Int32 {
        switch family(of: address) {
        case AF_INET:
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = port.bigEndian
            inet_pton(AF_INET, address, &socketAddress.sin_addr)
            return withGeneric(&socketAddress, body)
        case AF_INET6:
            var socketAddress = sockaddr_in6()
            socketAddress.sin6_family = sa_family_t(AF_INET6)
            socketAddress.sin6_port = port.bigEndian
            inet_pton(AF_INET6, address, &socketAddress.sin6_addr)
            return withGeneric(&socketAddress, body)
        default:
            throw SocketError(operation: "address \(address)", code: EINVAL)
        }
    }

    /// A family's socket address seen as the generic `sockaddr` the calls take.
    private static func withGeneric<Address>(_ address: inout Address,
                                             _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<Address>.size)) }
        }
    }
}
