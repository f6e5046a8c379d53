import EasyConnect
import PluginKit

/// Runs one engine session (DPP or PKEX) on the host loop: feeds it frames,
/// carries out its outputs (frames to `send`, its one timer as a host
/// timer) and reports its events.  Transport-neutral: the owner decides
/// where frames come from and go to (TCP, or the air).
public final class ExchangeDriver<Session: FrameExchange> {
    private var session: Session
    private let send: ([UInt8]) -> Void
    private let report: (DPPEvent) -> Void
    private var timer: HostTimer?

    /// `send` gets each frame to transmit; `report` each event, after the
    /// frames of the same output went out (a final event may end the
    /// transport, and an enrollee's Configuration Result must leave first).
    public init(host: HostAPI, session: Session, send: @escaping ([UInt8]) -> Void,
                report: @escaping (DPPEvent) -> Void) {
        self.session = session
        self.send = send
        self.report = report
        timer = HostTimer(host: host) { [weak self] in
            guard let self else { return }
            self.apply(self.session.timeoutExpired())
        }
    }

    public var isFinished: Bool { session.isFinished }

    /// The output that started the session (an initiator's first frame).
    public func start(with output: DPPOutput) {
        apply(output)
    }

    /// Feeds a peer's frame; true when the session took it (it answered,
    /// reported or moved its timer), false when it ignored it.
    @discardableResult
    public func receive(_ frame: [UInt8]) -> Bool {
        guard !session.isFinished else { return false }
        let output = session.receive(frame)
        apply(output)
        return !output.frames.isEmpty || !output.events.isEmpty || output.timeout != .unchanged
    }

    /// Changes the session between frames (e.g. tells a PKEX initiator who answered).
    public func update(_ change: (inout Session) -> Void) {
        change(&session)
    }

    /// Stops the timer; the session is dropped with the driver.
    public func cancel() {
        timer?.cancel()
    }

    private func apply(_ output: DPPOutput) {
        switch output.timeout {
        case .unchanged: break
        case .cancel: timer?.cancel()
        case .arm(let duration): timer?.arm(milliseconds: duration.milliseconds)
        }
        for frame in output.frames { send(frame) }
        for event in output.events { report(event) }
    }
}
