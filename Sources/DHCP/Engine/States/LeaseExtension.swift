/// The REQUEST that extends a lease in RENEWING and REBINDING: one xid, the
/// address in ciaddr, resent after half the time left (RFC 2131 §4.4.5).
struct LeaseExtension: Sendable {
    let transaction: Transaction
    let destination: DHCPDestination
    /// T2 when renewing, expiry when rebinding: no retry is planned past it.
    let deadline: Duration
    private(set) var transmissions = 0
    private(set) var retryAt: Duration = .zero

    /// Lease times of the ACK count from the first REQUEST.
    var requestSentAt: Duration { transaction.startedAt }

    init(of lease: DHCPLease, to destination: DHCPDestination, until deadline: Duration,
         _ context: inout EngineContext) {
        transaction = context.newTransaction()
        self.destination = destination
        self.deadline = deadline
        send(for: lease, &context)
    }

    mutating func send(for lease: DHCPLease, _ context: inout EngineContext) {
        if transmissions > 0 { context.log(.retransmitting(.request, attempt: transmissions + 1)) }
        let request = context.messages.extensionRequest(transaction, secs: transaction.secondsElapsed(at: context.now),
                                                        address: lease.address)
        context.send(request, to: destination)
        transmissions += 1
        retryAt = Backoff.extensionRetry(now: context.now, deadline: deadline)
        context.arm(retryAt)
    }
}

/// RENEWING and REBINDING: a lease held while an extension is asked for.
protocol ExtendsLease: AwaitsReply, HoldsLease {
    var deadlines: LeaseDeadlines { get }
    var exchange: LeaseExtension { get set }
    /// The state to move to at T2: REBINDING from RENEWING, nil in REBINDING.
    func rebindTimeReached(_ context: inout EngineContext) -> ClientState?
}

extension ExtendsLease {
    var transaction: Transaction { exchange.transaction }

    func timerFired(_ context: inout EngineContext) -> ClientState {
        if context.now >= deadlines.expiresAt { return expire(&context) }
        if context.now >= deadlines.rebindAt, let rebinding = rebindTimeReached(&context) { return rebinding }
        guard context.now >= exchange.retryAt else {
            context.arm(exchange.retryAt)
            return unchanged
        }
        var next = self
        next.exchange.send(for: lease, &context)
        return next.unchanged
    }

    func received(_ reply: DHCPMessage, _ context: inout EngineContext) -> ClientState {
        switch reply.messageType {
        case .ack:
            return BoundState.entered(by: reply, requestSentAt: exchange.requestSentAt, &context, otherwise: unchanged)
        case .nak:
            context.deconfigure()  // the address is no longer ours
            return SelectingState.restarted(after: reply, &context)
        default:
            return ignore(reply, .unexpectedType, &context)
        }
    }
}
