/// Configurator, configuration sent to a version 2 enrollee: waits for its
/// Configuration Result before calling the configuration delivered.
struct ConfiguratorAwaitingResultState: AwaitsPeerFrame {
    let session: AuthenticatedSession
    let enrolleeNonce: [UInt8]
    let request: ConfigurationRequest

    var awaitedFrame: ActionFrame.Kind { .dpp(.configurationResult) }

    func receive(_ frame: ActionFrame) throws -> Transition<DPPSession.State>? {
        guard case .dpp(let result) = frame else { return nil }
        let wrapped = try WrappedData.open(result, key: session.ke)
        try requireEqual(try wrapped.required(.enrolleeNonce, length: enrolleeNonce.count), enrolleeNonce,
                         else: .nonceMismatch)
        let status = try wrapped.requiredStatus()
        guard status == .ok else { throw SessionEnded(failure: .peerReported(status)) }
        return Transition(next: .finished, events: [.configurationSent(to: request)])
    }
}
