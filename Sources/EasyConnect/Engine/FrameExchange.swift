/// An engine session as a transport drives it: frames and timer expiries
/// in, `DPPOutput` out.  `DPPSession` and `PKEXSession` are both one.
public protocol FrameExchange {
    var isFinished: Bool { get }
    mutating func receive(_ actionFrame: [UInt8]) -> DPPOutput
    mutating func timeoutExpired() -> DPPOutput
}

extension DPPSession: FrameExchange {}
extension PKEXSession: FrameExchange {}
