import Glibc

/// A connected, non-blocking TCP socket whose reads and writes wait with
/// poll(2) up to a deadline.  Closed on `close()` or when released.
public final class TCPSocket {
    private var fd: Int32

    init(fd: Int32) {
        self.fd = fd
    }

    deinit { close() }

    /// Connects to the first address of `endpoint` that accepts.
    public static func connect(to endpoint: TCPEndpoint, until deadline: Deadline) throws -> TCPSocket {
        var lastReason = "no address"
        for address in try SocketAddress.resolve(endpoint) {
            let socket = TCPSocket(fd: try openSocket(family: address.family))
            let started = address.withSockaddr { Glibc.connect(socket.fd, $0, $1) }
            if started == 0 { return socket }
            guard errno == EINPROGRESS else {
                lastReason = errnoText()
                continue
            }
            guard try waitFor(socket.fd, events: Int16(POLLOUT), until: deadline) else { throw TCPTransportError.timedOut }
            var failure: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &failure, &size)
            if failure == 0 { return socket }
            lastReason = errnoText(failure)
        }
        throw TCPTransportError.connectFailed(endpoint, reason: lastReason)
    }

    static func openSocket(family: Int32) throws -> Int32 {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                            | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TCPTransportError.connectionLost(reason: "socket: \(errnoText())") }
        return fd
    }

    /// Writes every octet, waiting for room up to `deadline`.
    public func write(_ octets: [UInt8], until deadline: Deadline) throws {
        var sent = 0
        while sent < octets.count {
            let count = octets[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count >= 0 {
                sent += count
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                guard try waitFor(fd, events: Int16(POLLOUT), until: deadline) else { throw TCPTransportError.timedOut }
            } else if errno != EINTR {
                throw TCPTransportError.connectionLost(reason: errnoText())
            }
        }
    }

    /// What arrived, waiting up to `deadline`: nil when it passed first, an
    /// empty array when the peer closed its side.
    public func read(upTo maximum: Int = 4096, until deadline: Deadline) throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return Array(buffer.prefix(count)) }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                guard try waitFor(fd, events: Int16(POLLIN), until: deadline) else { return nil }
            } else if errno != EINTR {
                throw TCPTransportError.connectionLost(reason: errnoText())
            }
        }
    }

    /// Ends our side (the peer reads end-of-stream once it has read
    /// everything we sent), then waits up to `deadline` for the peer to end
    /// its side, so closing never turns into a reset that could drop our
    /// last frame.  Errors no longer matter here.
    public func closeGracefully(until deadline: Deadline) {
        guard fd >= 0 else { return }
        shutdown(fd, Int32(SHUT_WR))
        while let octets = try? read(until: deadline), !octets.isEmpty {}
        close()
    }

    public func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }
}
