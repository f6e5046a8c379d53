import XCTest
@testable import SessionArbitration

/// Each rule of shared/notes/session-api.md that arbitration decides, on the
/// pure engine: services in, effects out.
final class ArbiterTests: XCTestCase {
    private var arbiter = Arbiter()
    private var services: [ServiceSnapshot.ID: ServiceSnapshot] = [:]

    private func service(_ id: UInt64, _ bearer: String, _ state: ServiceSnapshot.State, rank: Int? = nil,
                         interface: String? = nil) -> ServiceSnapshot {
        ServiceSnapshot(id: id, bearer: bearer, name: "\(bearer)\(id)", interface: interface ?? "\(bearer)\(id)",
                        state: state, rank: rank ?? Int(id), ipv4: ["Address": "192.0.2.\(id)"])
    }

    @discardableResult
    private func set(_ snapshots: ServiceSnapshot...) -> [Arbiter.Effect] {
        for s in snapshots { services[s.id] = s }
        return arbiter.updateServices(Array(services.values))
    }

    @discardableResult
    private func state(_ id: UInt64, _ state: ServiceSnapshot.State) -> [Arbiter.Effect] {
        services[id]!.state = state
        return arbiter.updateServices(Array(services.values))
    }

    private func config(_ bearers: [SessionConfig.BearerMatch] = [.any],
                        _ type: SessionConfig.ConnectionType = .any) -> SessionConfig {
        var config = SessionConfig()
        config.allowedBearers = bearers
        config.connectionType = type
        return config
    }

    private func statusOf(_ session: UInt64) -> SessionStatus { arbiter.status(of: session)! }

    func testFreeRideAttachesWithoutConnecting() {
        set(service(1, "ethernet", .online))
        let effects = arbiter.addSession(10, config: config())
        XCTAssertEqual(statusOf(10).state, .online)
        XCTAssertEqual(statusOf(10).bearer, "ethernet")
        XCTAssertEqual(statusOf(10).ipv4, ["Address": "192.0.2.1"])
        XCTAssertFalse(effects.contains { if case .connect = $0 { true } else { false } })
    }

    func testConnectionTypeDecidesState() {
        set(service(1, "cellular", .ready))
        _ = arbiter.addSession(1, config: config([.any], .local))
        _ = arbiter.addSession(2, config: config([.any], .internet))
        _ = arbiter.addSession(3, config: config([.any], .any))
        XCTAssertEqual([statusOf(1).state, statusOf(2).state, statusOf(3).state], [.connected, .disconnected, .connected])
        XCTAssertEqual(statusOf(2).bearer, "", "internet attaches only to an online service")
        state(1, .online)
        XCTAssertEqual([statusOf(1).state, statusOf(2).state, statusOf(3).state], [.connected, .online, .online])
    }

    func testStateFollowsAChangeOfConnectionType() {
        set(service(1, "wifi", .online))
        _ = arbiter.addSession(1, config: config([.any], .local))
        XCTAssertEqual(statusOf(1).state, .connected)
        let effects = arbiter.changeSession(1, config: config([.any], .any))
        XCTAssertEqual(statusOf(1).state, .online)
        XCTAssertEqual(effects.count, 1)
    }

    func testAllowedBearersOrderIsThePreference() {
        set(service(1, "ethernet", .online), service(2, "wifi", .online), service(3, "cellular", .online))
        _ = arbiter.addSession(1, config: config([.bearer("wifi"), .any]))
        _ = arbiter.addSession(2, config: config([.bearer("cellular"), .bearer("wifi")]))
        _ = arbiter.addSession(3, config: config([.any, .bearer("wifi")]))
        XCTAssertEqual(statusOf(1).bearer, "wifi")
        XCTAssertEqual(statusOf(2).bearer, "cellular")
        XCTAssertEqual(statusOf(3).bearer, "ethernet", "'*' first: the host's rank decides")
    }

    func testEmptyAllowedBearersNeverConnects() {
        set(service(1, "ethernet", .online))
        _ = arbiter.addSession(1, config: config([]))
        let effects = arbiter.connect(1)
        XCTAssertEqual(effects, [])
        XCTAssertEqual(statusOf(1).state, .disconnected)
    }

    func testConnectBringsUpTheBestCandidateAndIsSafeToRepeat() {
        set(service(1, "cellular", .down), service(2, "wifi", .down))
        _ = arbiter.addSession(1, config: config([.bearer("cellular"), .bearer("wifi")]))
        XCTAssertEqual(arbiter.connect(1), [.connect(1)])
        XCTAssertEqual(arbiter.connect(1), [], "a second Connect while connecting asks nothing more")
        state(1, .connecting)
        let effects = state(1, .online)
        XCTAssertEqual(effects.count, 1)
        XCTAssertEqual(statusOf(1).state, .online)
        XCTAssertEqual(arbiter.connect(1), [])
    }

    func testReferenceCountingAcrossSessions() {
        set(service(1, "cellular", .down))
        _ = arbiter.addSession(1, config: config())
        _ = arbiter.addSession(2, config: config())
        _ = arbiter.addSession(3, config: config())  // free rider
        XCTAssertEqual(arbiter.connect(1), [.connect(1)])
        XCTAssertEqual(arbiter.connect(2), [])
        state(1, .online)
        XCTAssertEqual(statusOf(3).state, .online)
        XCTAssertEqual(arbiter.disconnect(1), [], "session 2 still holds the service")
        XCTAssertEqual(arbiter.disconnect(2), [.disconnect(1)], "the last holder releases it")
    }

    func testDestroyingAHolderReleasesItsService() {
        set(service(1, "cellular", .down))
        _ = arbiter.addSession(1, config: config())
        _ = arbiter.connect(1)
        state(1, .online)
        XCTAssertEqual(arbiter.removeSession(1), [.disconnect(1)])
    }

    func testAServiceTheArbiterDidNotConnectIsNeverTakenDown() {
        set(service(1, "ethernet", .online))
        _ = arbiter.addSession(1, config: config())
        _ = arbiter.connect(1)
        XCTAssertEqual(arbiter.disconnect(1), [])
    }

    func testPreemptionByABetterRankedBearer() {
        set(service(1, "cellular", .down), service(2, "wifi", .down))
        _ = arbiter.addSession(1, config: config([.bearer("wifi"), .bearer("cellular")]))
        XCTAssertEqual(arbiter.connect(1), [.connect(2)])
        _ = arbiter.connectFinished(2, succeeded: false)
        state(2, .down)
        XCTAssertEqual(arbiter.holding(1), 1)
        state(1, .online)
        XCTAssertEqual(statusOf(1).bearer, "cellular")
        let effects = state(2, .online)  // wifi came up by other means
        XCTAssertEqual(statusOf(1).bearer, "wifi")
        XCTAssertTrue(effects.contains(.disconnect(1)), "the cellular link it no longer needs is released")
    }

    func testFailoverWhenTheAttachedServiceDrops() {
        set(service(1, "cellular", .online, rank: 1), service(2, "cellular", .online, rank: 2))
        _ = arbiter.addSession(1, config: config([.bearer("cellular")]))
        XCTAssertEqual(statusOf(1).name, "cellular1")
        state(1, .down)
        XCTAssertEqual(statusOf(1).name, "cellular2")
        XCTAssertEqual(statusOf(1).state, .online)
    }

    func testFailoverWhenAConnectFails() {
        set(service(1, "cellular", .down), service(2, "cellular", .down))
        _ = arbiter.addSession(1, config: config([.bearer("cellular")]))
        XCTAssertEqual(arbiter.connect(1), [.connect(1)])
        XCTAssertEqual(arbiter.connectFinished(1, succeeded: false), [.connect(2)])
        XCTAssertEqual(arbiter.connectFinished(2, succeeded: false), [])
        XCTAssertNil(arbiter.holding(1), "nothing left to try until the next Connect")
        XCTAssertEqual(arbiter.connect(1), [.connect(1)], "Connect again starts over")
    }

    func testAllowedInterface() {
        set(service(1, "ethernet", .online, interface: "eth0"), service(2, "ethernet", .online, interface: "eth1"))
        var c = config()
        c.allowedInterface = "eth1"
        _ = arbiter.addSession(1, config: c)
        XCTAssertEqual(statusOf(1).interface, "eth1")
        c.allowedInterface = "*"
        _ = arbiter.changeSession(1, config: c)
        XCTAssertEqual(statusOf(1).interface, "eth0")
    }

    func testChangingBearersReleasesAServiceThatNoLongerMatches() {
        set(service(1, "cellular", .down), service(2, "wifi", .online))
        _ = arbiter.addSession(1, config: config([.bearer("cellular")]))
        _ = arbiter.connect(1)
        state(1, .online)
        let effects = arbiter.changeSession(1, config: config([.bearer("wifi")]))
        XCTAssertEqual(statusOf(1).bearer, "wifi")
        XCTAssertTrue(effects.contains(.disconnect(1)))
    }

    func testInvalidBearerNamesAreDroppedKeepingOrder() {
        let cleaned = SessionConfig.bearers(from: ["bogus", "wifi", "*", "ethernet", ""], known: ["wifi", "ethernet"])
        XCTAssertEqual(cleaned, [.bearer("wifi"), .any, .bearer("ethernet")])
    }

    func testRemovedServiceDetachesItsSessions() {
        set(service(1, "wifi", .online))
        _ = arbiter.addSession(1, config: config())
        services = [:]
        let effects = arbiter.updateServices([])
        XCTAssertEqual(statusOf(1).state, .disconnected)
        XCTAssertEqual(effects, [.statusChanged(1, SessionStatus())])
    }
}
