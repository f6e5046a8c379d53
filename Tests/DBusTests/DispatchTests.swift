import XCTest
@testable import DBus

final class DispatchTests: XCTestCase {
    @MainActor
    private func serve() throws -> (Fixture, DBusConnection, DBusConnection, TestService) {
        let fixture = try Fixture(self)
        let server = try fixture.connect()
        let client = try fixture.connect()
        let service = TestService()
        server.export(service.makeObject(at: "/test"))
        return (fixture, server, client, service)
    }

    @MainActor
    func testRoutingAndStandardErrors() async throws {
        let (fixture, server, client, service) = try serve()
        defer { fixture.closeAll() }
        let name = server.uniqueName

        let sum = await client.test(name, "Add", [.int32(2), .int32(40)])
        XCTAssertEqual(sum.success, [.int32(42)])

        let echo = await client.test(name, "Echo", [.variant(.properties([("a", .variant(.stringArray([])))]))])
        XCTAssertEqual(echo.success, [.variant(.properties([("a", .variant(.stringArray([])))]))])

        let sender = await client.test(name, "WhoAmI")
        XCTAssertEqual(sender.success, [.string(client.uniqueName)])

        let runsBefore = service.handlerRuns
        let expectations: [(Result<[DBusValue], DBusError>, String)] = [
            (await client.test(name, "Add", [.int32(1)], path: "/nothing"), DBusError.Name.unknownObject),
            (await client.test(name, "Add", [.int32(1), .int32(2)], interface: "com.example.Nope"), DBusError.Name.unknownInterface),
            (await client.test(name, "Subtract", [.int32(1), .int32(2)]), DBusError.Name.unknownMethod),
            (await client.test(name, "Add", [.int32(1)]), DBusError.Name.invalidArgs),
            (await client.test(name, "Add", [.int32(1), .uint32(2)]), DBusError.Name.invalidArgs),
            (await client.test(name, "Add", [.string("1"), .string("2")]), DBusError.Name.invalidArgs),
            (await client.test(name, "Fail"), "com.example.Error.Boom"),
            (await client.test(name, "BadReply"), DBusError.Name.failed),
            // Ancestor nodes exist but only serve the standard interfaces.
            (await client.test(name, "Add", [.int32(1), .int32(2)], path: "/"), DBusError.Name.unknownInterface),
        ]
        for (result, expected) in expectations {
            XCTAssertEqual(result.failure?.name, expected, "\(result)")
        }
        XCTAssertEqual(service.handlerRuns, runsBefore, "no handler ran for rejected calls")
        let failed = await client.test(name, "Fail")
        XCTAssertEqual(failed.failure?.message, "it broke")

        let ping = await client.test(name, "Ping", path: "/test", interface: "org.freedesktop.DBus.Peer")
        XCTAssertEqual(ping.success, [])
        let pingRoot = await client.test(name, "Ping", path: "/", interface: "org.freedesktop.DBus.Peer")
        XCTAssertEqual(pingRoot.success, [])
    }

    @MainActor
    func testDeferredRepliesAndOneShot() async throws {
        let (fixture, server, client, service) = try serve()
        defer { fixture.closeAll() }
        let late = await client.test(server.uniqueName, "Later", [.uint32(50)])
        XCTAssertEqual(late.success, [.string("late")], "first reply wins, later ones are ignored")

        // A reply that is parked and answered while other calls go through.
        async let parked = client.test(server.uniqueName, "Never", timeout: 5_000)
        try await waitUntil("the call is parked") { service.pendingReplies.count == 1 }
        let meanwhile = await client.test(server.uniqueName, "Add", [.int32(1), .int32(1)])
        XCTAssertEqual(meanwhile.success, [.int32(2)])
        service.pendingReplies[0].fail(.accessDenied("later no"))
        XCTAssertTrue(service.pendingReplies[0].isCompleted)
        let parkedResult = await parked
        XCTAssertEqual(parkedResult.failure, .accessDenied("later no"))
    }

    @MainActor
    func testNoReplyExpectedCallsRunButSendNothing() async throws {
        let (fixture, server, client, service) = try serve()
        defer { fixture.closeAll() }
        XCTAssertTrue(client.send(destination: server.uniqueName, path: ObjectPath("/test")!,
                                  interface: TestService.interface, member: "Add", arguments: [.int32(1), .int32(2)]))
        try await waitUntil("the one-way call ran") { service.calls == 1 }
        XCTAssertFalse(client.send(destination: "not a name", path: .root, interface: "a.b", member: "C", arguments: []))
    }

    /// python3-dbus as the client: proves wire compatibility and covers calls without an
    /// interface field (dbus-python omits it when no dbus_interface is given).
    @MainActor
    func testExternalPythonClient() async throws {
        let (fixture, server, _, _) = try serve()
        defer { fixture.closeAll() }
        let script = """
            import dbus, sys
            bus = dbus.bus.BusConnection(sys.argv[1])
            obj = bus.get_object(sys.argv[2], "/test")
            print("sum", int(obj.Add(dbus.Int32(20), dbus.Int32(22))))
            print("echo", obj.Echo(dbus.Dictionary({"k": dbus.UInt16(3)}, signature="sv", variant_level=1), dbus_interface="com.example.Test"))
            for call in [lambda: obj.Add("x", "y"), lambda: obj.Nope(), lambda: obj.Fail(),
                         lambda: bus.get_object(sys.argv[2], "/missing").Add(1, 2, dbus_interface="com.example.Test")]:
                try:
                    call()
                    print("no error")
                except dbus.exceptions.DBusException as e:
                    print("error", e.get_dbus_name())
            """
        let output = try await ExternalProcess.runPython(script, [fixture.address, server.uniqueName])
        XCTAssertEqual(output.status, 0, output.stderr)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "sum 42")
        XCTAssertTrue(lines.count > 1 && lines[1].contains("'k'") && lines[1].contains("3"), "\(lines)")
        XCTAssertEqual(Array(lines.dropFirst(2)), [
            "error org.freedesktop.DBus.Error.InvalidArgs", "error org.freedesktop.DBus.Error.UnknownMethod",
            "error com.example.Error.Boom", "error org.freedesktop.DBus.Error.UnknownObject",
        ])
    }
}
