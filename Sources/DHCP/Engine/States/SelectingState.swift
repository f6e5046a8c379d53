/// SELECTING: DISCOVER sent (and resent on the backoff schedule, forever);
/// the first usable OFFER wins.
struct SelectingState: AwaitsReply {
    let transaction: Transaction
    /// Option 50 hint: an address we would like back.
    let requestedAddress: IPv4Address?
    private(set) var retransmission: Retransmission
    /// 'secs' of the last DISCOVER: the REQUEST repeats it (RFC 2131 §4.4.1).
    private(set) var lastSecondsElapsed: UInt16 = 0

    init(startingIn context: inout EngineContext, requestedAddress: IPv4Address?, quickFirstRetry: Duration? = nil) {
        transaction = context.newTransaction()
        self.requestedAddress = requestedAddress
        retransmission = Retransmission(quickFirstRetry: quickFirstRetry)
        transmit(&context)
    }

    /// RFC 2131 §3.1 step 5: after a NAK the client restarts with DISCOVER.
    static func restarted(after nak: DHCPMessage, _ context: inout EngineContext) -> ClientState {
        context.log(.nakReceived(server: nak.serverIdentifier, message: nak.serverMessage))
        return .selecting(SelectingState(startingIn: &context, requestedAddress: nil))
    }

    var addressToRemember: IPv4Address? { requestedAddress }
    var unchanged: ClientState { .selecting(self) }

    private mutating func transmit(_ context: inout EngineContext) {
        lastSecondsElapsed = transaction.secondsElapsed(at: context.now)
        let discover = context.messages.discover(transaction, secs: lastSecondsElapsed,
                                                 requestedAddress: requestedAddress)
        retransmission.send(discover, &context)
    }

    func timerFired(_ context: inout EngineContext) -> ClientState {
        guard retransmission.isDue(&context) else { return unchanged }
        var next = self
        next.transmit(&context)
        return .selecting(next)
    }

    func received(_ reply: DHCPMessage, _ context: inout EngineContext) -> ClientState {
        guard reply.messageType == .offer else { return ignore(reply, .unexpectedType, &context) }
        guard let server = reply.serverIdentifier else { return ignore(reply, .noServerIdentifier, &context) }
        guard reply.yourAddress.isUnicastHost else { return ignore(reply, .noAddress, &context) }
        context.log(.offerSelected(address: reply.yourAddress, server: server))
        return .requesting(RequestingState(selecting: self, address: reply.yourAddress, server: server, &context))
    }
}

extension AwaitsReply {
    /// Logs why `reply` changes nothing and stays.
    func ignore(_ reply: DHCPMessage, _ reason: DHCPClientEvent.IgnoredReason,
                _ context: inout EngineContext) -> ClientState {
        context.log(.ignored(reply.messageType, reason))
        return unchanged
    }
}
