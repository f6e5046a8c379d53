/// INIT, waiting before discovering again (RFC 2131 §3.1 step 5: at least
/// ten seconds after a DECLINE, so a bad address is not offered straight back).
struct InitState: RunningState {
    static let afterDecline = Duration.seconds(10)

    let discoverAt: Duration

    init(waitingIn context: inout EngineContext, for delay: Duration) {
        discoverAt = context.now + delay
        context.arm(discoverAt)
    }

    var addressToRemember: IPv4Address? { nil }
    var unchanged: ClientState { .initial(self) }

    func timerFired(_ context: inout EngineContext) -> ClientState {
        guard context.now >= discoverAt else {
            context.arm(discoverAt)
            return unchanged
        }
        return .selecting(SelectingState(startingIn: &context, requestedAddress: nil))
    }
}
