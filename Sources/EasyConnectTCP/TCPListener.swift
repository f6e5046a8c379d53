import Glibc

/// A listening TCP socket that hands out connections one at a time.
public final class TCPListener {
    private var fd: Int32
    public let endpoint: TCPEndpoint

    /// Listens on the first address of `endpoint` (with SO_REUSEADDR, so a
    /// restarted tool gets its port back at once).
    public init(on endpoint: TCPEndpoint) throws {
        guard let address = try SocketAddress.resolve(endpoint, passive: true).first else {
            throw TCPTransportError.listenFailed(endpoint, reason: "no address")
        }
        fd = try TCPSocket.openSocket(family: address.family)
        self.endpoint = endpoint
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        guard address.withSockaddr({ bind(fd, $0, $1) }) == 0, listen(fd, 4) == 0 else {
            let reason = errnoText()
            close()
            throw TCPTransportError.listenFailed(endpoint, reason: reason)
        }
    }

    deinit { close() }

    /// The next connection, waiting up to `deadline`.
    public func accept(until deadline: Deadline) throws -> TCPSocket {
        while true {
            let connection = Glibc.accept(fd, nil, nil)  // accept4 is not imported without _GNU_SOURCE
            if connection >= 0 {
                _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
                _ = fcntl(connection, F_SETFL, fcntl(connection, F_GETFL) | O_NONBLOCK)
                return TCPSocket(fd: connection)
            }
            switch errno {
            case EAGAIN, EWOULDBLOCK:
                guard try waitFor(fd, events: Int16(POLLIN), until: deadline) else { throw TCPTransportError.timedOut }
            case EINTR, ECONNABORTED:
                continue
            default:
                throw TCPTransportError.connectionLost(reason: "accept: \(errnoText())")
            }
        }
    }

    public func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }
}
