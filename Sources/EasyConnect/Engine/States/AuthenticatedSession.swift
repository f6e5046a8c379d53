/// What both sides hold once authentication succeeded: the session key ke
/// and what was learnt about the peer.  Every configuration state carries
/// one; it is dropped (and ke wiped) when the session ends.
struct AuthenticatedSession {
    let context: AuthenticationContext
    let ke: SecretBytes
    let peerVersion: UInt8
    let mutual: Bool

    /// A version 2 peer sends or expects a Configuration Result.
    var usesConfigurationResult: Bool { peerVersion >= 2 }

    /// Reports the authentication and starts configuration: the enrollee
    /// asks (whichever side it is), the configurator waits for the question.
    func beginConfiguration() throws -> Transition<DPPSession.State> {
        let authenticated = DPPEvent.authenticated(mutual: mutual, peerVersion: peerVersion)
        switch context.role {
        case .enrollee(let request):
            let (state, frame) = try EnrolleeAwaitingResponseState.start(session: self, request: request)
            return Transition(next: .enrolleeAwaitingResponse(state), frames: [frame], events: [authenticated])
        case .configurator(let configuration):
            let state = ConfiguratorAwaitingRequestState(session: self, configuration: configuration)
            return Transition(next: .configuratorAwaitingRequest(state), events: [authenticated])
        }
    }
}
