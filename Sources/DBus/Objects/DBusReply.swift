/// The one-shot answer to an incoming method call. The first succeed/fail wins; later ones
/// are ignored, and nothing is sent when the caller asked for no reply.
@MainActor
public final class DBusReply {
    private var call: Message?
    private weak var connection: DBusConnection?
    private let outputSignature: String

    init(call: Message, connection: DBusConnection, outputSignature: String) {
        self.call = call
        self.connection = connection
        self.outputSignature = outputSignature
    }

    public var isCompleted: Bool { call == nil }

    public func succeed(_ values: [DBusValue] = []) {
        guard let call = take() else { return }
        let signature = DBusType.signature(of: values.map(\.type))
        guard signature == outputSignature else {
            // A handler bug; answering anyway would contradict the introspection data.
            return send(call.errorReply(.failed(
                "Reply signature \"\(signature)\" does not match the declared \"\(outputSignature)\"")))
        }
        do throws(DBusError) {
            send(try call.methodReturn(values))
        } catch {
            send(call.errorReply(.failed("Reply could not be marshalled: \(error.message)")))
        }
    }

    public func fail(_ error: DBusError) {
        guard let call = take() else { return }
        send(call.errorReply(error))
    }

    private func take() -> Message? {
        guard let call else { return nil }
        self.call = nil
        return call.noReplyExpected ? nil : call
    }

    private func send(_ message: Message?) {
        guard let message, let connection else { return }
        connection.sendMessage(message)
    }
}
