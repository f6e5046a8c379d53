import XCTest
@testable import DHCP

/// Randomness for deterministic tests: returns its values in turn, forever.
/// With 1000 the jitter is zero (values map to -1000...+1000 ms).
struct ScriptedRandom: RandomNumberGenerator, Sendable {
    var values: [UInt64]
    private var index = 0

    init(_ values: UInt64...) { self.values = values }
    init(sequence values: [UInt64]) { self.values = values }

    mutating func next() -> UInt64 {
        defer { index += 1 }
        return values[index % values.count]
    }
}

/// A DHCP server simulated in a few lines: OFFERs the next address, ACKs a
/// REQUEST meant for it, or NAKs, or stays silent.
struct SimulatedServer {
    /// `nak` NAKs every REQUEST and offers nothing (so a NAK loop cannot
    /// run forever); `offerOnly` offers but never answers a REQUEST.
    enum Behaviour { case answer, nak, silent, offerOnly }

    let identifier: IPv4Address
    var address: IPv4Address
    var behaviour = Behaviour.answer
    var leaseSeconds: UInt32 = 3600
    var renewalSeconds: UInt32? = nil
    var rebindingSeconds: UInt32? = nil

    func reply(to request: DHCPMessage) -> DHCPMessage? {
        guard behaviour != .silent else { return nil }
        switch request.messageType {
        case .discover:
            return behaviour == .nak ? nil : answer(request, .offer)
        case .request:
            guard behaviour != .offerOnly else { return nil }
            if let chosen = request.serverIdentifier, chosen != identifier { return nil }  // another server's
            return answer(request, behaviour == .nak ? .nak : .ack)
        default:
            return nil
        }
    }

    func answer(_ request: DHCPMessage, _ type: DHCPMessageType) -> DHCPMessage {
        var options: [DHCPOption] = [.messageType(type), .serverIdentifier(identifier)]
        if type == .nak {
            options.append(.message("wrong network"))
        } else {
            options += [.leaseTime(leaseSeconds), .subnetMask(IPv4Address(255, 255, 255, 0)),
                        .routers([IPv4Address(192, 0, 2, 1)]), .domainNameServers([IPv4Address(192, 0, 2, 53)]),
                        .domainName("example.test")]
            if let renewalSeconds { options.append(.renewalTime(renewalSeconds)) }
            if let rebindingSeconds { options.append(.rebindingTime(rebindingSeconds)) }
        }
        return DHCPMessage(operation: .bootReply, transactionID: request.transactionID,
                           clientHardwareAddress: request.clientHardwareAddress,
                           yourAddress: type == .nak ? .any : address, options: options)
    }
}

/// Runs a client against simulated servers on simulated time.  Every
/// message crosses the real wire code (DHCP + IPv4/UDP serializers and
/// parsers) both ways; the armed timer is fired on request.
final class EngineHarness {
    static let mac: [UInt8] = [0x02, 0x00, 0x5E, 0x00, 0x00, 0x42]
    static let start = Duration.seconds(1000)

    var client: DHCPClient
    var servers: [SimulatedServer]
    var now = EngineHarness.start
    private(set) var timer: Duration?
    /// Everything the client sent, with when and where.
    private(set) var sent: [(message: DHCPMessage, destination: DHCPDestination, at: Duration)] = []
    private(set) var effects: [DHCPClientEffect] = []
    private(set) var configured: DHCPLease?

    init(servers: [SimulatedServer], configuration: DHCPClientConfiguration? = nil,
         random: ScriptedRandom = ScriptedRandom(1000)) {
        client = DHCPClient(configuration: configuration ?? DHCPClientConfiguration(hardwareAddress: Self.mac),
                            random: random)
        self.servers = servers
    }

    /// Feeds an input at `now`, then delivers every server reply it causes.
    @discardableResult
    func feed(_ input: DHCPClientInput) -> [DHCPClientEffect] {
        var pending = [input]
        var produced: [DHCPClientEffect] = []
        while !pending.isEmpty {
            guard produced.count < 1000 else {
                XCTFail("the client and the servers keep talking: a loop")
                break
            }
            for effect in client.handle(pending.removeFirst(), at: now) {
                produced.append(effect)
                pending += carryOut(effect)
            }
        }
        effects += produced
        return produced
    }

    /// Moves time to the armed timer and fires it.
    @discardableResult
    func fireTimer(file: StaticString = #filePath, line: UInt = #line) -> [DHCPClientEffect] {
        guard let timer else {
            XCTFail("no timer armed", file: file, line: line)
            return []
        }
        now = max(now, timer)
        return feed(.timerFired)
    }

    /// Fires the timer until `now` reaches `deadline` (the timer at or past it fired too).
    func runUntil(_ deadline: Duration) {
        while let timer, timer <= deadline { fireTimer() }
    }

    var events: [DHCPClientEvent] { effects.compactMap { if case .event(let e) = $0 { e } else { nil } } }
    var lastSent: DHCPMessage? { sent.last?.message }

    /// Delivers a hand-made reply through the wire, as a server would send it.
    @discardableResult
    func deliver(_ reply: DHCPMessage) -> [DHCPClientEffect] {
        feed(.received(throughWire(reply, from: IPv4Address(192, 0, 2, 1))))
    }

    private func carryOut(_ effect: DHCPClientEffect) -> [DHCPClientInput] {
        switch effect {
        case .send(let message, let destination):
            let onWire = throughWire(message, from: .any)
            sent.append((onWire, destination, now))
            let reachable = servers.filter {
                if case .unicast(let address) = destination { $0.identifier == address } else { true }
            }
            return reachable.compactMap { $0.reply(to: onWire) }.map {
                .received(throughWire($0, from: IPv4Address(192, 0, 2, 1)))
            }
        case .configure(let lease): configured = lease
        case .deconfigure: configured = nil
        case .armTimer(let deadline): timer = deadline
        case .cancelTimer: timer = nil
        case .event: break
        }
        return []
    }

    private func throughWire(_ message: DHCPMessage, from source: IPv4Address) -> DHCPMessage {
        let frame = UDPDatagramSerializer.serialize(.toServers(payload: DHCPMessageSerializer.serialize(message),
                                                               from: source))
        do {
            return try DHCPMessageParser.parse(UDPDatagramParser.parse(frame, verifyUDPChecksum: true).payload)
        } catch {
            XCTFail("message did not survive the wire: \(error)")
            return message
        }
    }
}
