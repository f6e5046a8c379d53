import XCTest
@testable import DBus

/// `sendTogether` and `PreparedCall`: what the receiving peer sees must be exactly what
/// separate sends would have given it, in the same order.
final class WriteCoalescingTests: XCTestCase {
    /// A peer that records every "Note" call it receives, in arrival order.
    @MainActor
    private final class Recorder {
        var notes: [(path: String, values: [DBusValue])] = []

        func interface() -> DBusInterface {
            DBusInterface(name: "com.example.Notes", methods: [
                DBusMethod(name: "Note", inputs: [DBusArgument("n", .int32)]) { [self] call in
                    notes.append((call.path.rawValue, call.arguments))
                    return []
                },
                DBusMethod(name: "Ask", inputs: [DBusArgument("n", .int32)], outputs: [DBusArgument("n", .int32)]) {
                    [self] call in
                    notes.append((call.path.rawValue, call.arguments))
                    return call.arguments
                },
            ])
        }
    }

    /// A sender and a peer recording calls at /notes and /notes/n0../notes/n2.
    @MainActor
    private func connectPair(_ fixture: Fixture) throws -> (DBusConnection, DBusConnection, Recorder) {
        let sender = try fixture.connect()
        let peer = try fixture.connect()
        let recorder = Recorder()
        for path in ["/notes", "/notes/n0", "/notes/n1", "/notes/n2"] {
            peer.export(DBusObject(path: ObjectPath(path)!, interfaces: [recorder.interface()]))
        }
        return (sender, peer, recorder)
    }

    @MainActor
    func testMessagesKeepTheirOrderAcrossCoalescedAndDirectWrites() async throws {
        let fixture = try Fixture(self)
        defer { fixture.closeAll() }
        let (sender, peer, recorder) = try connectPair(fixture)

        func note(_ n: Int32) {
            sender.send(destination: peer.uniqueName, path: ObjectPath("/notes")!, interface: "com.example.Notes",
                        member: "Note", arguments: [.int32(n)])
        }
        let prepared = try PreparedCall(interface: "com.example.Notes", member: "Note", arguments: [.int32(1000)])
        var answer: Result<[DBusValue], DBusError>?
        // More than one slice (WriteCoalescing writes 32 at a time), a call that libdbus
        // writes itself in the middle, and prepared calls to several paths.
        let returned = sender.sendTogether { () -> Bool in
            for n in Int32(0)..<40 { note(n) }
            sender.call(destination: peer.uniqueName, path: ObjectPath("/notes")!, interface: "com.example.Notes",
                        member: "Ask", arguments: [.int32(40)]) { answer = $0 }
            note(41)
            for index in 0..<3 {
                sender.send(prepared, destination: peer.uniqueName, path: ObjectPath("/notes/n\(index)")!)
            }
            note(42)
            return true
        }
        XCTAssertTrue(returned)

        try await waitUntil("every message arrived") { recorder.notes.count == 46 && answer != nil }
        let expected: [(String, Int32)] = (0...41).map { ("/notes", $0) }
            + (0..<3).map { ("/notes/n\($0)", 1000) } + [("/notes", 42)]
        XCTAssertEqual(recorder.notes.map(\.path), expected.map(\.0))
        XCTAssertEqual(recorder.notes.map(\.values), expected.map { [.int32($0.1)] })
        XCTAssertEqual(answer?.success, [.int32(40)])
    }

    /// `writesWhenIdle`: what is sent is kept until the loop is idle, then written in order,
    /// also around a call that libdbus writes itself.
    @MainActor
    func testWritesWhenIdleKeepsMessagesUntilTheLoopIsIdleInOrder() async throws {
        let fixture = try Fixture(self)
        defer { fixture.closeAll() }
        let (sender, peer, recorder) = try connectPair(fixture)
        sender.writesWhenIdle = true
        func note(_ n: Int32) {
            sender.send(destination: peer.uniqueName, path: ObjectPath("/notes")!, interface: "com.example.Notes",
                        member: "Note", arguments: [.int32(n)])
        }
        note(1)
        note(2)
        XCTAssertEqual(sender.coalesced?.count, 2, "kept until the loop is idle")
        var answer: Result<[DBusValue], DBusError>?
        sender.call(destination: peer.uniqueName, path: ObjectPath("/notes")!, interface: "com.example.Notes",
                    member: "Ask", arguments: [.int32(3)]) { answer = $0 }
        note(4)
        try await waitUntil("every message arrived") { recorder.notes.count == 4 && answer != nil }
        XCTAssertEqual(recorder.notes.map(\.values), [1, 2, 3, 4].map { [.int32($0)] })
        XCTAssertNil(sender.coalesced, "written once the loop was idle")
        sender.writesWhenIdle = false
        note(5)
        XCTAssertNil(sender.coalesced, "written at once again")
        try await waitUntil("the last note arrived") { recorder.notes.count == 5 }
    }

    /// A prepared call is a template: sending it does not change it, and an invalid
    /// destination is refused instead of reaching libdbus (which would abort).
    @MainActor
    func testPreparedCallIsReusableAndRefusesInvalidDestinations() async throws {
        let fixture = try Fixture(self)
        defer { fixture.closeAll() }
        let (sender, peer, recorder) = try connectPair(fixture)
        let prepared = try PreparedCall(interface: "com.example.Notes", member: "Note", arguments: [.int32(7)])

        XCTAssertFalse(sender.send(prepared, destination: "not a bus name", path: ObjectPath("/notes")!))
        for _ in 0..<2 { XCTAssertTrue(sender.send(prepared, destination: peer.uniqueName, path: ObjectPath("/notes")!)) }
        try await waitUntil("both calls arrived") { recorder.notes.count == 2 }
        XCTAssertEqual(recorder.notes.map(\.values), [[.int32(7)], [.int32(7)]])
        XCTAssertTrue(prepared.carries(interface: "com.example.Notes", member: "Note", arguments: [.int32(7)]))
        XCTAssertFalse(prepared.carries(interface: "com.example.Notes", member: "Note", arguments: [.int32(8)]))
        XCTAssertThrowsError(try PreparedCall(interface: "no interface", member: "Note", arguments: []))
    }
}
