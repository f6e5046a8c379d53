import EasyConnect

/// Everything that can go wrong below the DPP exchange itself: addresses,
/// sockets, the peer going away, the clock, and a byte stream that is not
/// DPP over TCP framing.
public enum TCPTransportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not `HOST[:PORT]` (or `[ADDR:]PORT` to listen on).
    case invalidEndpoint(String)
    case resolutionFailed(host: String, reason: String)
    case connectFailed(TCPEndpoint, reason: String)
    case listenFailed(TCPEndpoint, reason: String)
    /// A read or write failed (reset by the peer, network down).
    case connectionLost(reason: String)
    /// The peer closed the connection before the exchange ended: hostap's
    /// daemons answer a frame they refuse this way.
    case peerClosed
    /// The deadline passed while waiting for the peer.
    case timedOut
    /// A zero or oversized length: the stream is not DPP over TCP.
    case malformedStream(EasyConnectError)

    public var description: String {
        switch self {
        case .invalidEndpoint(let text): return "invalid address '\(text)' (expected HOST[:PORT] or [ADDR:]PORT)"
        case .resolutionFailed(let host, let reason): return "cannot resolve \(host): \(reason)"
        case .connectFailed(let endpoint, let reason): return "cannot connect to \(endpoint): \(reason)"
        case .listenFailed(let endpoint, let reason): return "cannot listen on \(endpoint): \(reason)"
        case .connectionLost(let reason): return "connection lost: \(reason)"
        case .peerClosed: return "the peer closed the connection before the exchange ended"
        case .timedOut: return "timed out waiting for the peer"
        case .malformedStream(let error): return "not DPP over TCP: \(error)"
        }
    }
}
