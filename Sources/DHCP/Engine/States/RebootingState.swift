/// INIT-REBOOT / REBOOTING (RFC 2131 §3.2): confirm a remembered address by
/// broadcasting a REQUEST with option 50 and no server identifier.  A NAK,
/// or no answer to two tries, falls back to DISCOVER: a server with no
/// record of us stays silent (§4.3.2), and a reconnect must not wait out the
/// whole 60 s schedule for it.  Each try waits `retryWait` (the first, after
/// a link came up, its quick retry), so a silent server costs a reconnect
/// about 2.5 s (dhcpcd gives INIT-REBOOT 5 s); the DISCOVER that follows
/// asks for the address all the same.
struct RebootingState: AwaitsReply {
    let transaction: Transaction
    let address: IPv4Address
    let requestSentAt: Duration
    private(set) var retransmission: Retransmission

    static let retryWait = Duration.seconds(2)

    init(startingIn context: inout EngineContext, address: IPv4Address, quickFirstRetry: Duration?) {
        transaction = context.newTransaction()
        self.address = address
        retransmission = Retransmission(delays: [quickFirstRetry ?? Self.retryWait, Self.retryWait])
        requestSentAt = context.now
        transmit(&context)
    }

    var addressToRemember: IPv4Address? { address }
    var unchanged: ClientState { .rebooting(self) }

    private mutating func transmit(_ context: inout EngineContext) {
        let request = context.messages.rebootRequest(transaction, secs: transaction.secondsElapsed(at: context.now),
                                                     address: address)
        retransmission.send(request, &context)
    }

    func timerFired(_ context: inout EngineContext) -> ClientState {
        guard retransmission.isDue(&context) else { return unchanged }
        guard !retransmission.exhausted else {
            context.log(.requestUnanswered)
            return .selecting(SelectingState(startingIn: &context, requestedAddress: address))
        }
        var next = self
        next.transmit(&context)
        return .rebooting(next)
    }

    func received(_ reply: DHCPMessage, _ context: inout EngineContext) -> ClientState {
        switch reply.messageType {
        case .ack:
            return BoundState.entered(by: reply, requestSentAt: requestSentAt, &context, otherwise: unchanged)
        case .nak:
            return SelectingState.restarted(after: reply, &context)
        default:
            return ignore(reply, .unexpectedType, &context)
        }
    }
}
