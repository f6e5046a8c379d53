import XCTest
@testable import DBus

final class PropertiesTests: XCTestCase {
    static let properties = "org.freedesktop.DBus.Properties"

    @MainActor
    func testGetGetAllSetAndPropertiesChanged() async throws {
        let fixture = try Fixture(self)
        defer { fixture.closeAll() }
        let server = try fixture.connect()
        let client = try fixture.connect()
        let service = TestService()
        let object = service.makeObject(at: "/test")
        server.export(object)
        let name = server.uniqueName
        var changes: [[DBusValue]] = []
        _ = client.subscribe(sender: name, path: ObjectPath("/test"), interface: Self.properties,
                             member: "PropertiesChanged") { changes.append($0.arguments) }
        // AddMatch is asynchronous; a round trip to the server orders it before what follows.
        _ = await client.test("org.freedesktop.DBus", "GetId", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus")

        let get = await client.test(name, "Get", [.string(TestService.interface), .string("Name")], interface: Self.properties)
        XCTAssertEqual(get.success, [.variant(.string("initial"))])
        let getAny = await client.test(name, "Get", [.string(""), .string("Level")], interface: Self.properties)
        XCTAssertEqual(getAny.success, [.variant(.int32(1))])

        let all = await client.test(name, "GetAll", [.string(TestService.interface)], interface: Self.properties)
        XCTAssertEqual(all.success?.first?.type.signature, "a{sv}")
        XCTAssertEqual(all.success?.first?.propertyDictionary,
                       ["Name": .string("initial"), "Level": .int32(1), "Calls": .uint32(0)])
        let allEmpty = await client.test(name, "GetAll", [.string("")], interface: Self.properties)
        XCTAssertEqual(allEmpty.success?.first?.propertyDictionary?.count, 3)

        let set = await client.test(name, "Set", [.string(TestService.interface), .string("Name"), .variant(.string("renamed"))],
                                    interface: Self.properties)
        XCTAssertEqual(set.success, [])
        XCTAssertEqual(service.name, "renamed")
        try await waitUntil("PropertiesChanged arrives") { changes.count == 1 }
        XCTAssertEqual(changes[0], [.string(TestService.interface), .properties([("Name", .string("renamed"))]), .stringArray([])])

        // Setting the same value again changes nothing, so no signal.
        _ = await client.test(name, "Set", [.string(TestService.interface), .string("Name"), .variant(.string("renamed"))],
                              interface: Self.properties)
        // Changes driven from elsewhere.
        service.level = 5
        object.emitPropertiesChanged(interface: TestService.interface, changed: ["Level"], invalidated: ["Calls"])
        try await waitUntil("the second PropertiesChanged arrives") { changes.count == 2 }
        XCTAssertEqual(changes[1], [.string(TestService.interface), .properties([("Level", .int32(5))]), .stringArray(["Calls"])])

        let errors: [([DBusValue], String, String)] = [
            ([.string("com.example.Nope"), .string("Name")], "Get", DBusError.Name.unknownInterface),
            ([.string(TestService.interface), .string("Nope")], "Get", DBusError.Name.unknownProperty),
            ([.string("com.example.Nope")], "GetAll", DBusError.Name.unknownInterface),
            ([.string(TestService.interface), .string("Calls"), .variant(.uint32(9))], "Set", DBusError.Name.propertyReadOnly),
            ([.string(TestService.interface), .string("Name"), .variant(.int32(9))], "Set", DBusError.Name.invalidArgs),
            ([.string(TestService.interface), .string("Level"), .variant(.int32(-1))], "Set", DBusError.Name.invalidArgs),
            ([.string(TestService.interface), .string("Nope"), .variant(.int32(1))], "Set", DBusError.Name.unknownProperty),
            ([.string("com.example.Nope"), .string("Name"), .variant(.string("x"))], "Set", DBusError.Name.unknownInterface),
            ([.string(TestService.interface)], "Get", DBusError.Name.invalidArgs),
        ]
        for (arguments, member, expected) in errors {
            let result = await client.test(name, member, arguments, interface: Self.properties)
            XCTAssertEqual(result.failure?.name, expected, "\(member) \(arguments)")
        }
        XCTAssertEqual(service.name, "renamed")
        XCTAssertEqual(service.level, 5)
        await pause(milliseconds: 50)
        XCTAssertEqual(changes.count, 2, "failed or no-op Sets emit nothing")
    }

    @MainActor
    func testPythonGetAllAndSet() async throws {
        let fixture = try Fixture(self)
        defer { fixture.closeAll() }
        let server = try fixture.connect()
        let service = TestService()
        server.export(service.makeObject(at: "/test"))
        let script = """
            import dbus, sys
            bus = dbus.bus.BusConnection(sys.argv[1])
            props = dbus.Interface(bus.get_object(sys.argv[2], "/test"), "org.freedesktop.DBus.Properties")
            print(sorted(props.GetAll("com.example.Test").items()))
            props.Set("com.example.Test", "Level", dbus.Int32(7))
            print(int(props.Get("com.example.Test", "Level")))
            try:
                props.Set("com.example.Test", "Level", "seven")
            except dbus.exceptions.DBusException as e:
                print(e.get_dbus_name())
            """
        let output = try await ExternalProcess.runPython(script, [fixture.address, server.uniqueName])
        XCTAssertEqual(output.status, 0, output.stderr)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, output.stdout)
        XCTAssertTrue(lines[0].contains("'Name'") && lines[0].contains("'initial'"), lines[0])
        XCTAssertEqual(Array(lines.dropFirst()), ["7", DBusError.Name.invalidArgs])
        XCTAssertEqual(service.level, 7)
    }

    /// An optional property is left out of GetAll while absent, fails Get, and shows up in
    /// PropertiesChanged as invalidated when it goes away.
    @MainActor
    func testOptionalPropertyComesAndGoes() async throws {
        let fixture = try Fixture(self)
        defer { fixture.closeAll() }
        let server = try fixture.connect()
        let client = try fixture.connect()
        final class Station { var connected: String? }
        let station = Station()
        let object = DBusObject(path: ObjectPath("/station")!, interfaces: [
            DBusInterface(name: "com.example.Station", properties: [
                DBusProperty(name: "State", type: .string, get: { .string(station.connected == nil ? "idle" : "up") }),
                DBusProperty(name: "Network", type: .objectPath, optional: {
                    station.connected.flatMap(ObjectPath.init).map(DBusValue.objectPath)
                }),
            ]),
        ])
        server.export(object)
        let name = server.uniqueName
        var changes: [[DBusValue]] = []
        _ = client.subscribe(sender: name, path: object.path, interface: Self.properties, member: "PropertiesChanged") {
            changes.append($0.arguments)
        }
        _ = await client.test("org.freedesktop.DBus", "GetId", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus")

        var all = await client.test(name, "GetAll", [.string("com.example.Station")], path: "/station", interface: Self.properties)
        XCTAssertEqual(all.success?.first?.propertyDictionary, ["State": .string("idle")])
        let absent = await client.test(name, "Get", [.string("com.example.Station"), .string("Network")], path: "/station",
                                       interface: Self.properties)
        XCTAssertEqual(absent.failure?.name, DBusError.Name.invalidArgs)

        station.connected = "/net/a"
        object.emitPropertiesChanged(interface: "com.example.Station", changed: ["State", "Network"])
        all = await client.test(name, "GetAll", [.string("com.example.Station")], path: "/station", interface: Self.properties)
        XCTAssertEqual(all.success?.first?.propertyDictionary?["Network"], .objectPath(ObjectPath("/net/a")!))
        station.connected = nil
        object.emitPropertiesChanged(interface: "com.example.Station", changed: ["State", "Network"])
        try await waitUntil("two PropertiesChanged") { changes.count == 2 }
        XCTAssertEqual(changes[0][1].propertyDictionary, ["State": .string("up"), "Network": .objectPath(ObjectPath("/net/a")!)])
        XCTAssertEqual(changes[1], [.string("com.example.Station"), .properties([("State", .string("idle"))]),
                                    .stringArray(["Network"])])

        // Naming properties that did not change since they were announced sends nothing,
        // absence included; only what did change goes out.
        object.emitPropertiesChanged(interface: "com.example.Station", changed: ["State", "Network"])
        station.connected = "/net/b"
        object.emitPropertiesChanged(interface: "com.example.Station", changed: ["State", "Network"])
        station.connected = "/net/c"
        object.emitPropertiesChanged(interface: "com.example.Station", changed: ["State", "Network"])
        try await waitUntil("two more PropertiesChanged") { changes.count == 4 }
        await pause(milliseconds: 50)
        XCTAssertEqual(changes.count, 4)
        XCTAssertEqual(changes[2][1].propertyDictionary, ["State": .string("up"), "Network": .objectPath(ObjectPath("/net/b")!)])
        XCTAssertEqual(changes[3][1].propertyDictionary, ["Network": .objectPath(ObjectPath("/net/c")!)])
    }
}
