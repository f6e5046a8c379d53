/// REQUESTING: REQUEST for the chosen OFFER broadcast (so other servers see
/// our choice), resent on the backoff schedule, then given up.
struct RequestingState: AwaitsReply {
    /// The OFFER's xid, kept for the REQUEST (RFC 2131 table 5).
    let transaction: Transaction
    let secondsElapsed: UInt16
    let address: IPv4Address
    let server: IPv4Address
    let requestSentAt: Duration
    private(set) var retransmission = Retransmission()

    init(selecting: SelectingState, address: IPv4Address, server: IPv4Address, _ context: inout EngineContext) {
        transaction = selecting.transaction
        secondsElapsed = selecting.lastSecondsElapsed
        self.address = address
        self.server = server
        requestSentAt = context.now
        transmit(&context)
    }

    var addressToRemember: IPv4Address? { nil }
    var unchanged: ClientState { .requesting(self) }

    private mutating func transmit(_ context: inout EngineContext) {
        let request = context.messages.selectingRequest(transaction, secs: secondsElapsed, address: address,
                                                        server: server)
        retransmission.send(request, &context)
    }

    func timerFired(_ context: inout EngineContext) -> ClientState {
        guard retransmission.isDue(&context) else { return unchanged }
        guard !retransmission.exhausted else {
            context.log(.requestUnanswered)
            return .selecting(SelectingState(startingIn: &context, requestedAddress: nil))
        }
        var next = self
        next.transmit(&context)
        return .requesting(next)
    }

    func received(_ reply: DHCPMessage, _ context: inout EngineContext) -> ClientState {
        guard reply.messageType == .ack || reply.messageType == .nak else {
            return ignore(reply, .unexpectedType, &context)
        }
        // Our REQUEST named one server; another's answer is not for this exchange.
        if let other = reply.serverIdentifier, other != server {
            return ignore(reply, .fromAnotherServer, &context)
        }
        if reply.messageType == .nak { return SelectingState.restarted(after: reply, &context) }
        return BoundState.entered(by: reply, requestSentAt: requestSentAt, &context, otherwise: unchanged)
    }
}
