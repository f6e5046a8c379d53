import EasyConnect
import EasyConnectTCP

/// Why switchboard-dpp stopped, one case per documented exit code.
public enum ToolError: Error, Equatable, CustomStringConvertible {
    /// 1: the exchange failed: a refused or forged frame, a non-OK status
    /// from the peer, the peer hanging up mid-exchange.
    case exchangeFailed(String)
    /// 2: the command line (or a key file) does not say something we can do.
    case usage(String)
    /// 3: files, sockets, addresses.
    case io(String)
    /// 4: the peer did not answer in time.
    case timedOut(String)

    public var exitCode: Int32 {
        switch self {
        case .exchangeFailed: return 1
        case .usage: return 2
        case .io: return 3
        case .timedOut: return 4
        }
    }

    public var description: String {
        switch self {
        case .exchangeFailed(let text), .usage(let text), .io(let text), .timedOut(let text): return text
        }
    }

    init(_ error: TCPTransportError) {
        switch error {
        case .timedOut: self = .timedOut(error.description)
        case .peerClosed, .malformedStream: self = .exchangeFailed(error.description)
        case .invalidEndpoint: self = .usage(error.description)
        case .resolutionFailed, .connectFailed, .listenFailed, .connectionLost: self = .io(error.description)
        }
    }

    init(_ failure: DPPFailure) {
        switch failure {
        case .peerReported(let status): self = .exchangeFailed("the peer reported status \(status)")
        case .refused(let status, let error): self = .exchangeFailed("refused the peer's frame (\(status)): \(error)")
        case .timedOut: self = .timedOut("timed out waiting for the peer's next frame")
        case .local(let error): self = .exchangeFailed("local failure: \(error)")
        }
    }
}
