import Glibc
@testable import EasyConnectTCP

/// Two connected, non-blocking stream sockets: `ours` as a `TCPSocket`, the
/// other end as a raw fd the test writes and reads directly.
struct SocketPair {
    let ours: TCPSocket
    let peer: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds) == 0)
        ours = TCPSocket(fd: fds[0])
        peer = fds[1]
    }

    /// Blocks until `count` octets were read from the peer end (or it closed).
    func readFromPeer(_ count: Int, within duration: Duration = .seconds(5)) -> [UInt8] {
        var received: [UInt8] = []
        let deadline = Deadline.now + duration
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count < count, !deadline.hasPassed {
            let got = buffer.withUnsafeMutableBytes { recv(peer, $0.baseAddress, min($0.count, count - received.count), 0) }
            if got > 0 { received += buffer.prefix(got) } else if got == 0 { break } else { usleep(1000) }
        }
        return received
    }

    func writeFromPeer(_ octets: [UInt8]) {
        _ = octets.withUnsafeBytes { send(peer, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    func closePeer() { close(peer) }
}
