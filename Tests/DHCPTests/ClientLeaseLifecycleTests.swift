import XCTest
@testable import DHCP

/// A held lease: renew at T1, rebind at T2, expiry, NAKs, DECLINE, RELEASE,
/// link loss, and the T1/T2 defaults.  Lease 3600 s: T1 1800 s, T2 3150 s.
final class ClientLeaseLifecycleTests: XCTestCase {
    static let serverA = IPv4Address(192, 0, 2, 1)
    static let serverB = IPv4Address(192, 0, 2, 2)
    static let leased = IPv4Address(192, 0, 2, 100)
    static let t0 = EngineHarness.start

    private func boundHarness(leaseSeconds: UInt32 = 3600, renewal: UInt32? = nil, rebinding: UInt32? = nil)
        -> EngineHarness {
        var server = SimulatedServer(identifier: Self.serverA, address: Self.leased)
        server.leaseSeconds = leaseSeconds
        server.renewalSeconds = renewal
        server.rebindingSeconds = rebinding
        let h = EngineHarness(servers: [server])
        h.feed(.start)
        XCTAssertEqual(h.client.phase, .bound)
        return h
    }

    private func seconds(_ t: Duration) -> Double {
        let c = (t - Self.t0).components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }

    func testRenewAtT1WithUnicastRequestThenBoundAgain() throws {
        let h = boundHarness()
        h.servers[0].address = Self.leased
        h.fireTimer()
        XCTAssertEqual(h.now, Self.t0 + .seconds(1800))
        let renewal = try XCTUnwrap(h.sent.last)
        XCTAssertEqual(renewal.destination, .unicast(Self.serverA))
        XCTAssertEqual(renewal.message.messageType, .request)
        XCTAssertEqual(renewal.message.clientAddress, Self.leased, "ciaddr carries the address")
        XCTAssertNil(renewal.message.requestedAddress, "no option 50 when renewing")
        XCTAssertNil(renewal.message.serverIdentifier, "no option 54 when renewing")
        XCTAssertEqual(renewal.message.secondsElapsed, 0)
        XCTAssertEqual(h.client.phase, .bound)
        XCTAssertEqual(h.configured?.obtainedAt, Self.t0 + .seconds(1800), "the new lease counts from the renewal")
        XCTAssertEqual(h.timer, Self.t0 + .seconds(3600), "next T1")
        XCTAssertTrue(h.events.contains(.phaseChanged(from: .renewing, to: .bound)))
        XCTAssertFalse(h.effects.contains(.deconfigure))
    }

    /// Renewing retries at half the time left to T2 (at least 60 s), then
    /// at T2 broadcasts; another server answers and the lease moves to it.
    func testRebindAtT2WhenServerIsGoneThenAckFromAnotherServer() throws {
        let h = boundHarness()
        h.servers = []
        h.runUntil(Self.t0 + .seconds(3149))
        XCTAssertEqual(h.client.phase, .renewing)
        XCTAssertEqual(h.sent.dropFirst(2).map { seconds($0.at) }, [1800, 2475, 2812.5, 2981.25, 3065.625, 3125.625])
        XCTAssertTrue(h.sent.dropFirst(2).allSatisfy { $0.destination == .unicast(Self.serverA) })

        h.servers = [SimulatedServer(identifier: Self.serverB, address: Self.leased)]
        h.fireTimer()  // the 60 s minimum would pass T2: T2 itself comes first
        XCTAssertEqual(h.now, Self.t0 + .seconds(3150))
        let rebind = try XCTUnwrap(h.sent.last)
        XCTAssertEqual(rebind.destination, .broadcast)
        XCTAssertEqual(rebind.message.clientAddress, Self.leased)
        XCTAssertNil(rebind.message.serverIdentifier)
        XCTAssertEqual(h.client.phase, .bound)
        XCTAssertEqual(h.configured?.serverIdentifier, Self.serverB)
        XCTAssertTrue(h.events.contains(.phaseChanged(from: .renewing, to: .rebinding)))
        XCTAssertTrue(h.events.contains(.phaseChanged(from: .rebinding, to: .bound)))
    }

    func testExpiryDeconfiguresAndRestartsDiscovery() throws {
        let h = boundHarness()
        h.servers = []
        h.runUntil(Self.t0 + .seconds(3599))
        XCTAssertEqual(h.client.phase, .rebinding)
        let rebinds = h.sent.filter { $0.destination == .broadcast && $0.message.clientAddress == Self.leased }
        XCTAssertEqual(rebinds.map { seconds($0.at) }, [3150, 3375, 3487.5, 3547.5])
        XCTAssertNotNil(h.configured)

        h.fireTimer()
        XCTAssertEqual(h.now, Self.t0 + .seconds(3600))
        XCTAssertNil(h.configured)
        XCTAssertNil(h.client.lease)
        XCTAssertTrue(h.events.contains(.leaseExpired(Self.leased)))
        XCTAssertEqual(h.lastSent?.messageType, .discover)
        XCTAssertEqual(h.client.phase, .selecting)
    }

    func testLateTimerSkipsStraightToExpiry() {
        let h = boundHarness()
        h.now = Self.t0 + .seconds(5000)  // suspended past the whole lease
        let effects = h.feed(.timerFired)
        XCTAssertTrue(effects.contains(.deconfigure))
        XCTAssertEqual(h.client.phase, .bound, "expired, rediscovered and bound again with the server still there")
        XCTAssertEqual(h.configured?.obtainedAt, Self.t0 + .seconds(5000))
        XCTAssertTrue(h.events.contains(.leaseExpired(Self.leased)))
    }

    func testNakWhileRequestingRestartsDiscoveryWithoutDeconfigure() {
        let h = EngineHarness(servers: [SimulatedServer(identifier: Self.serverA, address: Self.leased,
                                                        behaviour: .offerOnly)],
                              random: ScriptedRandom(sequence: Array(1000...1010)))
        h.feed(.start)
        let request = h.lastSent!
        let xid = h.client.transactionID
        h.deliver(SimulatedServer(identifier: Self.serverB, address: Self.leased).answer(request, .nak))
        XCTAssertEqual(h.client.phase, .requesting, "a NAK from a server we did not choose is not ours")
        h.servers = []
        h.deliver(SimulatedServer(identifier: Self.serverA, address: Self.leased).answer(request, .nak))
        XCTAssertEqual(h.client.phase, .selecting)
        XCTAssertEqual(h.lastSent?.messageType, .discover)
        XCTAssertNotEqual(h.client.transactionID, xid)
        XCTAssertFalse(h.effects.contains(.deconfigure))
        XCTAssertTrue(h.events.contains(.nakReceived(server: Self.serverA, message: "wrong network")))
    }

    func testNakWhileRenewingDeconfiguresThenRediscovers() {
        let h = boundHarness()
        h.servers[0].behaviour = .nak
        assertRestartedAfterNak(h, h.fireTimer())
    }

    func testNakWhileRebindingDeconfiguresThenRediscovers() {
        let h = boundHarness()
        h.servers = []
        h.runUntil(Self.t0 + .seconds(3150))
        XCTAssertEqual(h.client.phase, .rebinding)
        let nak = SimulatedServer(identifier: Self.serverB, address: Self.leased).answer(h.lastSent!, .nak)
        assertRestartedAfterNak(h, h.deliver(nak))
    }

    /// `effects`: those of the step that delivered the NAK.
    private func assertRestartedAfterNak(_ h: EngineHarness, _ effects: [DHCPClientEffect], line: UInt = #line) {
        XCTAssertNil(h.configured, line: line)
        let deconfigure = effects.firstIndex(of: .deconfigure)
        let discover = effects.firstIndex { if case .send(let m, _) = $0 { m.messageType == .discover } else { false } }
        XCTAssertNotNil(deconfigure, line: line)
        XCTAssertLessThan(deconfigure ?? .max, discover ?? .max, "deconfigure before rediscovering", line: line)
        XCTAssertEqual(h.client.phase, .selecting, line: line)
    }

    func testDeclineOnConflictThenDiscoverAfterTenSeconds() throws {
        let h = boundHarness()
        h.now = Self.t0 + .seconds(1)
        h.feed(.addressConflict)
        let decline = try XCTUnwrap(h.sent.last)
        XCTAssertEqual(decline.destination, .broadcast)
        XCTAssertEqual(decline.message.messageType, .decline)
        XCTAssertEqual(decline.message.requestedAddress, Self.leased)
        XCTAssertEqual(decline.message.serverIdentifier, Self.serverA)
        XCTAssertEqual(decline.message.clientAddress, .any)
        XCTAssertFalse(decline.message.options.contains { $0.code == DHCPOption.Code.parameterRequestList })
        XCTAssertNil(h.configured)
        XCTAssertEqual(h.client.phase, .initial)
        XCTAssertEqual(h.timer, Self.t0 + .seconds(11))
        XCTAssertTrue(h.events.contains(.declined(Self.leased)))

        h.servers[0].address = IPv4Address(192, 0, 2, 101)
        h.fireTimer()
        XCTAssertEqual(h.sent.dropLast().last?.message.messageType, .discover)
        XCTAssertEqual(h.configured?.address, IPv4Address(192, 0, 2, 101))
    }

    func testReleaseSendsReleaseAndStops() throws {
        let h = boundHarness()
        h.feed(.release)
        let release = try XCTUnwrap(h.sent.last)
        XCTAssertEqual(release.destination, .unicast(Self.serverA))
        XCTAssertEqual(release.message.messageType, .release)
        XCTAssertEqual(release.message.clientAddress, Self.leased)
        XCTAssertEqual(release.message.serverIdentifier, Self.serverA)
        XCTAssertTrue(release.message.options.contains(.clientIdentifier([1] + EngineHarness.mac)))
        XCTAssertNil(h.configured)
        XCTAssertNil(h.timer)
        XCTAssertEqual(h.client.phase, .stopped)
        h.feed(.start)
        XCTAssertEqual(h.sent.dropLast().last?.message.messageType, .discover, "a released address is not rebooted")
    }

    func testReleaseWhileSelectingJustStops() {
        let h = EngineHarness(servers: [])
        h.feed(.start)
        XCTAssertEqual(h.feed(.release), [.cancelTimer, .event(.phaseChanged(from: .selecting, to: .stopped))])
    }

    func testLinkLossDeconfiguresAndStartRebootsTheAddress() {
        let h = boundHarness()
        h.feed(.linkLost)
        XCTAssertNil(h.configured)
        XCTAssertNil(h.timer)
        XCTAssertEqual(h.client.phase, .stopped)
        XCTAssertFalse(h.sent.contains { $0.message.messageType == .release })
        h.feed(.start)
        let reboot = h.lastSent
        XCTAssertEqual(reboot?.messageType, .request)
        XCTAssertEqual(reboot?.requestedAddress, Self.leased)
        XCTAssertNil(reboot?.serverIdentifier)
        XCTAssertEqual(h.client.phase, .bound)
    }

    func testLeaseWithoutT1T2UsesDefaults() throws {
        let h = boundHarness(leaseSeconds: 1000)
        let lease = try XCTUnwrap(h.configured)
        XCTAssertEqual(lease.renewalTime, .seconds(500))
        XCTAssertEqual(lease.rebindingTime, .seconds(875))
        XCTAssertTrue(h.events.contains(.leaseTimesDefaulted))
    }

    func testServerT1T2AreHonouredWhenValid() throws {
        let h = boundHarness(leaseSeconds: 1000, renewal: 300, rebinding: 600)
        XCTAssertEqual(h.configured?.renewAt, Self.t0 + .seconds(300))
        XCTAssertEqual(h.configured?.rebindAt, Self.t0 + .seconds(600))
        XCTAssertFalse(h.events.contains(.leaseTimesDefaulted))
        XCTAssertEqual(h.timer, Self.t0 + .seconds(300))
    }

    func testInvalidT1T2AreReplacedByDefaults() {
        for (t1, t2) in [(UInt32(700), UInt32(600)), (300, 1000), (0, 500), (300, 2000)] {
            let h = boundHarness(leaseSeconds: 1000, renewal: t1, rebinding: t2)
            XCTAssertEqual(h.configured?.renewalTime, .seconds(500), "T1 \(t1) T2 \(t2)")
            XCTAssertEqual(h.configured?.rebindingTime, .seconds(875), "T1 \(t1) T2 \(t2)")
            XCTAssertTrue(h.events.contains(.leaseTimesDefaulted))
        }
    }

    func testInfiniteLeaseArmsNoTimer() {
        let h = boundHarness(leaseSeconds: DHCPOption.infiniteLease)
        XCTAssertNil(h.timer)
        XCTAssertNil(h.configured?.expiresAt)
        XCTAssertEqual(h.feed(.timerFired), [])
    }
}
