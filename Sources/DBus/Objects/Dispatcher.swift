/// Routes every incoming method call: object, then interface (or member search when the
/// caller omitted the interface), then the declared input signature, then the handler.
extension DBusConnection {
    func dispatchMethodCall(_ message: Message) {
        let reply = DBusReply(call: message, connection: self, outputSignature: "")
        guard let member = message.member, let rawPath = message.path, let path = ObjectPath(rawPath) else {
            return reply.fail(.invalidArgs("Malformed method call"))
        }
        guard let node = node(at: path) else {
            return reply.fail(.unknownObject("No object at path \(path)"))
        }
        // Building the standard interfaces costs allocations on every call, and a call
        // naming another interface can never resolve to them.
        let mayBeStandard = message.interface.map { $0.hasPrefix("org.freedesktop.DBus.") } ?? true
        let standard = mayBeStandard ? standardInterfaces(for: node) : []
        let own = node.object?.interfaces ?? []
        let matched: (DBusInterface, DBusMethod)
        switch resolve(member: member, interface: message.interface, standard: standard, own: own) {
        case .success(let found): matched = found
        case .failure(let error): return reply.fail(error)
        }
        let (interface, method) = matched
        let expected = method.inputSignature
        guard message.signature == expected else {
            return reply.fail(.invalidArgs(
                "\(interface.name).\(member) expects signature \"\(expected)\", got \"\(message.signature)\""))
        }
        let arguments: [DBusValue]
        do throws(DBusError) {
            arguments = try message.arguments()
        } catch {
            return reply.fail(error)
        }
        let call = DBusMethodCall(sender: message.sender ?? "", path: path, interface: interface.name,
                                  member: member, arguments: arguments)
        let answer = DBusReply(call: message, connection: self, outputSignature: method.outputSignature)
        switch method.body {
        case .immediate(let handler):
            do throws(DBusError) {
                answer.succeed(try handler(call))
            } catch {
                answer.fail(error)
            }
        case .deferred(let handler):
            handler(call, answer)
        }
    }

    /// Standard interfaces cannot be overridden by name; a call without an interface field
    /// prefers the object's own methods (e.g. a daemon's own "Get" over Properties.Get).
    private func resolve(member: String, interface name: String?, standard: [DBusInterface],
                         own: [DBusInterface]) -> Result<(DBusInterface, DBusMethod), DBusError> {
        if let name {
            guard let interface = (standard + own).first(where: { $0.name == name }) else {
                return .failure(.unknownInterface("No interface \(name)"))
            }
            guard let method = interface.method(named: member) else {
                return .failure(.unknownMethod("No method \(member) in \(name)"))
            }
            return .success((interface, method))
        }
        for interface in own + standard {
            if let method = interface.method(named: member) { return .success((interface, method)) }
        }
        return .failure(.unknownMethod("No method \(member)"))
    }
}
