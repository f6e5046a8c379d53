import Dispatch
import XCTest
@testable import DBus

final class MainQueueTests: XCTestCase {
    /// The whole suite relies on this: an async MainActor test must let the main queue drain.
    @MainActor
    func testMainQueueRunsDuringAsyncTest() async throws {
        let ran: Bool = try await waitFor("a main-queue block", timeout: 2) { done in
            DispatchQueue.main.async { done(true) }
        }
        XCTAssertTrue(ran)
        DispatchQueue.main.setSpecific(key: probeKey, value: 42)
        let onMain: Bool = try await waitFor("main-queue timer", timeout: 2) { done in
            DispatchQueue.main.asyncAfter(deadline: .now() + .milliseconds(20)) {
                done(DispatchQueue.getSpecific(key: probeKey) == 42)
            }
        }
        XCTAssertTrue(onMain)
    }

    @MainActor
    func testConnectRegistersAndCloseTwiceIsSafe() async throws {
        let fixture = try Fixture(self)
        let connection = try fixture.connect()
        XCTAssertTrue(connection.uniqueName.hasPrefix(":"), connection.uniqueName)
        connection.close()
        connection.close()
        XCTAssertTrue(connection.isClosed)
        // Calls on a closed connection fail asynchronously instead of crashing.
        let result = await connection.test(":1.1", "Add", [.int32(1), .int32(2)])
        XCTAssertEqual(result.failure?.name, DBusError.Name.disconnected)
        XCTAssertFalse(connection.emitSignal(path: .root, interface: "com.example.X", member: "Y", arguments: []))
    }

    @MainActor
    func testConnectToBadAddressThrows() {
        XCTAssertThrowsError(try DBusConnection(bus: .address("unix:path=/nonexistent/socket"))) { error in
            XCTAssertFalse((error as? DBusError)?.name.isEmpty ?? true)
        }
        XCTAssertThrowsError(try DBusConnection(bus: .address("not an address")))
    }

    @MainActor
    func testBusGoingAwayIsReportedAndFailsOutstandingCalls() async throws {
        let fixture = try Fixture(self)
        let server = try fixture.connect()
        let client = try fixture.connect()
        let service = TestService()
        server.export(service.makeObject(at: "/test"))
        var disconnected = false
        client.onDisconnected = { disconnected = true }
        async let parked = client.test(server.uniqueName, "Never", timeout: 10_000)
        try await waitUntil("the call is parked") { service.pendingReplies.count == 1 }
        fixture.bus.stop()
        try await waitUntil("the client notices the bus is gone") { disconnected }
        XCTAssertTrue(client.isClosed)
        let result = await parked
        XCTAssertNotNil(result.failure, "the outstanding call ends instead of hanging")
        let after = await client.test(server.uniqueName, "Add", [.int32(1), .int32(1)])
        XCTAssertEqual(after.failure?.name, DBusError.Name.disconnected)
    }

    @MainActor
    func testCloseFromInsideAHandler() async throws {
        let fixture = try Fixture(self)
        let server = try fixture.connect()
        let client = try fixture.connect()
        server.export(DBusObject(path: ObjectPath("/test")!, interfaces: [
            DBusInterface(name: "com.example.Test", methods: [
                DBusMethod(name: "Quit") { [unowned server] _ in
                    server.close()
                    return []
                },
            ]),
        ]))
        let result = await client.test(server.uniqueName, "Quit", timeout: 2_000)
        // The server closed before answering: the bus reports that, and nothing crashed.
        XCTAssertNotNil(result.failure)
        XCTAssertTrue(server.isClosed)
        let stillWorks = await client.test("org.freedesktop.DBus", "GetId", path: "/org/freedesktop/DBus",
                                           interface: "org.freedesktop.DBus")
        XCTAssertNotNil(stillWorks.success)
        fixture.closeAll()
    }
}

private let probeKey = DispatchSpecificKey<Int>()

extension Result {
    var success: Success? {
        if case .success(let value) = self { return value }
        return nil
    }

    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
