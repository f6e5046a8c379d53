/// Configurator, authenticated: waits for the enrollee's Configuration
/// Request and answers with the configuration object.
struct ConfiguratorAwaitingRequestState: AwaitsPeerFrame {
    let session: AuthenticatedSession
    let configuration: ConfigurationObject

    var awaitedFrame: ActionFrame.Kind { .gasInitialRequest }

    func receive(_ frame: ActionFrame) throws -> Transition<DPPSession.State>? {
        guard case .gasInitialRequest(let gas) = frame else { return nil }
        let wrapped = try ConfigurationFrames.openRequest(gas, ke: session.ke)
        let enrolleeNonce = try wrapped.required(.enrolleeNonce, length: session.context.curve.nonceLength)
        let request: ConfigurationRequest
        do {
            request = try ConfigurationRequest(parsing: wrapped.required(.configurationRequestObject))
        } catch let error as EasyConnectError {
            let refusal = try ConfigurationFrames.response(dialogToken: gas.dialogToken, status: .configureFailure,
                                                           enrolleeNonce: enrolleeNonce, objects: [], ke: session.ke)
            throw SessionEnded(failure: .refused(.configureFailure, error), farewell: refusal)
        }
        let response = try ConfigurationFrames.response(dialogToken: gas.dialogToken, status: .ok,
                                                        enrolleeNonce: enrolleeNonce, objects: [configuration],
                                                        ke: session.ke)
        guard session.usesConfigurationResult else {
            return Transition(next: .finished, frames: [response], events: [.configurationSent(to: request)])
        }
        let next = ConfiguratorAwaitingResultState(session: session, enrolleeNonce: enrolleeNonce, request: request)
        return Transition(next: .configuratorAwaitingResult(next), frames: [response])
    }
}
