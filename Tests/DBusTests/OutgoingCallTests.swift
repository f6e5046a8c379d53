import Foundation
import XCTest
@testable import DBus

/// A python3-dbus peer without a main loop: it owns a name and never reads its socket,
/// so it never answers and never drains what is sent to it.
private let sleeperScript = """
    import dbus, sys, time
    bus = dbus.bus.BusConnection(sys.argv[1])
    bus.request_name("com.example.Sleeper")
    print(bus.get_unique_name(), flush=True)
    time.sleep(float(sys.argv[2]))
    """

final class OutgoingCallTests: XCTestCase {
    @MainActor
    func testRepliesAndErrorsArriveAsynchronously() async throws {
        let fixture = try Fixture(self)
        defer { fixture.closeAll() }
        let server = try fixture.connect()
        let client = try fixture.connect()
        server.export(TestService().makeObject(at: "/test"))

        var returned = false
        let reply: Result<[DBusValue], DBusError> = try await waitFor("reply") { done in
            client.call(destination: server.uniqueName, path: ObjectPath("/test")!, interface: TestService.interface,
                        member: "Add", arguments: [.int32(3), .int32(4)]) { result in
                XCTAssertTrue(returned, "handlers never run inside call()")
                done(result)
            }
            returned = true
        }
        XCTAssertEqual(reply.success, [.int32(7)])

        returned = false
        let invalid: Result<[DBusValue], DBusError> = try await waitFor("invalid-name failure") { done in
            client.call(destination: "no such name!", path: .root, interface: "a.b", member: "C", arguments: []) { result in
                XCTAssertTrue(returned, "even argument errors are reported asynchronously")
                done(result)
            }
            returned = true
        }
        XCTAssertEqual(invalid.failure?.name, DBusError.Name.invalidArgs)

        let badValue = await client.test(server.uniqueName, "Echo", [.variant(.string("nul\0"))])
        XCTAssertEqual(badValue.failure?.name, DBusError.Name.invalidArgs)
        let error = await client.test(server.uniqueName, "Fail")
        XCTAssertEqual(error.failure, DBusError(name: "com.example.Error.Boom", message: "it broke"))
        let unknown = await client.test("com.example.Nobody", "Add", [.int32(1), .int32(1)])
        XCTAssertEqual(unknown.failure?.name, DBusError.Name.serviceUnknown)
    }

    /// The server waits for a peer that never answers while it keeps answering other calls.
    @MainActor
    func testTimeoutToSilentPeerDoesNotBlockTheLoop() async throws {
        let fixture = try Fixture(self)
        defer { fixture.closeAll() }
        let sleeper = try ExternalProcess.python(sleeperScript, [fixture.address, "30"])
        defer { sleeper.terminate() }
        _ = try await sleeper.firstLine()
        let server = try fixture.connect()
        let client = try fixture.connect()
        let service = TestService()
        server.export(service.makeObject(at: "/test"))

        let start = Date()
        var timedOutAt: Date?
        var timeoutResult: Result<[DBusValue], DBusError>?
        server.call(destination: "com.example.Sleeper", path: .root, interface: "com.example.Sleeper",
                    member: "Hello", arguments: [], timeoutMilliseconds: 600) { result in
            timeoutResult = result
            timedOutAt = Date()
        }
        var answeredDuringWait = 0
        while timeoutResult == nil, Date().timeIntervalSince(start) < 5 {
            let answer = await client.test(server.uniqueName, "Add", [.int32(1), .int32(2)])
            if answer.success == [.int32(3)], timeoutResult == nil { answeredDuringWait += 1 }
            await pause(milliseconds: 20)
        }
        let elapsed = try XCTUnwrap(timedOutAt).timeIntervalSince(start)
        XCTAssertEqual(timeoutResult?.failure?.name, DBusError.Name.noReply)
        XCTAssertGreaterThan(elapsed, 0.55)
        XCTAssertLessThan(elapsed, 2.0)
        XCTAssertGreaterThanOrEqual(answeredDuringWait, 5, "the server answered other calls while waiting")
    }

    @MainActor
    func testSendToPeerThatNeverReadsDoesNotBlock() async throws {
        let fixture = try Fixture(self)
        defer { fixture.closeAll() }
        let sleeper = try ExternalProcess.python(sleeperScript, [fixture.address, "30"])
        defer { sleeper.terminate() }
        _ = try await sleeper.firstLine()
        let server = try fixture.connect()
        let client = try fixture.connect()
        server.export(TestService().makeObject(at: "/test"))

        let payload = DBusValue.array(element: .byte, Array(repeating: .byte(0x5A), count: 16 * 1024))
        let start = Date()
        for _ in 0..<200 {
            XCTAssertTrue(server.send(destination: "com.example.Sleeper", path: .root, interface: "com.example.Sleeper",
                                      member: "Take", arguments: [payload]))
        }
        let sending = Date().timeIntervalSince(start)
        XCTAssertLessThan(sending, 2.0, "queuing 3 MB for a stuck peer must not wait for it")
        let answer = await client.test(server.uniqueName, "Add", [.int32(2), .int32(2)], timeout: 3_000)
        XCTAssertEqual(answer.success, [.int32(4)], "the loop keeps serving")
    }
}
