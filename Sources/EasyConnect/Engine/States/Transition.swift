/// What a state makes of a frame it accepts: the state that follows, the
/// frames to send and the events to report.
struct Transition<Next> {
    var next: Next
    var frames: [[UInt8]] = []
    var events: [DPPEvent] = []
}

/// Thrown by a state to end the session, optionally with a last frame that
/// tells the peer why (a refusing Response, a failed Confirm, a rejecting
/// Configuration Result).
struct SessionEnded: Error {
    let failure: DPPFailure
    var farewell: [UInt8]?
}

/// A state that waits for one kind of frame of the peer.  The session hands
/// `receive` only frames of `awaitedFrame`'s kind (every other frame is
/// ignored unparsed); `receive` returns nil for one this state still does
/// not take (PKEX: another code's identifier), ignored too, and throws when
/// the frame is unacceptable.
protocol AwaitsPeerFrame<Next> {
    associatedtype Next
    var awaitedFrame: ActionFrame.Kind { get }
    func receive(_ frame: ActionFrame) throws -> Transition<Next>?
}

/// The failure an error thrown by a state stands for, and the frame (if
/// any) that tells the peer; `status` names refusals of a plain error.
func endOfSession(_ error: any Error, status: (EasyConnectError) -> DPPStatus) -> (DPPFailure, [[UInt8]]) {
    switch error {
    case let ended as SessionEnded:
        return (ended.failure, ended.farewell.map { [$0] } ?? [])
    case let error as EasyConnectError:
        return (.refused(status(error), error), [])
    default:
        return (.local(.cryptoFailure(String(describing: error))), [])
    }
}

extension EasyConnectError {
    static func violation(_ problem: ProtocolProblem) -> EasyConnectError { .protocolViolation(problem) }
}

/// The peer's protocol version: 1 when it sends none; 0 is not a version.
func peerProtocolVersion(_ attributes: AttributeList) throws -> UInt8 {
    guard let version = try attributes.optional(.protocolVersion, length: 1)?[0] else { return 1 }
    guard version >= 1 else { throw EasyConnectError.violation(.invalidProtocolVersion) }
    return version
}

/// Constant-time check of a hash, nonce or tag the peer echoes.
func requireEqual(_ received: [UInt8], _ expected: some ContiguousOctets,
                  else problem: EasyConnectError.ProtocolProblem) throws {
    guard ConstantTime.equals(received, expected) else { throw EasyConnectError.violation(problem) }
}
