import EasyConnect

/// `frame`: the DPP attribute and frame parsers.  Each input is read three
/// ways: as a public action frame body, as a bare attribute list, and as a
/// DPP over TCP byte stream whose messages are frames in turn, and as an
/// 802.11 Action frame whose body is a frame in turn.  The stream
/// must decode to the same frames whether it arrives at once or in pieces,
/// and every message decoded must be the octets a sender would have written.
enum FrameFuzz {
    static let target = FuzzTarget(name: "frame",
                                   summary: "DPP frames and attribute lists, DPP over TCP framing, round trips",
                                   run: run)

    /// A configurator's known peer, for the Presence Announcement lookup.
    private static let knownPeer = try! BootstrappingURI(publicKey: FuzzVectors.responderBootstrapKey.publicKey)

    static func run(_ bytes: [UInt8]) {
        frame(bytes)
        FrameChecks.attributeList(bytes)
        tcpStream(bytes)
        overTheAir(bytes)
    }

    /// The input as a received 802.11 frame: an Action frame unwraps to
    /// addresses and a body that wrap back to the same octets (bar the
    /// duration, BSSID, sequence and flag bits a sender sets its own way).
    private static func overTheAir(_ bytes: [UInt8]) {
        guard let (destination, source, body) = ManagementHeader.unwrap(bytes) else { return }
        require(bytes.count > ManagementHeader.length && !body.isEmpty, "an unwrapped frame has a body")
        let again = ManagementHeader.wrap(body, to: destination, from: source)
        require(again[4..<16] == bytes[4..<16] && again[ManagementHeader.length...] == bytes[ManagementHeader.length...],
                "addresses and body survive a round trip")
        FrameChecks.actionFrame(body)
    }

    private static func frame(_ bytes: [UInt8]) {
        FrameChecks.actionFrame(bytes)
        FrameChecks.tcpRoundTrip(bytes)
        if let peer = try? PresenceAnnouncement.announcedPeer(in: bytes, among: [knownPeer]),
           case .dpp(let announcement)? = try? FrameParser.parse(bytes) {
            require((try? PresenceAnnouncement.chirpHash(of: announcement)) == peer.chirpHash,
                    "an announcement names the peer whose chirp hash it carries")
        }
    }

    /// Small limit, so the fuzzer reaches the oversized-message refusal.
    private static let maximumMessageLength = 512

    private static func tcpStream(_ bytes: [UInt8]) {
        let whole = decode([bytes[...]])
        // The same stream cut into pieces whose sizes the input picks.
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        var cut = 0
        while start < bytes.count {
            let size = 1 + Int(bytes[cut % bytes.count] % 16)
            pieces.append(bytes[start..<min(bytes.count, start + size)])
            start += size
            cut += 1
        }
        let pieced = decode(pieces)
        require(whole.frames == pieced.frames && whole.failed == pieced.failed, "TCP decoding independent of chunking")

        // What was decoded is a prefix of the stream, message by message.
        var consumed: [UInt8] = []
        for frame in whole.frames {
            require(frame.first == 0x04 && frame.count >= 2 && frame.count - 1 <= maximumMessageLength,
                    "decoded frame has its category and a length within the limit")
            consumed += (try? TCPFraming.encode(actionFrame: frame)) ?? []
            self.frame(frame)
        }
        require(bytes.starts(with: consumed), "decoded messages are the stream's first octets")
        require(whole.buffered == bytes.count - consumed.count, "undecoded octets stay buffered")
    }

    private static func decode(_ pieces: [ArraySlice<UInt8>]) -> (frames: [[UInt8]], failed: Bool, buffered: Int) {
        var decoder = TCPFraming.Decoder(maximumMessageLength: maximumMessageLength)
        var frames: [[UInt8]] = []
        for piece in pieces {
            decoder.append(piece)
            do {
                while let frame = try decoder.nextFrame() { frames.append(frame) }
            } catch {
                return (frames, true, decoder.bufferedCount)
            }
        }
        return (frames, false, decoder.bufferedCount)
    }
}
