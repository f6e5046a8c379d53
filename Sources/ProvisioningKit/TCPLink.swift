import EasyConnect
import EasyConnectTCP
import Glibc
import PluginKit

/// One DPP-over-TCP connection on the host loop: non-blocking connect,
/// length-prefixed frames in and out (`TCPFraming`), and one report when it
/// ends.  Frames are action frame bodies, category octet first, as the
/// engine uses them.
public final class TCPLink {
    public enum End: Error, CustomStringConvertible {
        case refused(String), closed, failed(String)

        public var description: String {
            switch self {
            case .refused(let why): "connection refused: \(why)"
            case .closed: "the peer closed the connection"
            case .failed(let why): why
            }
        }
    }

    private let host: HostAPI
    private var fd: Int32
    private var watch: FDWatch?
    private var connecting: Bool
    private var outgoing: [UInt8] = []
    private var decoder = TCPFraming.Decoder()
    /// A received frame; the link's owner feeds it to its session.
    public var onFrame: ([UInt8]) -> Void = { _ in }
    /// Once, when the connection ends (not after `close()`).
    public var onEnd: (End) -> Void = { _ in }
    /// Once, when a connect completes.
    public var onConnected: () -> Void = {}

    private init(host: HostAPI, fd: Int32, connecting: Bool) {
        self.host = host
        self.fd = fd
        self.connecting = connecting
    }

    deinit { close() }

    /// Starts connecting to an IP literal endpoint (names are refused: a
    /// DNS lookup would block the loop).
    public static func connect(host: HostAPI, to endpoint: TCPEndpoint) throws -> TCPLink {
        guard let address = try SocketAddress.resolve(endpoint, numericOnly: true).first else {
            throw End.refused("no address for \(endpoint)")
        }
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw End.failed("socket: \(String(cString: strerror(errno)))") }
        let started = address.withSockaddr { Glibc.connect(fd, $0, $1) }
        guard started == 0 || errno == EINPROGRESS else {
            let why = String(cString: strerror(errno))
            Glibc.close(fd)
            throw End.refused(why)
        }
        let link = TCPLink(host: host, fd: fd, connecting: true)
        try link.startWatching()
        return link
    }

    /// A connection a listener accepted.
    static func accepted(host: HostAPI, fd: Int32) throws -> TCPLink {
        let link = TCPLink(host: host, fd: fd, connecting: false)
        try link.startWatching()
        return link
    }

    public func send(_ actionFrame: [UInt8]) {
        guard fd >= 0, let message = try? TCPFraming.encode(actionFrame: actionFrame) else { return }
        outgoing += message
        if !connecting { flush() }
        rewatch()
    }

    /// Closes without a report.
    public func close() {
        watch = nil
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }

    // MARK: the loop's side

    private func startWatching() throws {
        rewatch()
        guard watch != nil else {
            close()
            throw End.failed("cannot watch the socket")
        }
    }

    private func rewatch() {
        guard fd >= 0 else { return }
        watch = nil  // one watch per fd at a time
        watch = FDWatch(host: host, fd: fd, writable: connecting || !outgoing.isEmpty) { [weak self] readable, writable in
            self?.ready(readable: readable, writable: writable)
        }
    }

    private func ready(readable: Bool, writable: Bool) {
        if connecting, writable || readable {
            var failure: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &size)
            guard failure == 0 else { return end(.refused(String(cString: strerror(failure)))) }
            connecting = false
            onConnected()
            flush()
            rewatch()
            guard fd >= 0 else { return }
        }
        if writable, !outgoing.isEmpty {
            flush()
            rewatch()
        }
        if readable { receive() }
    }

    private func flush() {
        while fd >= 0, !outgoing.isEmpty {
            let count = outgoing.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count > 0 {
                outgoing.removeFirst(count)
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                return
            } else if errno != EINTR {
                return end(.failed("send: \(String(cString: strerror(errno)))"))
            }
        }
    }

    private func receive() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count == 0 { return end(.closed) }
        guard count > 0 else {
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return }
            return end(.failed("recv: \(String(cString: strerror(errno)))"))
        }
        decoder.append(buffer.prefix(count))
        do {
            while fd >= 0, let frame = try decoder.nextFrame() { onFrame(frame) }
        } catch {
            end(.failed("malformed DPP-over-TCP message: \(error)"))
        }
    }

    private func end(_ reason: End) {
        guard fd >= 0 else { return }
        close()
        onEnd(reason)
    }
}

/// A listening socket on the host loop; each accepted connection goes to `onAccept`.
public final class TCPAcceptor {
    private var fd: Int32
    private var watch: FDWatch?
    public var onAccept: (TCPLink) -> Void = { _ in }

    public init(host: HostAPI, on endpoint: TCPEndpoint) throws {
        guard let address = try SocketAddress.resolve(endpoint, passive: true, numericOnly: true).first else {
            throw TCPLink.End.failed("no address for \(endpoint)")
        }
        fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TCPLink.End.failed("socket: \(String(cString: strerror(errno)))") }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        guard address.withSockaddr({ bind(fd, $0, $1) }) == 0, listen(fd, 4) == 0 else {
            let why = String(cString: strerror(errno))
            Glibc.close(fd)
            fd = -1
            throw TCPLink.End.failed("cannot listen on \(endpoint): \(why)")
        }
        watch = FDWatch(host: host, fd: fd, writable: false) { [weak self] readable, _ in
            guard let self, readable else { return }
            let connection = Glibc.accept(self.fd, nil, nil)
            guard connection >= 0 else { return }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            _ = fcntl(connection, F_SETFL, fcntl(connection, F_GETFL) | O_NONBLOCK)
            guard let link = try? TCPLink.accepted(host: host, fd: connection) else { return }
            self.onAccept(link)
        }
    }

    deinit { close() }

    public func close() {
        watch = nil
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }
}
