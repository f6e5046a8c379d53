/// The DHCPv4 client (RFC 2131 §4.4) as a pure state machine: inputs and
/// the current monotonic time in, effects out.  No sockets, no clock, no
/// global randomness: the adapter feeds it, carries out the effects in
/// order, and every rule is tested on this type directly.
///
///     var client = DHCPClient(configuration: .init(hardwareAddress: mac))
///     for effect in client.handle(.start, at: now) { ... }
public struct DHCPClient: Sendable {
    public let configuration: DHCPClientConfiguration
    private var state: ClientState
    private var random: any RandomNumberGenerator & Sendable

    /// - Parameter random: source of xids and of the ±1 s retransmission
    ///   jitter; tests pass a fixed generator to get exact timings.
    public init(configuration: DHCPClientConfiguration,
                random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()) {
        self.configuration = configuration
        self.random = random
        state = .stopped(StoppedState(rememberedAddress: configuration.previousAddress))
    }

    public var phase: DHCPClientPhase { state.phase }
    /// The configured lease (bound, renewing or rebinding).
    public var lease: DHCPLease? { state.holdingLease?.lease }
    /// The xid replies must carry now, if an exchange is in flight.
    public var transactionID: UInt32? { state.awaitingReply?.transaction.id }

    public mutating func handle(_ input: DHCPClientInput, at now: Duration) -> [DHCPClientEffect] {
        var context = EngineContext(now: now, messages: ClientMessages(configuration: configuration), random: random)
        let before = state.phase
        state = next(after: input, &context)
        random = context.random
        if state.phase != before { context.log(.phaseChanged(from: before, to: state.phase)) }
        return context.effects
    }

    private func next(after input: DHCPClientInput, _ context: inout EngineContext) -> ClientState {
        switch input {
        case .start:
            guard case .stopped(let stopped) = state else { return state }  // already running
            return stopped.start(&context)
        case .received(let message):
            guard let awaiting = state.awaitingReply else {
                context.log(.ignored(message.messageType, .notWaitingForReplies))
                return state
            }
            do {
                try awaiting.transaction.check(message, hardwareAddress: configuration.hardwareAddress)
            } catch {
                context.log(.ignored(message.messageType, error))
                return state
            }
            return awaiting.received(message, &context)
        case .timerFired:
            return state.running?.timerFired(&context) ?? state
        case .addressConflict:
            return state.holdingLease?.decline(&context) ?? state
        case .release:
            if let holding = state.holdingLease { return holding.release(&context) }
            return stop(remembering: nil, &context)
        case .linkLost:
            guard state.running != nil else { return state }
            if state.holdingLease != nil { context.deconfigure() }
            return stop(remembering: state.running?.addressToRemember, &context)
        }
    }

    private func stop(remembering address: IPv4Address?, _ context: inout EngineContext) -> ClientState {
        if state.running != nil { context.cancelTimer() }
        return .stopped(StoppedState(rememberedAddress: address))
    }
}
