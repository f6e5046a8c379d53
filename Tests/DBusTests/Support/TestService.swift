import Foundation
@testable import DBus

/// A server object with one of everything the tests exercise.
@MainActor
final class TestService {
    static let interface = "com.example.Test"
    var name = "initial"
    var level: Int32 = 1
    var calls = 0
    var handlerRuns = 0
    var pendingReplies: [DBusReply] = []

    func makeInterface() -> DBusInterface {
        DBusInterface(name: Self.interface, methods: [
            DBusMethod(name: "Echo", inputs: [DBusArgument("value", .variant)], outputs: [DBusArgument("value", .variant)]) {
                [self] call in
                handlerRuns += 1
                return call.arguments
            },
            DBusMethod(name: "Add", inputs: [DBusArgument("a", .int32), DBusArgument("b", .int32)],
                       outputs: [DBusArgument("sum", .int32)]) { [self] call in
                handlerRuns += 1
                calls += 1
                return [.int32(call.arguments[0].int32Value! &+ call.arguments[1].int32Value!)]
            },
            DBusMethod(name: "Fail") { _ throws(DBusError) in
                throw DBusError(name: "com.example.Error.Boom", message: "it broke")
            },
            DBusMethod(name: "WhoAmI", outputs: [DBusArgument("sender", .string)]) { call in
                [.string(call.sender)]
            },
            DBusMethod(name: "Later", inputs: [DBusArgument("ms", .uint32)], outputs: [DBusArgument("text", .string)],
                       deferred: { call, reply in
                           let ms = Int(call.arguments[0].uint32Value ?? 0)
                           DispatchQueue.main.asyncAfter(deadline: .now() + .milliseconds(ms)) {
                               reply.succeed([.string("late")])
                               reply.succeed([.string("second reply must be ignored")])
                               reply.fail(.failed("so must this"))
                           }
                       }),
            DBusMethod(name: "Never", deferred: { [self] _, reply in pendingReplies.append(reply) }),
            DBusMethod(name: "BadReply", outputs: [DBusArgument("n", .uint32)]) { _ in [.string("not a uint32")] },
        ], properties: [
            DBusProperty(name: "Name", type: .string, get: { [self] in .string(name) },
                         set: { [self] value, _ in name = value.stringValue ?? "" }),
            DBusProperty(name: "Level", type: .int32, get: { [self] in .int32(level) },
                         set: { [self] (value, _) throws(DBusError) in
                             guard let v = value.int32Value, v >= 0 else { throw .invalidArgs("Level must be >= 0") }
                             level = v
                         }),
            DBusProperty(name: "Calls", type: .uint32, get: { [self] in .uint32(UInt32(calls)) }),
        ], signals: [
            DBusSignal(name: "Happened", arguments: [DBusArgument("what", .string)]),
        ])
    }

    func makeObject(at path: String) -> DBusObject {
        DBusObject(path: ObjectPath(path)!, interfaces: [makeInterface()])
    }
}

extension DBusConnection {
    /// Calls com.example.Test on `destination` and returns the result (errors included).
    func test(_ destination: String, _ member: String, _ arguments: [DBusValue] = [], path: String = "/test",
              interface: String = TestService.interface, timeout: Int32 = 5_000) async -> Result<[DBusValue], DBusError> {
        do throws(DBusError) {
            return .success(try await call(destination: destination, path: ObjectPath(path)!,
                                           interface: interface, member: member,
                                           arguments: arguments, timeoutMilliseconds: timeout))
        } catch {
            return .failure(error)
        }
    }
}
