/// DPP over TCP (port 8908): each message is a 4-octet big-endian length and
/// then the public action frame *without* its category octet.  Pure encode
/// and decode functions; the socket lives in the transport adapter.
public enum TCPFraming {
    /// Refused above this size: no DPP message comes near it, and a peer
    /// must not make us buffer gigabytes by sending a large length.
    public static let defaultMaximumMessageLength = 64 * 1024

    /// The TCP message carrying `actionFrame` (a body starting with the
    /// public category octet, as the engine produces).
    public static func encode(actionFrame: [UInt8]) throws -> [UInt8] {
        guard actionFrame.first == ActionFrame.publicCategory, actionFrame.count >= 2 else {
            throw EasyConnectError.malformedFrame(.notPublicAction(actionFrame.first ?? 0))
        }
        let body = actionFrame.dropFirst()
        let length = UInt32(body.count)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)]
            + body
    }

    /// Reassembles messages from a byte stream received in arbitrary
    /// pieces, handing out action frames with the category octet restored.
    public struct Decoder: Sendable {
        private var buffer: [UInt8] = []
        public let maximumMessageLength: Int

        public init(maximumMessageLength: Int = TCPFraming.defaultMaximumMessageLength) {
            self.maximumMessageLength = maximumMessageLength
        }

        /// Octets received and not yet handed out as a frame.
        public var bufferedCount: Int { buffer.count }

        public mutating func append(_ octets: some Sequence<UInt8>) {
            buffer.append(contentsOf: octets)
        }

        /// The next complete frame, or nil when more octets are needed.  A
        /// zero or oversized length throws; the stream is then unusable (the
        /// caller closes the connection).
        public mutating func nextFrame() throws -> [UInt8]? {
            guard buffer.count >= 4 else { return nil }
            let length = buffer.prefix(4).reduce(0) { $0 << 8 | Int($1) }
            guard length > 0 else { throw EasyConnectError.malformedFrame(.emptyMessage) }
            guard length <= maximumMessageLength else {
                throw EasyConnectError.malformedFrame(.messageTooLong(length))
            }
            guard buffer.count - 4 >= length else { return nil }
            let frame = [ActionFrame.publicCategory] + buffer[4..<(4 + length)]
            buffer.removeFirst(4 + length)
            return frame
        }
    }
}
