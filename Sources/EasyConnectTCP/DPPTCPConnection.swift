import EasyConnect

/// One DPP over TCP connection: action frames in and out through
/// `TCPFraming` (4-octet big-endian length, then the frame without its
/// category octet).  The engine never sees the framing, so the same
/// sessions run over 802.11 action frames through another adapter.
public final class DPPTCPConnection {
    public let socket: TCPSocket
    private var decoder: TCPFraming.Decoder

    public init(socket: TCPSocket, maximumMessageLength: Int = TCPFraming.defaultMaximumMessageLength) {
        self.socket = socket
        decoder = TCPFraming.Decoder(maximumMessageLength: maximumMessageLength)
    }

    /// Sends one action frame (category octet first, as the engine builds it).
    public func send(_ actionFrame: [UInt8], until deadline: Deadline) throws {
        try socket.write(try TCPFraming.encode(actionFrame: actionFrame), until: deadline)
    }

    /// The next complete frame, or nil when `deadline` passed first.  Ends
    /// with `peerClosed` at end-of-stream and `malformedStream` on a zero
    /// or oversized length (the stream is then unusable).
    public func receive(until deadline: Deadline) throws -> [UInt8]? {
        while true {
            do {
                if let frame = try decoder.nextFrame() { return frame }
            } catch let error as EasyConnectError {
                throw TCPTransportError.malformedStream(error)
            }
            guard let octets = try socket.read(until: deadline) else { return nil }
            guard !octets.isEmpty else { throw TCPTransportError.peerClosed }
            decoder.append(octets)
        }
    }

    /// Closes after our last frame reached the peer (see
    /// `TCPSocket.closeGracefully`).
    public func close(lingering: Duration = .seconds(1)) {
        socket.closeGracefully(until: .now + lingering)
    }
}
