import Dispatch
import XCTest
import EasyConnect
@testable import EasyConnectTCP

final class DPPTCPConnectionTests: XCTestCase {
    private let frame: [UInt8] = [0x04, 0x09, 0x50, 0x6f, 0x9a, 0x1a, 0x01, 0x0d, 0x01, 0x02]

    func testSentFramesDropTheCategoryBehindABigEndianLength() throws {
        let pair = SocketPair()
        try DPPTCPConnection(socket: pair.ours).send(frame, until: .now + .seconds(1))
        XCTAssertEqual(pair.readFromPeer(13), [0, 0, 0, 9] + frame.dropFirst())
    }

    func testAMessageArrivingOctetByOctetIsOneFrameWithItsCategoryBack() throws {
        let pair = SocketPair()
        let connection = DPPTCPConnection(socket: pair.ours)
        let message = try TCPFraming.encode(actionFrame: frame) + TCPFraming.encode(actionFrame: frame)
        for octet in message.prefix(12) {
            pair.writeFromPeer([octet])
            XCTAssertNil(try connection.receive(until: .now + .milliseconds(5)))
        }
        pair.writeFromPeer(Array(message.dropFirst(12)))
        XCTAssertEqual(try connection.receive(until: .now + .seconds(1)), frame)
        XCTAssertEqual(try connection.receive(until: .now + .seconds(1)), frame)
    }

    func testAnOversizedOrEmptyLengthIsAMalformedStream() {
        for (prefix, problem) in [([0x00, 0x01, 0x00, 0x01] as [UInt8], EasyConnectError.FrameProblem.messageTooLong(65537)),
                                  ([0, 0, 0, 0], .emptyMessage)] {
            let pair = SocketPair()
            pair.writeFromPeer(prefix)
            XCTAssertThrowsError(try DPPTCPConnection(socket: pair.ours).receive(until: .now + .seconds(1))) { error in
                XCTAssertEqual(error as? TCPTransportError, .malformedStream(.malformedFrame(problem)))
            }
        }
    }

    func testThePeerClosingMidMessageIsPeerClosed() {
        let pair = SocketPair()
        pair.writeFromPeer([0, 0, 0, 20, 0x09])
        pair.closePeer()
        XCTAssertThrowsError(try DPPTCPConnection(socket: pair.ours).receive(until: .now + .seconds(1))) { error in
            XCTAssertEqual(error as? TCPTransportError, .peerClosed)
        }
    }

    func testWritingToAClosedPeerIsAConnectionErrorNotASignal() {
        let pair = SocketPair()
        pair.closePeer()
        XCTAssertThrowsError(try DPPTCPConnection(socket: pair.ours).send(frame, until: .now + .seconds(1))) { error in
            guard case .connectionLost = error as? TCPTransportError else { return XCTFail("\(error)") }
        }
    }

    // MARK: - Driving sessions

    private func configuratorAndEnrollee(peerResponse: Duration = .seconds(10)) throws
        -> (initiator: DPPSession, first: DPPOutput, responder: DPPSession) {
        let responderKey = try ECKeyPair.generate(curve: .p256)
        let configuration = try ConfigurationObject(ssid: "tcp net", credential: .passphrase("over the wire"))
        let (initiator, first) = try DPPSession.initiator(
            peer: try BootstrappingURI(publicKey: responderKey.publicKey), role: .configurator(configuration),
            timeouts: DPPTimeouts(peerResponse: peerResponse))
        let responder = try DPPSession.responder(ownKey: responderKey,
                                                 role: .enrollee(try ConfigurationRequest(name: "tcp enrollee")))
        return (initiator, first, responder)
    }

    func testTwoSessionsCompleteDPPOverAConnection() throws {
        let pair = SocketPair()
        var (initiator, first, responder) = try configuratorAndEnrollee()
        let peerFD = pair.peer
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var responderResult: Result<DPPEvent, any Error>?
        DispatchQueue.global().async { [responder] in
            var session = responder
            let responderSide = DPPTCPConnection(socket: TCPSocket(fd: peerFD))
            responderResult = Result { try responderSide.run(&session, first: DPPOutput(), until: .now + .seconds(10)) }
            responderSide.close()
            finished.signal()
        }
        var seen: [DPPEvent] = []
        let final = try DPPTCPConnection(socket: pair.ours).run(&initiator, first: first, until: .now + .seconds(10)) {
            seen.append($0)
        }
        finished.wait()
        XCTAssertEqual(final, .configurationSent(to: try ConfigurationRequest(name: "tcp enrollee")))
        XCTAssertEqual(seen.first, .authenticated(mutual: false, peerVersion: 2))
        let expected = try ConfigurationObject(ssid: "tcp net", credential: .passphrase("over the wire"))
        XCTAssertEqual(try responderResult?.get(), .configurationReceived(expected))
    }

    func testTheSessionTimerEndsASilentExchangeWithTimedOut() throws {
        let pair = SocketPair()
        var (initiator, first, _) = try configuratorAndEnrollee(peerResponse: .milliseconds(50))
        let final = try DPPTCPConnection(socket: pair.ours).run(&initiator, first: first, until: .now + .seconds(5))
        XCTAssertEqual(final, .failed(.timedOut))
        XCTAssertTrue(initiator.isFinished)
    }

    func testTheOverallDeadlineEndsTheRunBeforeTheSessionTimer() throws {
        let pair = SocketPair()
        var (initiator, first, _) = try configuratorAndEnrollee(peerResponse: .seconds(10))
        let started = ContinuousClock.now
        XCTAssertThrowsError(try DPPTCPConnection(socket: pair.ours).run(&initiator, first: first,
                                                                         until: .now + .milliseconds(100))) { error in
            XCTAssertEqual(error as? TCPTransportError, .timedOut)
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(2))
    }

    func testAnObserverThatThrowsStopsBeforeTheOutputsFramesAreSent() throws {
        struct Refused: Error {}
        let pair = SocketPair()
        var (initiator, first, _) = try configuratorAndEnrollee()
        let failing = DPPOutput(frames: first.frames, events: [.authenticated(mutual: false, peerVersion: 2)])
        XCTAssertThrowsError(try DPPTCPConnection(socket: pair.ours).run(&initiator, first: failing,
                                                                         until: .now + .seconds(1)) { _ in
            throw Refused()
        })
        XCTAssertEqual(pair.readFromPeer(1, within: .milliseconds(100)), [])
    }
}
