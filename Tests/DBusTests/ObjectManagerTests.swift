import XCTest
@testable import DBus

final class ObjectManagerTests: XCTestCase {
    static let manager = "org.freedesktop.DBus.ObjectManager"

    @MainActor
    func testManagedObjectsAndInterfaceSignals() async throws {
        let fixture = try Fixture(self)
        defer { fixture.closeAll() }
        let server = try fixture.connect()
        let client = try fixture.connect()
        let service = TestService()
        server.addObjectManager(at: .root)
        var added: [[DBusValue]] = []
        var removed: [[DBusValue]] = []
        _ = client.subscribe(sender: server.uniqueName, interface: Self.manager, member: "InterfacesAdded") { added.append($0.arguments) }
        _ = client.subscribe(sender: server.uniqueName, interface: Self.manager, member: "InterfacesRemoved") { removed.append($0.arguments) }
        _ = await client.test("org.freedesktop.DBus", "GetId", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus")

        let object = service.makeObject(at: "/net/connman/service/a")
        server.export(object)
        server.export(service.makeObject(at: "/net/connman/service/b"))
        let standard = ["org.freedesktop.DBus.Introspectable", "org.freedesktop.DBus.Properties", "org.freedesktop.DBus.Peer"]

        let result = await client.test(server.uniqueName, "GetManagedObjects", path: "/", interface: Self.manager)
        let managed = try XCTUnwrap(result.success?.first)
        XCTAssertEqual(managed.type.signature, "a{oa{sa{sv}}}")
        let entries = try XCTUnwrap(managed.dictionaryEntries)
        XCTAssertEqual(entries.map(\.key), [.objectPath(ObjectPath("/net/connman/service/a")!),
                                            .objectPath(ObjectPath("/net/connman/service/b")!)])
        let interfaces = try XCTUnwrap(entries[0].value.dictionaryEntries)
        XCTAssertEqual(interfaces.compactMap(\.key.stringValue), standard + [TestService.interface])
        XCTAssertEqual(interfaces[0].value, .properties([]), "standard interfaces carry empty dicts")
        XCTAssertEqual(interfaces[3].value.propertyDictionary?["Name"], .string("initial"))

        try await waitUntil("two InterfacesAdded") { added.count == 2 }
        XCTAssertEqual(added[0][0], .objectPath(object.path))
        XCTAssertEqual(added[0][1].dictionaryEntries?.compactMap(\.key.stringValue), standard + [TestService.interface])

        object.add(DBusInterface(name: "com.example.Extra", properties: [
            DBusProperty(name: "Flag", type: .boolean, get: { .boolean(true) }),
        ]))
        try await waitUntil("InterfacesAdded for the new interface") { added.count == 3 }
        XCTAssertEqual(added[2], [.objectPath(object.path), .dictionary(key: .string, value: ObjectManagerInterface.propertiesType, [
            DBusDictEntry(key: .string("com.example.Extra"), value: .properties([("Flag", .boolean(true))])),
        ])])

        object.remove(interface: "com.example.Extra")
        server.unexport(object.path)
        try await waitUntil("two InterfacesRemoved") { removed.count == 2 }
        XCTAssertEqual(removed[0], [.objectPath(object.path), .stringArray(["com.example.Extra"])])
        XCTAssertEqual(removed[1], [.objectPath(object.path), .stringArray(standard + [TestService.interface])])

        let after = await client.test(server.uniqueName, "GetManagedObjects", path: "/", interface: Self.manager)
        XCTAssertEqual(after.success?.first?.dictionaryEntries?.count, 1)
        let gone = await client.test(server.uniqueName, "Add", [.int32(1), .int32(1)], path: "/net/connman/service/a")
        XCTAssertEqual(gone.failure?.name, DBusError.Name.unknownObject)
    }

    @MainActor
    func testManagerScopeAndPythonClient() async throws {
        let fixture = try Fixture(self)
        defer { fixture.closeAll() }
        let server = try fixture.connect()
        let service = TestService()
        server.addObjectManager(at: ObjectPath("/net/connman")!)
        server.export(service.makeObject(at: "/net/connman"))       // the manager itself is not listed
        server.export(service.makeObject(at: "/net/connman/x"))
        server.export(service.makeObject(at: "/elsewhere"))         // outside the manager
        let script = """
            import dbus, sys
            bus = dbus.bus.BusConnection(sys.argv[1])
            om = dbus.Interface(bus.get_object(sys.argv[2], "/net/connman"), "org.freedesktop.DBus.ObjectManager")
            for path, ifaces in sorted(om.GetManagedObjects().items()):
                print(str(path), sorted(str(k) for k in ifaces.keys()), str(ifaces["com.example.Test"]["Name"]))
            """
        let output = try await ExternalProcess.runPython(script, [fixture.address, server.uniqueName])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertEqual(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                       "/net/connman/x ['com.example.Test', 'org.freedesktop.DBus.Introspectable', "
                       + "'org.freedesktop.DBus.Peer', 'org.freedesktop.DBus.Properties'] initial")
    }

    /// Two APIs on one connection: a manager at `/` that lists only its own subtree (and
    /// signals only for it), as the daemon serves iwd's view beside ConnMan's.
    @MainActor
    func testManagerAtRootCanListOneSubtreeOnly() async throws {
        let fixture = try Fixture(self)
        defer { fixture.closeAll() }
        let server = try fixture.connect()
        let client = try fixture.connect()
        let service = TestService()
        server.addObjectManager(at: .root, subtree: ObjectPath("/net/connman/iwd")!)
        var added: [ObjectPath] = []
        _ = client.subscribe(sender: server.uniqueName, interface: Self.manager, member: "InterfacesAdded") {
            if case .objectPath(let path) = $0.arguments[0] { added.append(path) }
        }
        _ = await client.test("org.freedesktop.DBus", "GetId", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus")
        for path in ["/net/connman/service/a", "/net/connman/iwd", "/net/connman/iwd/0", "/net/connman/iwdx"] {
            server.export(service.makeObject(at: path))
        }
        let result = await client.test(server.uniqueName, "GetManagedObjects", path: "/", interface: Self.manager)
        let paths = try XCTUnwrap(result.success?.first?.dictionaryEntries).map(\.key)
        XCTAssertEqual(paths, [.objectPath(ObjectPath("/net/connman/iwd")!), .objectPath(ObjectPath("/net/connman/iwd/0")!)])
        try await waitUntil("InterfacesAdded for the subtree") { added.count == 2 }
        await pause(milliseconds: 50)
        XCTAssertEqual(added, [ObjectPath("/net/connman/iwd")!, ObjectPath("/net/connman/iwd/0")!])
    }
}
