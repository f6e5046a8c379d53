import XCTest
@testable import DBus

final class NameWatchTests: XCTestCase {
    @MainActor
    func testFiresWhenExternalClientDisconnects() async throws {
        let fixture = try Fixture(self)
        defer { fixture.closeAll() }
        let watcher = try fixture.connect()
        let script = """
            import dbus, sys, time
            bus = dbus.bus.BusConnection(sys.argv[1])
            print(bus.get_unique_name(), flush=True)
            time.sleep(0.7)
            """
        let client = try ExternalProcess.python(script, [fixture.address])
        defer { client.terminate() }
        let uniqueName = try await client.firstLine()
        var vanished = 0
        let watch = watcher.watchName(uniqueName) { vanished += 1 }
        await pause(milliseconds: 200)
        XCTAssertEqual(vanished, 0, "the client is still connected")
        XCTAssertTrue(watch.isActive)
        try await waitUntil("the watch fires after the client exits") { vanished == 1 }
        XCTAssertFalse(watch.isActive)
        await pause(milliseconds: 100)
        XCTAssertEqual(vanished, 1, "one-shot")
    }

    @MainActor
    func testOwnConnectionCloseUnownedNameAndCancel() async throws {
        let fixture = try Fixture(self)
        defer { fixture.closeAll() }
        let watcher = try fixture.connect()
        let peer = try fixture.connect()
        let other = try fixture.connect()
        try peer.requestName("com.example.Peer")
        XCTAssertThrowsError(try other.requestName("com.example.Peer")) { error in
            XCTAssertEqual((error as? DBusError)?.name, "org.freedesktop.DBus.Error.AddressInUse")
        }

        var events: [String] = []
        _ = watcher.watchName(peer.uniqueName) { events.append("unique") }
        _ = watcher.watchName("com.example.Peer") { events.append("well-known") }
        let cancelled = watcher.watchName(other.uniqueName) { events.append("cancelled") }
        var fired = false
        _ = watcher.watchName("com.example.NoOwner") { fired = true; events.append("no-owner") }
        XCTAssertFalse(fired, "an unowned name is reported asynchronously")
        try await waitUntil("the unowned name is reported") { fired }

        cancelled.cancel()
        peer.close()
        other.close()
        try await waitUntil("both names of the closed peer vanish") { events.count == 3 }
        await pause(milliseconds: 100)
        XCTAssertEqual(Set(events), ["no-owner", "unique", "well-known"])
    }
}
