import XCTest
@testable import DBus

final class SignatureTests: XCTestCase {
    func testAcceptsValidSignatures() throws {
        let valid = ["", "y", "bnqiuxtdsogh", "v", "as", "a{sv}", "aa{s(ii)}", "(i(s)av)", "a(oa{sv})",
                     "a{oa{sa{sv}}}", "a{ys}", "a{hv}", String(repeating: "a", count: 32) + "y",
                     String(repeating: "(", count: 32) + "y" + String(repeating: ")", count: 32)]
        for signature in valid {
            let types = try DBusType.parse(signature)
            XCTAssertEqual(DBusType.signature(of: types), signature, "round trip of \(signature)")
        }
        XCTAssertEqual(try DBusType.parse("a{sv}i"), [.dictionary(key: .string, value: .variant), .int32])
        XCTAssertEqual(try DBusType.parse("(ay)"), [.structure([.array(.byte)])])
        XCTAssertEqual(try DBusType.parseSingle("a{oa{sa{sv}}}"),
                       .dictionary(key: .objectPath, value: .dictionary(key: .string, value: .dictionary(key: .string, value: .variant))))
    }

    func testRejectsMalformedSignatures() {
        let invalid = ["a", "(", ")", "()", "a{vs}", "a{(i)s}", "a{s}", "a{sss}", "{sv}", "a{sv", "a{sv}}", "z", "(i", "i)",
                       "ai)", "(a)", "a{}", "aa", "{", "}", "a{as}", " ", "i\0",
                       String(repeating: "a", count: 33) + "y",
                       String(repeating: "(", count: 33) + "y" + String(repeating: ")", count: 33),
                       String(repeating: "i", count: 256)]
        for signature in invalid {
            XCTAssertThrowsError(try DBusType.parse(signature), "should reject \(signature.debugDescription)") { error in
                XCTAssertEqual((error as? DBusError)?.name, DBusError.Name.invalidArgs)
            }
        }
        XCTAssertThrowsError(try DBusType.parseSingle("ii"))
        XCTAssertThrowsError(try DBusType.parseSingle(""))
        XCTAssertEqual(String(repeating: "i", count: 255).count, (try? DBusType.parse(String(repeating: "i", count: 255)))?.count)
    }

    func testTypeValidity() {
        XCTAssertTrue(DBusType.dictionary(key: .string, value: .variant).isValid)
        XCTAssertFalse(DBusType.dictionary(key: .variant, value: .string).isValid)
        XCTAssertFalse(DBusType.structure([]).isValid)
        XCTAssertFalse(DBusType.array(.structure([])).isValid)
        // The structural check agrees with the parser at every limit.
        func nested(_ depth: Int, _ wrap: (DBusType) -> DBusType) -> DBusType {
            (0..<depth).reduce(DBusType.int32) { inner, _ in wrap(inner) }
        }
        let cases: [DBusType] = [
            nested(32, DBusType.array), nested(33, DBusType.array),
            nested(32, { .structure([$0]) }), nested(33, { .structure([$0]) }),
            nested(31, { .dictionary(key: .string, value: $0) }), nested(33, { .dictionary(key: .string, value: $0) }),
            .structure(Array(repeating: .int32, count: 253)), .structure(Array(repeating: .int32, count: 254)),
            nested(20, { .structure([.array($0)]) }),
        ]
        for type in cases {
            let parsed = (try? DBusType.parse(type.signature)) == [type]
            XCTAssertEqual(type.isValid, parsed, type.signature)
        }
        XCTAssertTrue(nested(32, DBusType.array).isValid)
        XCTAssertFalse(nested(33, DBusType.array).isValid)
        XCTAssertFalse(DBusType.structure(Array(repeating: .int32, count: 254)).isValid)
    }

    func testObjectPaths() {
        for valid in ["/", "/a", "/net/connman/service/ethernet_0011_cable", "/A_b/9"] {
            XCTAssertNotNil(ObjectPath(valid), valid)
        }
        for invalid in ["", "a", "//", "/a/", "/a//b", "/a-b", "/ä", "/a b", "/a.b"] {
            XCTAssertNil(ObjectPath(invalid), invalid)
        }
        let net = ObjectPath("/net")!
        let service = ObjectPath("/net/connman/x")!
        XCTAssertTrue(ObjectPath.root.isAncestor(of: net))
        XCTAssertTrue(net.isAncestor(of: service))
        XCTAssertFalse(service.isAncestor(of: service))
        XCTAssertFalse(ObjectPath("/ne")!.isAncestor(of: net))
        XCTAssertEqual(net.childComponent(toward: service), "connman")
        XCTAssertEqual(ObjectPath.root.childComponent(toward: service), "net")
        XCTAssertEqual(service.parent, ObjectPath("/net/connman"))
        XCTAssertEqual(net.parent, .root)
        XCTAssertNil(ObjectPath.root.parent)
        XCTAssertEqual(net.appending("connman"), ObjectPath("/net/connman"))
        XCTAssertEqual(ObjectPath.root.appending("x"), ObjectPath("/x"))
        XCTAssertNil(net.appending("a/b/"))
        XCTAssertEqual(ObjectPath.sanitizedComponent(":1.42"), "_1_42")
        XCTAssertNotNil(net.appending(ObjectPath.sanitizedComponent("")))
    }
}
