/// Watches a bus name through NameOwnerChanged (arg0 match). One-shot: `onVanished` runs
/// at most once, when the name loses its owner or if it has none when the watch starts.
@MainActor
public final class NameWatch {
    public let name: String
    private var onVanished: (@MainActor () -> Void)?
    private weak var connection: DBusConnection?
    let rule: String

    init(name: String, connection: DBusConnection, onVanished: @escaping @MainActor () -> Void) {
        self.name = name
        self.connection = connection
        self.onVanished = onVanished
        rule = "type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',"
            + "member='NameOwnerChanged',path='/org/freedesktop/DBus',arg0='\(name)'"
    }

    public var isActive: Bool { onVanished != nil }

    /// Stops watching and removes the bus match; safe to call more than once.
    public func cancel() {
        guard onVanished != nil else { return }
        onVanished = nil
        connection?.removeNameWatch(self)
    }

    func fire() {
        guard let handler = onVanished else { return }
        cancel()
        handler()
    }
}

extension DBusConnection {
    public func watchName(_ name: String, onVanished: @escaping @MainActor () -> Void) -> NameWatch {
        let watch = NameWatch(name: name, connection: self, onVanished: onVanished)
        // A name that cannot be valid has no owner; also keeps quotes out of the match rule.
        guard !isClosed, Names.isValidBusName(name) else {
            DispatchQueue.main.async { watch.fire() }
            return watch
        }
        nameWatches.append(watch)
        setMatch(watch.rule, active: true)
        // Sent after AddMatch, so the bus orders any later NameOwnerChanged after this answer.
        call(destination: "org.freedesktop.DBus", path: ObjectPath("/org/freedesktop/DBus")!,
             interface: "org.freedesktop.DBus", member: "GetNameOwner", arguments: [.string(name)]) { [weak watch] result in
            if case .failure(let error) = result, error.name == DBusError.Name.nameHasNoOwner { watch?.fire() }
        }
        return watch
    }

    func removeNameWatch(_ watch: NameWatch) {
        guard nameWatches.contains(where: { $0 === watch }) else { return }
        nameWatches.removeAll { $0 === watch }
        setMatch(watch.rule, active: false)
    }

    func deliverNameOwnerChanged(_ message: Message, arguments: [DBusValue]) {
        guard message.sender == "org.freedesktop.DBus", message.member == "NameOwnerChanged",
              message.interface == "org.freedesktop.DBus", arguments.count == 3,
              let name = arguments[0].stringValue, arguments[2].stringValue == "" else { return }
        for watch in nameWatches where watch.name == name { watch.fire() }
    }
}

import Dispatch
