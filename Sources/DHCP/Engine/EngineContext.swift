/// What a state needs while it handles one input: the time, the message
/// builder, the injected randomness; it collects the effects in order.
struct EngineContext {
    let now: Duration
    let messages: ClientMessages
    var random: any RandomNumberGenerator & Sendable
    private(set) var effects: [DHCPClientEffect] = []

    var hardwareAddress: [UInt8] { messages.configuration.hardwareAddress }

    mutating func newTransaction() -> Transaction {
        Transaction(id: UInt32(truncatingIfNeeded: random.next()), startedAt: now)
    }

    /// Uniform in -1...+1 s at millisecond steps (RFC 2131 §4.1).
    mutating func jitter() -> Duration {
        .milliseconds(Int64(random.next() % 2001) - 1000)
    }

    mutating func send(_ message: DHCPMessage, to destination: DHCPDestination) {
        effects.append(.send(message, to: destination))
    }

    mutating func arm(_ deadline: Duration) { effects.append(.armTimer(at: deadline)) }
    mutating func cancelTimer() { effects.append(.cancelTimer) }
    mutating func configure(_ lease: DHCPLease) { effects.append(.configure(lease)) }
    mutating func deconfigure() { effects.append(.deconfigure) }
    mutating func log(_ event: DHCPClientEvent) { effects.append(.event(event)) }
}
