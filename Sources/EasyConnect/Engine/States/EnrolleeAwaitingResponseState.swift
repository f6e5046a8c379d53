/// Enrollee, Configuration Request sent: waits for the configurator's
/// Configuration Response, answers a version 2 peer with a Configuration
/// Result and ends the session.
struct EnrolleeAwaitingResponseState: AwaitsPeerFrame {
    let session: AuthenticatedSession
    let dialogToken: UInt8
    let enrolleeNonce: [UInt8]

    static func start(session: AuthenticatedSession,
                      request: ConfigurationRequest) throws -> (state: Self, request: [UInt8]) {
        let dialogToken = try Random.bytes(1)[0]
        let enrolleeNonce = try Random.bytes(session.context.curve.nonceLength)
        let frame = try ConfigurationFrames.request(dialogToken: dialogToken, enrolleeNonce: enrolleeNonce,
                                                    request: request, ke: session.ke)
        return (Self(session: session, dialogToken: dialogToken, enrolleeNonce: enrolleeNonce), frame)
    }

    var awaitedFrame: ActionFrame.Kind { .gasInitialResponse }

    func receive(_ frame: ActionFrame) throws -> Transition<DPPSession.State>? {
        guard case .gasInitialResponse(let response) = frame else { return nil }
        guard response.dialogToken == dialogToken else { throw EasyConnectError.violation(.dialogTokenMismatch) }
        let (status, wrapped) = try ConfigurationFrames.openResponse(response, ke: session.ke)
        try requireEqual(try wrapped.required(.enrolleeNonce, length: enrolleeNonce.count), enrolleeNonce,
                         else: .nonceMismatch)
        guard status == .ok else { throw SessionEnded(failure: .peerReported(status)) }

        // The first object we can use; the others may be for roles or
        // technologies we do not provision.
        var configuration: ConfigurationObject?
        var refusal: EasyConnectError = .malformedFrame(.missingAttribute(.configurationObject))
        for object in wrapped.values(.configurationObject) where configuration == nil {
            do {
                configuration = try ConfigurationObject(parsing: object)
            } catch let error as EasyConnectError {
                refusal = error
            }
        }
        guard let configuration else {
            throw SessionEnded(failure: .refused(.configurationRejected, refusal),
                               farewell: try result(.configurationRejected))
        }
        return Transition(next: .finished, frames: try result(.ok).map { [$0] } ?? [],
                          events: [.configurationReceived(configuration)])
    }

    /// The Configuration Result, for a peer that expects one.
    private func result(_ status: DPPStatus) throws -> [UInt8]? {
        guard session.usesConfigurationResult else { return nil }
        return try ConfigurationFrames.result(status: status, enrolleeNonce: enrolleeNonce, ke: session.ke)
    }
}
