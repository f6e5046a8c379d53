import XCTest
@testable import Host

final class RegistryTests: XCTestCase {
    @MainActor func testServicesBelongToTheirPluginAndEventsSayWhatChanged() async throws {
        let registry = Registry()
        var events: [String] = []
        registry.observe { event in
            switch event {
            case .deviceAdded(let d): events.append("device+ \(d.name)")
            case .deviceRemoved(let d): events.append("device- \(d.name)")
            case .deviceChanged(let d, _): events.append("device~ \(d.name) \(d.powered)")
            case .serviceAdded(let s): events.append("service+ \(s.identifier)")
            case .serviceRemoved(let s): events.append("service- \(s.identifier)")
            case .serviceChanged(let s, let fields): events.append("service~ \(s.identifier) \(fields.map { "\($0)" }.sorted())")
            }
        }
        let device = try registry.addDevice(plugin: "a", bearer: "ethernet", name: "eth0", interface: "eth0",
                                            address: nil, ifindex: 2, powered: true)
        let service = try registry.addService(plugin: "a", device: device.id, bearer: "ethernet", name: "Wired",
                                              identifier: "ethernet_x_cable", security: "none", strength: 0)
        XCTAssertThrowsError(try registry.updateService(service.id, by: "b") { $0.state = .ready }) {
            XCTAssertEqual($0 as? Registry.Refusal, .notOwner)
        }
        try registry.updateService(service.id, by: "a") { $0.state = .ready; $0.ipv4 = IPv4Settings(method: .dhcp) }
        try registry.updateService(service.id, by: "a") { $0.state = .ready }  // no change, no event
        XCTAssertEqual(registry.technologies, ["ethernet"])
        try registry.removeDevice(device.id, by: "a")
        XCTAssertEqual(events, ["device+ eth0", "service+ ethernet_x_cable", "service~ ethernet_x_cable [\"ipv4\", \"state\"]",
                                "service- ethernet_x_cable", "device- eth0"])
        XCTAssertEqual(registry.technologies, [])
    }

    /// Events name what a client sees change: the error only while it is reported (not
    /// while connected), name servers and domains only when their lists change.
    @MainActor func testEventsNameTheReportedErrorAndTheNameServerAndDomainLists() async throws {
        let registry = Registry()
        var events: [[String]] = []
        registry.observe { event in
            if case .serviceChanged(_, let fields) = event { events.append(fields.map { "\($0)" }.sorted()) }
        }
        let service = try registry.addService(plugin: "a", device: nil, bearer: "wifi", name: "n", identifier: "w",
                                              security: "psk", strength: 50)
        func update(_ change: (inout Service) -> Void) throws { try registry.updateService(service.id, by: "a", change) }
        try update { $0.error = "invalid-key" }
        try update { $0.state = .ready }  // the error is kept but no longer reported
        try update { $0.ipv4 = IPv4Settings(method: .dhcp) }
        try update { $0.ipv4 = IPv4Settings(method: .dhcp, address: "192.0.2.7", nameservers: ["192.0.2.53"],
                                            domains: ["lab.test"]) }
        try update { $0.ipv6 = IPv6Settings(method: .auto) }
        try update { $0.error = "connect-failed" }  // stored, not reported while connected: no event
        XCTAssertEqual(registry.services[service.id]?.error, "connect-failed")
        try update { $0.state = .failure }
        XCTAssertEqual(events, [["error"], ["error", "state"], ["ipv4"], ["domains", "ipv4", "nameservers"], ["ipv6"],
                                ["error", "state"]])
        XCTAssertEqual(registry.services[service.id]?.reportedError, "connect-failed")
    }

    @MainActor func testIdentifiersAndBearersAreValidated() async throws {
        let registry = Registry()
        XCTAssertThrowsError(try registry.addService(plugin: "a", device: nil, bearer: "wifi", name: "n",
                                                     identifier: "bad/id", security: "none", strength: 0))
        XCTAssertThrowsError(try registry.addService(plugin: "a", device: nil, bearer: "Wi-Fi", name: "n",
                                                     identifier: "ok", security: "none", strength: 0))
        _ = try registry.addService(plugin: "a", device: nil, bearer: "wifi", name: "n", identifier: "ok",
                                    security: "none", strength: 200)
        XCTAssertEqual(registry.service(identifier: "ok")?.strength, 100, "strength is clamped to 100")
        XCTAssertThrowsError(try registry.addService(plugin: "b", device: nil, bearer: "wifi", name: "n",
                                                     identifier: "ok", security: "none", strength: 0)) {
            XCTAssertEqual($0 as? Registry.Refusal, .exists("service 'ok' already exists"))
        }
    }
}
