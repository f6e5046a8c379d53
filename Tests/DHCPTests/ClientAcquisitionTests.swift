import XCTest
@testable import DHCP

/// Getting a lease: DISCOVER/OFFER/REQUEST/ACK, what each message carries,
/// which replies are ignored, retransmission timing, INIT-REBOOT.
final class ClientAcquisitionTests: XCTestCase {
    static let serverA = IPv4Address(192, 0, 2, 1)
    static let serverB = IPv4Address(192, 0, 2, 2)
    static let leased = IPv4Address(192, 0, 2, 100)

    private func harness(_ servers: SimulatedServer...) -> EngineHarness {
        EngineHarness(servers: servers)
    }

    private static func server(_ id: IPv4Address = serverA, _ behaviour: SimulatedServer.Behaviour = .answer)
        -> SimulatedServer {
        SimulatedServer(identifier: id, address: leased, behaviour: behaviour)
    }

    func testNormalLease() throws {
        let h = harness(Self.server())
        h.feed(.start)
        XCTAssertEqual(h.client.phase, .bound)
        XCTAssertEqual(h.sent.count, 2)

        let discover = h.sent[0]
        XCTAssertEqual(discover.destination, .broadcast)
        XCTAssertEqual(discover.message.messageType, .discover)
        XCTAssertEqual(discover.message.operation, .bootRequest)
        XCTAssertEqual(discover.message.clientHardwareAddress, EngineHarness.mac)
        XCTAssertEqual(discover.message.clientAddress, .any)
        XCTAssertNil(discover.message.serverIdentifier)
        XCTAssertNil(discover.message.requestedAddress)
        XCTAssertTrue(discover.message.options.contains(.clientIdentifier([1] + EngineHarness.mac)))
        XCTAssertTrue(discover.message.options.contains(.maximumMessageSize(1500)))
        XCTAssertTrue(discover.message.options.contains(
            .parameterRequestList(DHCPClientConfiguration.defaultParameterRequestList)))

        let request = h.sent[1]
        XCTAssertEqual(request.destination, .broadcast)
        XCTAssertEqual(request.message.messageType, .request)
        XCTAssertEqual(request.message.transactionID, discover.message.transactionID, "REQUEST keeps the OFFER's xid")
        XCTAssertEqual(request.message.secondsElapsed, discover.message.secondsElapsed)
        XCTAssertEqual(request.message.requestedAddress, Self.leased)
        XCTAssertEqual(request.message.serverIdentifier, Self.serverA)
        XCTAssertEqual(request.message.clientAddress, .any)

        let lease = try XCTUnwrap(h.configured)
        XCTAssertEqual(lease, h.client.lease)
        XCTAssertEqual(lease.address, Self.leased)
        XCTAssertEqual(lease.prefixLength, 24)
        XCTAssertEqual(lease.routers, [IPv4Address(192, 0, 2, 1)])
        XCTAssertEqual(lease.domainNameServers, [IPv4Address(192, 0, 2, 53)])
        XCTAssertEqual(lease.domainName, "example.test")
        XCTAssertEqual(lease.serverIdentifier, Self.serverA)
        XCTAssertEqual(lease.leaseTime, .seconds(3600))
        XCTAssertEqual(lease.obtainedAt, EngineHarness.start)
        XCTAssertEqual(h.timer, EngineHarness.start + .seconds(1800), "armed for T1")
        XCTAssertEqual(h.events.filter { if case .phaseChanged = $0 { true } else { false } }, [
            .phaseChanged(from: .stopped, to: .selecting), .phaseChanged(from: .selecting, to: .requesting),
            .phaseChanged(from: .requesting, to: .bound),
        ])
    }

    func testPhasesStepByStep() {
        let h = harness(Self.server(Self.serverA, .silent))
        h.feed(.start)
        XCTAssertEqual(h.client.phase, .selecting)
        let xid = try? XCTUnwrap(h.client.transactionID)
        h.deliver(SimulatedServer(identifier: Self.serverA, address: Self.leased).answer(h.lastSent!, .offer))
        XCTAssertEqual(h.client.phase, .requesting)
        XCTAssertEqual(h.client.transactionID, xid)
        XCTAssertTrue(h.events.contains(.offerSelected(address: Self.leased, server: Self.serverA)))
        h.deliver(SimulatedServer(identifier: Self.serverA, address: Self.leased).answer(h.lastSent!, .ack))
        XCTAssertEqual(h.client.phase, .bound)
        XCTAssertNil(h.client.transactionID)
    }

    func testFirstValidOfferWinsAndLaterOffersAreIgnored() {
        let h = harness(Self.server(Self.serverA, .offerOnly),
                        SimulatedServer(identifier: Self.serverB, address: IPv4Address(192, 0, 2, 200)))
        h.feed(.start)
        // Both offered; A's came first and was chosen; B's REQUEST-time offer is ignored.
        XCTAssertEqual(h.sent[1].message.serverIdentifier, Self.serverA)
        XCTAssertEqual(h.client.phase, .requesting)
        XCTAssertTrue(h.events.contains(.ignored(.offer, .unexpectedType)))
    }

    func testRepliesNotForUsAreIgnored() {
        let h = harness()
        h.feed(.start)
        let discover = h.lastSent!
        let server = SimulatedServer(identifier: Self.serverA, address: Self.leased)

        var wrongXID = server.answer(discover, .offer)
        wrongXID.transactionID &+= 1
        var wrongMAC = server.answer(discover, .offer)
        wrongMAC.clientHardwareAddress[5] ^= 1
        var notAReply = server.answer(discover, .offer)
        notAReply.operation = .bootRequest
        var noServerID = server.answer(discover, .offer)
        noServerID.options.removeAll { $0.code == DHCPOption.Code.serverIdentifier }
        var zeroAddress = server.answer(discover, .offer)
        zeroAddress.yourAddress = .any
        var broadcastAddress = server.answer(discover, .offer)
        broadcastAddress.yourAddress = .broadcast
        let ack = server.answer(discover, .ack)

        for reply in [wrongXID, wrongMAC, notAReply, noServerID, zeroAddress, broadcastAddress, ack] {
            XCTAssertEqual(h.deliver(reply).filter { if case .event = $0 { false } else { true } }, [],
                           "nothing but a log line")
        }
        XCTAssertEqual(h.client.phase, .selecting)
        let reasons: [DHCPClientEvent.IgnoredReason] = h.events.compactMap {
            if case .ignored(_, let reason) = $0 { reason } else { nil }
        }
        XCTAssertEqual(reasons,
                       [.wrongTransaction, .wrongHardwareAddress, .notAReply, .noServerIdentifier, .noAddress,
                        .noAddress, .unexpectedType])
        h.deliver(server.answer(discover, .offer))
        XCTAssertEqual(h.client.phase, .requesting, "the first valid OFFER is taken")
    }

    func testAckFromAnotherServerOrWithoutLeaseTimeIsIgnoredWhileRequesting() {
        let h = harness(Self.server(Self.serverA, .offerOnly))
        h.feed(.start)
        let request = h.lastSent!
        h.deliver(SimulatedServer(identifier: Self.serverB, address: Self.leased).answer(request, .ack))
        var noLease = SimulatedServer(identifier: Self.serverA, address: Self.leased).answer(request, .ack)
        noLease.options.removeAll { $0.code == DHCPOption.Code.leaseTime }
        h.deliver(noLease)
        XCTAssertEqual(h.client.phase, .requesting)
        XCTAssertTrue(h.events.contains(.ignored(.ack, .fromAnotherServer)))
        XCTAssertTrue(h.events.contains(.ignored(.ack, .noLeaseTime)))
    }

    func testDiscoverBackoffIs4_8_16_32_64ThenStays64() {
        let h = harness()
        h.feed(.start)
        for _ in 0..<7 { h.fireTimer() }
        let times = h.sent.map { ($0.at - EngineHarness.start).components.seconds }
        XCTAssertEqual(times, [0, 4, 12, 28, 60, 124, 188, 252])
        XCTAssertTrue(h.sent.allSatisfy { $0.message.transactionID == h.sent[0].message.transactionID })
        XCTAssertEqual(h.sent.map(\.message.secondsElapsed), [0, 4, 12, 28, 60, 124, 188, 252])
        XCTAssertTrue(h.events.contains(.retransmitting(.discover, attempt: 8)))
    }

    /// A link that just came up: the first DISCOVER is resent after 1 s
    /// (jitter scaled to ±250 ms) or 500 ms (±125 ms), then RFC 2131's schedule follows.
    func testLinkUpRetransmissionComesSoonerOnlyOnce() {
        for (first, scale) in [(Duration.seconds(1), 4), (.milliseconds(500), 8)] {
            for (random, offset) in [(UInt64(1000), Int64(0)), (0, -1000), (2000, 1000)] {
                let h = EngineHarness(servers: [], configuration: DHCPClientConfiguration(
                    hardwareAddress: EngineHarness.mac, linkUpRetransmission: first), random: ScriptedRandom(random))
                h.feed(.start)
                for _ in 0..<3 { h.fireTimer() }
                let gaps = zip(h.sent.dropFirst(), h.sent).map { $0.at - $1.at }
                let jitter = Duration.milliseconds(offset)
                XCTAssertEqual(gaps, [first + jitter / scale, .seconds(4) + jitter, .seconds(8) + jitter], "\(first) \(random)")
            }
        }
    }

    /// INIT-REBOOT gets the quick first retry too, and gives up on its
    /// REQUEST after two tries: a reconnect discovers after 3 s.
    func testLinkUpRetransmissionForInitReboot() {
        let h = EngineHarness(servers: [], configuration: DHCPClientConfiguration(
            hardwareAddress: EngineHarness.mac, previousAddress: Self.leased, linkUpRetransmission: .seconds(1)))
        h.feed(.start)
        for _ in 0..<2 { h.fireTimer() }
        let requests = h.sent.filter { $0.message.messageType == .request }
        XCTAssertEqual(requests.map { ($0.at - EngineHarness.start).components.seconds }, [0, 1])
        XCTAssertEqual(h.lastSent?.messageType, .discover, "then DISCOVER")
        XCTAssertEqual((h.sent.last!.at - EngineHarness.start).components.seconds, 3)
        XCTAssertEqual(h.client.phase, .selecting)
    }

    func testBackoffIsRandomisedByOneSecond() {
        let cases: [(random: UInt64, offsetMilliseconds: Int64)] = [(0, -1000), (2000, 1000), (1500, 500)]
        for (value, offset) in cases {
            let h = EngineHarness(servers: [], random: ScriptedRandom(value))
            h.feed(.start)
            for _ in 0..<5 { h.fireTimer() }
            let times: [Duration] = h.sent.map(\.at)
            let gaps: [Duration] = zip(times.dropFirst(), times).map { $0 - $1 }
            let expected: [Duration] = [4, 8, 16, 32, 64].map { (seconds: Int64) in
                Duration.seconds(seconds) + Duration.milliseconds(offset)
            }
            XCTAssertEqual(gaps, expected)
        }
    }

    /// RFC 2131 §3.1 step 5: REQUEST resent four times (0, 4, 12, 28, 60 s),
    /// then after the last 64 s wait the client starts over with DISCOVER.
    func testUnansweredRequestFallsBackToDiscover() {
        let h = harness(Self.server(Self.serverA, .offerOnly))
        h.feed(.start)
        let firstXID = h.client.transactionID
        h.servers = []
        for _ in 0..<5 { h.fireTimer() }
        let requests = h.sent.filter { $0.message.messageType == .request }
        XCTAssertEqual(requests.map { ($0.at - EngineHarness.start).components.seconds }, [0, 4, 12, 28, 60])
        XCTAssertEqual(h.now - EngineHarness.start, .seconds(124))
        XCTAssertEqual(h.lastSent?.messageType, .discover)
        XCTAssertTrue(h.events.contains(.requestUnanswered))
        XCTAssertEqual(h.client.phase, .selecting)
        XCTAssertNotNil(firstXID)
    }

    func testEarlyTimerOnlyRearms() {
        let h = harness()
        h.feed(.start)
        h.now = EngineHarness.start + .seconds(2)
        XCTAssertEqual(h.feed(.timerFired), [.armTimer(at: EngineHarness.start + .seconds(4))])
        XCTAssertEqual(h.sent.count, 1)
    }

    func testStartWhileRunningChangesNothing() {
        let h = harness()
        h.feed(.start)
        XCTAssertEqual(h.feed(.start), [])
    }

    func testRepliesWhileStoppedAreIgnored() {
        let h = harness()
        let offer = SimulatedServer(identifier: Self.serverA, address: Self.leased)
            .answer(DHCPMessage(operation: .bootRequest, transactionID: 7, clientHardwareAddress: EngineHarness.mac),
                    .offer)
        XCTAssertEqual(h.deliver(offer), [.event(.ignored(.offer, .notWaitingForReplies))])
        XCTAssertEqual(h.feed(.timerFired), [])
        XCTAssertEqual(h.feed(.addressConflict), [])
        XCTAssertEqual(h.feed(.linkLost), [])
    }

    func testInitRebootWithRememberedAddress() {
        let configuration = DHCPClientConfiguration(hardwareAddress: EngineHarness.mac, hostName: "box",
                                                    previousAddress: Self.leased)
        let h = EngineHarness(servers: [Self.server()], configuration: configuration)
        h.feed(.start)
        XCTAssertEqual(h.sent.count, 1)
        let request = h.sent[0].message
        XCTAssertEqual(request.messageType, .request)
        XCTAssertEqual(request.requestedAddress, Self.leased)
        XCTAssertNil(request.serverIdentifier, "INIT-REBOOT names no server")
        XCTAssertEqual(request.clientAddress, .any)
        XCTAssertEqual(request.hostName, "box")
        XCTAssertEqual(h.client.phase, .bound)
        XCTAssertEqual(h.configured?.address, Self.leased)
    }

    func testInitRebootNakFallsBackToDiscover() {
        let configuration = DHCPClientConfiguration(hardwareAddress: EngineHarness.mac, previousAddress: Self.leased)
        let h = EngineHarness(servers: [Self.server(Self.serverA, .nak)], configuration: configuration)
        h.feed(.start)
        XCTAssertEqual(h.sent.map(\.message.messageType), [.request, .discover])
        XCTAssertEqual(h.client.phase, .selecting)
        XCTAssertTrue(h.events.contains(.nakReceived(server: Self.serverA, message: "wrong network")))
        XCTAssertNil(h.configured)
    }

    func testUnansweredInitRebootFallsBackToDiscoverWithTheAddressAsHint() {
        let configuration = DHCPClientConfiguration(hardwareAddress: EngineHarness.mac, previousAddress: Self.leased)
        let h = EngineHarness(servers: [], configuration: configuration)
        h.feed(.start)
        for _ in 0..<2 { h.fireTimer() }
        XCTAssertEqual(h.sent.map(\.message.messageType), [.request, .request, .discover])
        XCTAssertEqual(h.sent.map { ($0.at - EngineHarness.start).components.seconds }, [0, 2, 4],
                       "2 s per try, not the 4 s and more of the standard backoff")
        XCTAssertEqual(h.lastSent?.requestedAddress, Self.leased)
        XCTAssertEqual(h.client.phase, .selecting)
    }

    func testNewTransactionIDForEachExchange() {
        let h = EngineHarness(servers: [Self.server(Self.serverA, .offerOnly)],
                              random: ScriptedRandom(sequence: Array(1000...1010)))
        h.feed(.start)
        let first = h.client.transactionID
        h.servers = []
        for _ in 0..<5 { h.fireTimer() }
        XCTAssertNotEqual(h.client.transactionID, first)
    }
}
