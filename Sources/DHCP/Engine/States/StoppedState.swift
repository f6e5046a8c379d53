/// Not running: before `start`, after `release` or a lost link.
struct StoppedState: Sendable {
    /// An address to confirm with INIT-REBOOT at the next start.
    let rememberedAddress: IPv4Address?

    func start(_ context: inout EngineContext) -> ClientState {
        let quick = context.messages.configuration.linkUpRetransmission
        if let address = rememberedAddress {
            return .rebooting(RebootingState(startingIn: &context, address: address, quickFirstRetry: quick))
        }
        return .selecting(SelectingState(startingIn: &context, requestedAddress: nil, quickFirstRetry: quick))
    }
}
