/// A received signal.
public struct DBusSignalMessage: Sendable {
    public let sender: String
    public let path: ObjectPath
    public let interface: String
    public let member: String
    public let arguments: [DBusValue]
}

/// A bus match plus a handler; nil fields match anything. `cancel()` removes the match.
@MainActor
public final class SignalSubscription {
    public let sender: String?
    public let path: ObjectPath?
    public let interface: String?
    public let member: String?
    private var handler: (@MainActor (DBusSignalMessage) -> Void)?
    private weak var connection: DBusConnection?
    let rule: String

    init(sender: String?, path: ObjectPath?, interface: String?, member: String?, connection: DBusConnection,
         handler: @escaping @MainActor (DBusSignalMessage) -> Void) {
        self.sender = sender
        self.path = path
        self.interface = interface
        self.member = member
        self.handler = handler
        self.connection = connection
        var parts = ["type='signal'"]
        if let sender { parts.append("sender='\(sender)'") }
        if let path { parts.append("path='\(path)'") }
        if let interface { parts.append("interface='\(interface)'") }
        if let member { parts.append("member='\(member)'") }
        rule = parts.joined(separator: ",")
    }

    public func cancel() {
        guard handler != nil else { return }
        handler = nil
        connection?.removeSubscription(self)
    }

    func matches(_ signal: DBusSignalMessage) -> Bool {
        (sender == nil || sender == signal.sender) && (path == nil || path == signal.path)
            && (interface == nil || interface == signal.interface) && (member == nil || member == signal.member)
    }

    func deliver(_ signal: DBusSignalMessage) {
        handler?(signal)
    }
}

extension DBusConnection {
    /// Subscribes to signals. `sender` should be a unique name: the bus rewrites senders to
    /// unique names, so a well-known sender only works in the bus' own match, not locally.
    public func subscribe(sender: String? = nil, path: ObjectPath? = nil, interface: String? = nil,
                          member: String? = nil,
                          handler: @escaping @MainActor (DBusSignalMessage) -> Void) -> SignalSubscription? {
        guard !isClosed else { return nil }
        if let sender, !Names.isValidBusName(sender) { return nil }
        if let interface, !Names.isValidInterface(interface) { return nil }
        if let member, !Names.isValidMember(member) { return nil }
        let subscription = SignalSubscription(sender: sender, path: path, interface: interface, member: member,
                                              connection: self, handler: handler)
        subscriptions.append(subscription)
        setMatch(subscription.rule, active: true)
        return subscription
    }

    func removeSubscription(_ subscription: SignalSubscription) {
        guard subscriptions.contains(where: { $0 === subscription }) else { return }
        subscriptions.removeAll { $0 === subscription }
        setMatch(subscription.rule, active: false)
    }

    func deliverSignal(_ message: Message) {
        guard let arguments = try? message.arguments() else { return }
        deliverNameOwnerChanged(message, arguments: arguments)
        guard !subscriptions.isEmpty, let rawPath = message.path, let path = ObjectPath(rawPath) else { return }
        let signal = DBusSignalMessage(sender: message.sender ?? "", path: path, interface: message.interface ?? "",
                                       member: message.member ?? "", arguments: arguments)
        for subscription in subscriptions where subscription.matches(signal) {
            subscription.deliver(signal)
        }
    }
}
