import Foundation
import XCTest
@testable import DBus

/// A private dbus-daemon for one test, killed in teardown.
final class TestBus: @unchecked Sendable {
    let process = Process()
    let address: String

    init() throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/dbus-daemon")
        process.arguments = ["--session", "--nofork", "--print-address=1", "--address=unix:tmpdir=/tmp"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice  // root-only fd-limit warnings are noise
        try process.run()
        // Blocking read is fine here: nothing is being served yet.
        var data = Data()
        let handle = output.fileHandleForReading
        while !data.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { throw TestFailure("dbus-daemon exited before printing its address") }
            data.append(chunk)
        }
        address = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Starts a bus for the current test and hands out connections to it.
@MainActor
final class Fixture {
    let bus: TestBus
    private var connections: [DBusConnection] = []

    init(_ testCase: XCTestCase) throws {
        let bus = try TestBus()
        self.bus = bus
        testCase.addTeardownBlock { bus.stop() }
    }

    var address: String { bus.address }

    func connect() throws -> DBusConnection {
        let connection = try DBusConnection(bus: .address(bus.address))
        connections.append(connection)
        return connection
    }

    func closeAll() {
        for connection in connections { connection.close() }
    }
}
