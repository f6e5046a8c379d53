import EasyConnect

/// The public face `DPPSession` and `PKEXSession` share, so one set of
/// checks drives both.
protocol FuzzedSession: Sendable {
    mutating func receive(_ actionFrame: [UInt8]) -> DPPOutput
    mutating func timeoutExpired() -> DPPOutput
    var isFinished: Bool { get }
}

extension DPPSession: FuzzedSession {}
extension PKEXSession: FuzzedSession {}

/// A session parked at one step of an exchange, and the frame that step
/// waits for.  Sessions are values: each input gets a fresh copy.
struct SessionFixture: Sendable {
    let name: String
    let session: any FuzzedSession
    let awaits: FrameHeader.FrameKind
    /// PKEX: the code, so failed attempts can be counted.
    var pkexCode: String?
}

/// What a fuzzed frame may do to a session.  Nobody who does not hold the
/// keys can make a session succeed, so any success event is a broken
/// invariant; besides that the `DPPSession.receive` contract: a frame for
/// another step, or one of a protocol or frame type the engine does not
/// speak, is ignored (no output, timer unchanged, session alive); a refusal
/// ends the session with one failure event, a cancelled timer and at most
/// one farewell frame; a finished session ignores everything.
enum SessionChecks {
    /// The output of the first delivery.
    @discardableResult
    static func check(_ fixture: SessionFixture, with frame: [UInt8]) -> DPPOutput {
        let name = fixture.name
        var session = fixture.session
        let output = session.receive(frame)
        checkOutput(output, session: session, wasFinished: false, name)
        let header = FrameHeader(frame)
        if header == .foreign || (header != .truncated && header != .ours(fixture.awaits)) {
            require(isEmpty(output) && !session.isFinished, "\(name): a frame it does not wait for is ignored")
        }
        if let code = fixture.pkexCode {
            var attempts = PKEXCodeAttempts()
            attempts.record(output, code: code)
            require(attempts.failureCount(code: code) <= 1, "\(name): one frame counts once against the code")
        }

        // The same frame again, as a retransmission.
        let wasFinished = session.isFinished
        checkOutput(session.receive(frame), session: session, wasFinished: wasFinished, name)
        if session.isFinished {
            require(isEmpty(session.timeoutExpired()), "\(name): a finished session ignores its timer")
        }
        return output
    }

    private static func checkOutput(_ output: DPPOutput, session: any FuzzedSession, wasFinished: Bool,
                                    _ name: String) {
        guard !wasFinished else {
            require(isEmpty(output) && output.timeout == .unchanged, "\(name): a finished session ignores frames")
            return
        }
        require(!output.events.contains(where: isSuccess), "\(name): a fuzzed frame never authenticates or completes")
        require(output.events.count <= 1, "\(name): one event at most")
        let failed = output.events.contains(where: isFailure)
        require(failed == session.isFinished, "\(name): the session ends exactly when it reports a failure")
        if failed {
            require(output.timeout == .cancel && output.frames.count <= 1,
                    "\(name): a failure cancels the timer and sends one farewell at most")
        } else if output.frames.isEmpty {
            require(output.events.isEmpty && output.timeout == .unchanged, "\(name): an ignored frame changes nothing")
        } else if case .arm = output.timeout {
        } else {
            require(false, "\(name): a step that answers waits for the peer again")
        }
        for sent in output.frames {
            require(FrameChecks.actionFrame(sent) != nil, "\(name): the frames it sends parse")
            FrameChecks.tcpRoundTrip(sent)
        }
    }

    /// Plays two sessions against each other in memory and returns each
    /// receiver as it was just before a frame reached it, with the kind of
    /// that frame: sessions parked at every step of a real exchange.
    static func parkedSessions<Session: FuzzedSession>(_ name: String, initiator: Session, firstOutput: DPPOutput,
                                                       responder: Session, pkexCode: String? = nil)
        -> [SessionFixture] {
        var sides = [initiator, responder]
        var queue = firstOutput.frames.map { (frame: $0, to: 1) }
        var parked: [SessionFixture] = []
        var succeeded = false
        while let (frame, to) = queue.first {
            queue.removeFirst()
            guard case .ours(let kind) = FrameHeader(frame) else { preconditionFailure("\(name): unreadable frame") }
            parked.append(SessionFixture(name: "\(name), step \(parked.count)", session: sides[to], awaits: kind,
                                         pkexCode: pkexCode))
            let output = sides[to].receive(frame)
            succeeded = succeeded || output.events.contains(where: isSuccess)
            queue += output.frames.map { (frame: $0, to: 1 - to) }
        }
        precondition(succeeded && sides.allSatisfy(\.isFinished), "\(name): the fixture exchange did not complete")
        return parked
    }

    private static func isEmpty(_ output: DPPOutput) -> Bool {
        output.frames.isEmpty && output.events.isEmpty
    }

    private static func isSuccess(_ event: DPPEvent) -> Bool {
        switch event {
        case .authenticated, .configurationSent, .configurationReceived, .bootstrappingKeyExchanged: return true
        case .failed: return false
        }
    }

    private static func isFailure(_ event: DPPEvent) -> Bool { !isSuccess(event) }
}
