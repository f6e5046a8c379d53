import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import DBus

/// Collects what introspection XML says, via a real XML parser.
private final class IntrospectionReader: NSObject, XMLParserDelegate {
    var interfaces: [String] = []
    var children: [String] = []
    var methodArgs: [String: [String]] = [:]  // "Iface.Method" -> ["in:i", "out:s"]
    var propertyAccess: [String: String] = [:]
    var signals: [String] = []
    private var interface = ""
    private var method: String?
    private var depth = 0

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "node":
            depth += 1
            if depth == 2, let child = attributes["name"] { children.append(child) }
        case "interface":
            interface = attributes["name"] ?? ""
            interfaces.append(interface)
        case "method":
            method = interface + "." + (attributes["name"] ?? "")
            methodArgs[method!] = []
        case "signal":
            signals.append(interface + "." + (attributes["name"] ?? ""))
            method = nil
        case "arg":
            if let method { methodArgs[method, default: []].append((attributes["direction"] ?? "in") + ":" + (attributes["type"] ?? "")) }
        case "property":
            propertyAccess[interface + "." + (attributes["name"] ?? "")] = attributes["access"]
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "node" { depth -= 1 }
        if name == "method" { method = nil }
    }

    static func read(_ xml: String) throws -> IntrospectionReader {
        let reader = IntrospectionReader()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = reader
        guard parser.parse() else { throw TestFailure("invalid XML: \(parser.parserError.map { "\($0)" } ?? "?")\n\(xml)") }
        return reader
    }
}

final class IntrospectionTests: XCTestCase {
    @MainActor
    private func introspect(_ client: DBusConnection, _ name: String, _ path: String) async throws -> String {
        let result = await client.test(name, "Introspect", path: path, interface: "org.freedesktop.DBus.Introspectable")
        guard let xml = result.success?.first?.stringValue else { throw TestFailure("Introspect failed: \(result)") }
        return xml
    }

    @MainActor
    func testObjectsAndAncestorsIntrospect() async throws {
        let fixture = try Fixture(self)
        defer { fixture.closeAll() }
        let server = try fixture.connect()
        let client = try fixture.connect()
        let service = TestService()
        server.export(service.makeObject(at: "/net/connman/x"))
        server.export(service.makeObject(at: "/net/connman/y"))
        server.export(service.makeObject(at: "/other"))
        server.addObjectManager(at: ObjectPath("/net")!)

        let object = try IntrospectionReader.read(try await introspect(client, server.uniqueName, "/net/connman/x"))
        XCTAssertEqual(object.interfaces, ["org.freedesktop.DBus.Introspectable", "org.freedesktop.DBus.Peer",
                                           "org.freedesktop.DBus.Properties", "com.example.Test"])
        XCTAssertEqual(object.methodArgs["com.example.Test.Add"], ["in:i", "in:i", "out:i"])
        XCTAssertEqual(object.methodArgs["org.freedesktop.DBus.Properties.Set"], ["in:s", "in:s", "in:v"])
        XCTAssertEqual(object.propertyAccess["com.example.Test.Name"], "readwrite")
        XCTAssertEqual(object.propertyAccess["com.example.Test.Calls"], "read")
        XCTAssertTrue(object.signals.contains("com.example.Test.Happened"))
        XCTAssertTrue(object.signals.contains("org.freedesktop.DBus.Properties.PropertiesChanged"))
        XCTAssertEqual(object.children, [])

        let xml = try await introspect(client, server.uniqueName, "/")
        XCTAssertTrue(xml.hasPrefix("<!DOCTYPE node PUBLIC \"-//freedesktop//DTD D-BUS Object Introspection 1.0//EN\""))
        let root = try IntrospectionReader.read(xml)
        XCTAssertEqual(root.children, ["net", "other"])
        XCTAssertEqual(root.interfaces, ["org.freedesktop.DBus.Introspectable", "org.freedesktop.DBus.Peer"])

        let net = try IntrospectionReader.read(try await introspect(client, server.uniqueName, "/net"))
        XCTAssertEqual(net.children, ["connman"])
        XCTAssertTrue(net.interfaces.contains("org.freedesktop.DBus.ObjectManager"))
        let connman = try IntrospectionReader.read(try await introspect(client, server.uniqueName, "/net/connman"))
        XCTAssertEqual(connman.children, ["x", "y"])

        let missing = await client.test(server.uniqueName, "Introspect", path: "/net/wifi",
                                        interface: "org.freedesktop.DBus.Introspectable")
        XCTAssertEqual(missing.failure?.name, DBusError.Name.unknownObject)
    }

    func testEscaping() throws {
        XCTAssertEqual(Introspection.escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;")
    }

    /// python's own XML parser walks the tree from "/" like d-feet or busctl tree would.
    @MainActor
    func testPythonWalksTheTree() async throws {
        let fixture = try Fixture(self)
        defer { fixture.closeAll() }
        let server = try fixture.connect()
        let service = TestService()
        server.export(service.makeObject(at: "/net/connman/service/eth0"))
        server.export(service.makeObject(at: "/net/connman/technology/wifi"))
        let script = """
            import dbus, sys, xml.etree.ElementTree as ET
            bus = dbus.bus.BusConnection(sys.argv[1])
            def walk(path):
                xml = bus.get_object(sys.argv[2], path).Introspect(dbus_interface="org.freedesktop.DBus.Introspectable")
                node = ET.fromstring(xml)
                ifaces = [i.get("name") for i in node.findall("interface")]
                if "com.example.Test" in ifaces: print(path)
                for child in node.findall("node"):
                    walk(path.rstrip("/") + "/" + child.get("name"))
            walk("/")
            """
        let output = try await ExternalProcess.runPython(script, [fixture.address, server.uniqueName])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertEqual(output.stdout.split(separator: "\n"), ["/net/connman/service/eth0", "/net/connman/technology/wifi"])
    }
}
