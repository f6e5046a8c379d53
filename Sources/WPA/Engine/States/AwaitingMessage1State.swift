/// Associated, nothing received yet.
struct AwaitingMessage1State: AcceptsKeyMessages {
    func receive(_ message: KeyMessage, _ context: inout HandshakeContext) throws(WPAError) -> Transition {
        switch message {
        case .message1(let frame): return try answerMessage1(frame, context)
        case .message3: throw .unexpectedMessage("message 3 before message 1")
        case .groupMessage1: throw .unexpectedMessage("group message 1 before the 4-way handshake")
        }
    }
}
