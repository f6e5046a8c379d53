import DHCP

/// Engines parked in each state that accepts replies, built once through the
/// public API against a scripted server.
enum DHCPFuzzEngines {
    static let mac: [UInt8] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01]
    static let server = IPv4Address(192, 0, 2, 1)
    static let boundAt = Duration.seconds(100)

    /// Selecting, requesting, bound (lease 600 s: T1 300, T2 525), renewing, rebinding.
    static let all: [DHCPClient] = {
        var client = DHCPClient(configuration: DHCPClientConfiguration(hardwareAddress: mac), random: FixedRandom())
        var engines: [DHCPClient] = []
        _ = client.handle(.start, at: boundAt)
        engines.append(client)
        _ = client.handle(.received(reply(.offer, to: client)), at: boundAt)
        engines.append(client)
        _ = client.handle(.received(reply(.ack, to: client)), at: boundAt)
        engines.append(client)
        _ = client.handle(.timerFired, at: boundAt + .seconds(300))
        engines.append(client)
        _ = client.handle(.timerFired, at: boundAt + .seconds(525))
        engines.append(client)
        precondition(engines.map(\.phase) == [.selecting, .requesting, .bound, .renewing, .rebinding],
                     "fuzz engines not in the expected states")
        return engines
    }()

    private static func reply(_ type: DHCPMessageType, to client: DHCPClient) -> DHCPMessage {
        DHCPMessage(operation: .bootReply, transactionID: client.transactionID ?? 0, clientHardwareAddress: mac,
                    yourAddress: IPv4Address(192, 0, 2, 100),
                    options: [.messageType(type), .serverIdentifier(server), .leaseTime(600),
                              .subnetMask(IPv4Address(255, 255, 255, 0))])
    }
}

/// Fixed randomness: fuzz runs must be reproducible.
struct FixedRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64 = 0x9E37_79B9

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }
}
