import XCTest
@testable import DBus

final class MarshalTests: XCTestCase {
    static let sample: [DBusValue] = [
        .byte(0), .byte(255), .boolean(true), .boolean(false),
        .int16(.min), .uint16(.max), .int32(-42), .uint32(.max), .int64(.min), .uint64(.max),
        .double(3.25), .double(-0.0), .string(""), .string("grüße \u{FFFF} ✓"), .objectPath(.root),
        .objectPath(ObjectPath("/net/connman/service/x")!), .signature("a{sv}"), .signature(""),
        .variant(.int32(7)), .variant(.variant(.variant(.string("deep")))),
        .variant(.array(element: .variant, [.variant(.boolean(true))])),
        .array(element: .string, []), .array(element: .dictionary(key: .string, value: .variant), []),
        .array(element: .int32, [.int32(1), .int32(2)]),
        .array(element: .array(.byte), [.array(element: .byte, [.byte(1), .byte(2), .byte(3)]), .array(element: .byte, [])]),
        .dictionary(key: .string, value: .variant, []),
        .properties([("State", .string("online")), ("Powered", .boolean(true)), ("Nested", .properties([("a", .uint16(1))]))]),
        .dictionary(key: .uint32, value: .string, [DBusDictEntry(key: .uint32(2), value: .string("b")),
                                                  DBusDictEntry(key: .uint32(1), value: .string("a"))]),
        .structure([.int32(1), .structure([.string("x"), .array(element: .variant, [])])]),
        .array(element: .structure([.objectPath, .dictionary(key: .string, value: .variant)]),
               [.structure([.objectPath(ObjectPath("/s")!), .properties([("Name", .string("n"))])])]),
    ]

    func testWireRoundTripOfEveryType() throws {
        let bytes = try WireCodec.encode(Self.sample)
        let decoded = try WireCodec.decode(bytes)
        XCTAssertEqual(decoded.count, Self.sample.count)
        for (a, b) in zip(decoded, Self.sample) { XCTAssertEqual(a, b) }
        XCTAssertEqual(decoded.map(\.type), Self.sample.map(\.type), "empty arrays keep their element type")
    }

    func testInvalidValuesAreRejectedNotCrashed() {
        let bad: [DBusValue] = [
            .string("nul\0inside"),
            .signature("a{vs}"),
            .array(element: .int32, [.string("x")]),
            .dictionary(key: .string, value: .int32, [DBusDictEntry(key: .int32(1), value: .int32(1))]),
            .dictionary(key: .variant, value: .int32, []),
            .structure([]),
            .array(element: .structure([]), []),
            (0..<70).reduce(DBusValue.int32(1)) { value, _ in .variant(value) },
        ]
        for value in bad {
            XCTAssertThrowsError(try WireCodec.encode([value]), "\(value)")
        }
        XCTAssertThrowsError(try WireCodec.encode(Array(repeating: .int32(1), count: 256)), "signature > 255")
    }

    func testDecodingGarbageNeverCrashes() throws {
        let good = try WireCodec.encode(Self.sample)
        var generator = SystemRandomNumberGenerator()
        var rejected = 0
        for round in 0..<3000 {
            var bytes = good
            for _ in 0..<(1 + round % 4) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if round % 10 == 0 { bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator))) }
            if (try? WireCodec.decode(bytes)) == nil { rejected += 1 }
        }
        XCTAssertGreaterThan(rejected, 0, "some mutations must be rejected")
        XCTAssertThrowsError(try WireCodec.decode([]))
        XCTAssertThrowsError(try WireCodec.decode(Array(repeating: 0xFF, count: 64)))
    }

    func testConveniences() {
        let props = DBusValue.properties([("State", .string("idle")), ("Count", .uint32(3))])
        XCTAssertEqual(props.type.signature, "a{sv}")
        XCTAssertEqual(props.propertyDictionary?["State"]?.stringValue, "idle")
        XCTAssertEqual(props.propertyDictionary?["Count"], .uint32(3))
        XCTAssertEqual(DBusValue.variant(.variant(.boolean(true))).boolValue, true)
        XCTAssertEqual(DBusValue.variant(.int32(1)).variantValue, .int32(1))
        XCTAssertNil(DBusValue.int32(1).variantValue)
        XCTAssertEqual(DBusValue.stringArray(["a", "b"]).stringArrayValue, ["a", "b"])
        XCTAssertEqual(DBusValue.stringArray([]).type, .array(.string))
        XCTAssertNil(DBusValue.int32(1).stringValue)
    }
}

