import EasyConnect
import Glibc
import PluginKit
@testable import ProvisioningKit
import XCTest

/// A host whose radio and timers the test drives by hand: what AirLink asks
/// of the host is recorded, and nothing happens until the test says so (a
/// timer fires, a frame is acknowledged, the radio reaches a channel).
private final class FakeRadio {
    struct Sent {
        let frequency: UInt32
        let destination: MACAddress
        let body: [UInt8]
        let done: (Int32) -> Void
    }

    struct Timer {
        let milliseconds: UInt64
        let fire: () -> Void
    }

    var sent: [Sent] = []
    /// Remain-on-channel requests not yet answered: frequency and the answer.
    var listenRequests: [(frequency: UInt32, answer: (Int32) -> Void)] = []
    var cancelledListens = 0
    var timers: [sb_source_id: Timer] = [:]
    var warnings: [String] = []
    private var nextTimer: sb_source_id = 1
    let table = UnsafeMutablePointer<sb_host_api>.allocate(capacity: 1)

    static let us = try! MACAddress([0x02, 0, 0, 0, 0, 0x01])
    static let peer = try! MACAddress([0x02, 0, 0, 0, 0, 0x02])
    static let stranger = try! MACAddress([0x02, 0, 0, 0, 0, 0x03])

    init() {
        var api = sb_host_api()
        api.header = header(SB_MAGIC_HOST_API, MemoryLayout<sb_host_api>.size)
        api.host = OpaquePointer(Unmanaged.passUnretained(self).toOpaque())
        api.add_timer = { host, delay, _, callback, data in
            let radio = FakeRadio.of(host)
            defer { radio.nextTimer += 1 }
            radio.timers[radio.nextTimer] = Timer(milliseconds: delay) { callback?(data) }
            return radio.nextTimer
        }
        api.remove_timer = { host, id in FakeRadio.of(host).timers[id] = nil }
        api.device_frame_send = { host, _, frequency, _, frame, length, callback, data in
            let bytes = Array(UnsafeBufferPointer(start: frame, count: length))
            let (destination, _, body) = ManagementHeader.unwrap(bytes)!
            FakeRadio.of(host).sent.append(Sent(frequency: frequency, destination: destination, body: body) {
                callback?(data, $0)
            })
            return 0
        }
        api.device_remain_on_channel = { host, _, frequency, _, callback, data in
            FakeRadio.of(host).listenRequests.append((frequency, { callback?(data, $0) }))
            return 0
        }
        api.device_cancel_remain_on_channel = { host, _ in
            FakeRadio.of(host).cancelledListens += 1
            return 0
        }
        table.initialize(to: api)
    }

    deinit { table.deallocate() }

    private static func of(_ host: OpaquePointer?) -> FakeRadio {
        Unmanaged<FakeRadio>.fromOpaque(UnsafeRawPointer(host!)).takeUnretainedValue()
    }

    var host: HostAPI { HostAPI(table: table) }

    func link(frequency: UInt32 = 2437, operatingFrequency: UInt32 = 2437, searching: [UInt32] = []) -> AirLink {
        let link = AirLink(host: host, device: 5, ownAddress: Self.us, frequency: frequency,
                           operatingFrequency: operatingFrequency, searching: searching)
        link.log = { [unowned self] level, message in
            if level == SB_LOG_WARNING { warnings.append(message) }
        }
        return link
    }

    /// The armed timers' delays, shortest first.
    var armed: [UInt64] { timers.values.map(\.milliseconds).sorted() }

    /// Fires the one armed timer of `milliseconds`.
    func fire(_ milliseconds: UInt64) {
        let matching = timers.filter { $0.value.milliseconds == milliseconds }
        XCTAssertEqual(matching.count, 1, "one timer of \(milliseconds) ms is armed")
        guard let (id, timer) = matching.first else { return }
        timers[id] = nil  // one-shot, as the host's
        timer.fire()
    }

    /// Answers every frame sent so far that is not yet answered with `status`.
    func acknowledgeAll(_ status: Int32 = 0) {
        for frame in sent.suffix(from: answered) { frame.done(status) }
        answered = sent.count
    }

    private var answered = 0

    func answerListen(_ status: Int32 = 0) {
        let request = listenRequests.removeFirst()
        request.answer(status)
    }
}

/// The over-the-air half of DPP and PKEX: which frames go where, how often,
/// and which received ones reach the exchange.
final class AirLinkTests: XCTestCase {
    private let opening: [UInt8] = [0x04, 0x09, 0x50, 0x6f, 0x9a, 0x1a, 0x01, 0x0d]
    private let answer: [UInt8] = [0x04, 0x09, 0x50, 0x6f, 0x9a, 0x1a, 0x01, 0x0e]

    private func frame(_ body: [UInt8], from source: MACAddress, to destination: MACAddress = FakeRadio.us) -> [UInt8] {
        ManagementHeader.wrap(body, to: destination, from: source)
    }

    func testTheOpeningFrameRepeatsUntilAPeerAnswersThenFramesGoToThatPeer() {
        let radio = FakeRadio()
        let link = radio.link()
        XCTAssertTrue(radio.listenRequests.isEmpty, "on its operating channel the radio needs no listen window")
        link.send(opening)
        XCTAssertEqual(radio.sent.map(\.destination), [ManagementHeader.broadcast])
        XCTAssertEqual(radio.armed, [AirLink.repeatMilliseconds])
        radio.acknowledgeAll()
        radio.fire(AirLink.repeatMilliseconds)
        XCTAssertEqual(radio.sent.map(\.body), [opening, opening])

        var taken: [(MACAddress, [UInt8])] = []
        link.onFrame = { [unowned link] source, body in
            taken.append((source, body))
            link.reply(to: source) {
                link.send(self.answer)
                return true
            }
        }
        link.received(frame(answer, from: FakeRadio.peer))
        XCTAssertEqual(taken.map(\.0), [FakeRadio.peer])
        XCTAssertEqual(taken.map(\.1), [answer], "the exchange gets the body without the 802.11 header")
        XCTAssertEqual(radio.sent.last?.destination, FakeRadio.peer)
        XCTAssertEqual(link.peer, FakeRadio.peer)
        XCTAssertFalse(radio.armed.contains(AirLink.repeatMilliseconds), "the opening frame stops repeating")

        link.received(frame(answer, from: FakeRadio.stranger))
        link.received(frame(answer, from: FakeRadio.peer, to: FakeRadio.stranger))
        link.received([0x80, 0x00] + Array(repeating: 0, count: 30))  // a beacon, not an action frame
        XCTAssertEqual(taken.count, 1, "frames from others, for others, or of another type are dropped")

        link.send(opening)
        XCTAssertEqual(radio.sent.last?.destination, FakeRadio.peer)
        XCTAssertEqual(radio.sent.count, 4)
    }

    func testAnUnacknowledgedFrameIsSentFiveTimesInAll() {
        let radio = FakeRadio()
        let link = radio.link()
        link.send(opening)
        link.reply(to: FakeRadio.peer) { true }
        radio.acknowledgeAll()
        let before = radio.sent.count

        link.send(answer)
        for _ in 1..<5 {
            radio.acknowledgeAll(-EIO)
            radio.fire(AirLink.resendMilliseconds)
        }
        radio.acknowledgeAll(-EIO)
        XCTAssertEqual(radio.sent.count - before, 5)
        XCTAssertTrue(radio.sent.suffix(5).allSatisfy { $0.body == answer && $0.destination == FakeRadio.peer })
        XCTAssertTrue(radio.armed.isEmpty, "no sixth attempt")
        XCTAssertEqual(radio.warnings.count, 1)
        XCTAssertTrue(radio.warnings[0].contains("did not acknowledge"), radio.warnings[0])
    }

    func testANewFrameReplacesOneWaitingToBeSentAgain() {
        let radio = FakeRadio()
        let link = radio.link()
        link.send(opening)
        link.reply(to: FakeRadio.peer) { true }
        link.send(answer)
        radio.acknowledgeAll(-EIO)
        XCTAssertEqual(radio.armed, [AirLink.resendMilliseconds])
        link.send(opening)
        XCTAssertTrue(radio.armed.isEmpty, "the resend of the older frame is cancelled")
        radio.acknowledgeAll(0)
        XCTAssertEqual(radio.sent.map(\.body), [opening, answer, opening])
    }

    func testOffItsChannelTheRadioListensUntilClosed() {
        let radio = FakeRadio()
        let link = radio.link(frequency: 2437, operatingFrequency: 0)
        XCTAssertEqual(radio.listenRequests.map(\.frequency), [2437])
        radio.answerListen()
        // Renewed a little before the window ends, so the radio never leaves.
        XCTAssertEqual(radio.armed, [UInt64(AirLink.listenMilliseconds) - 50])
        radio.fire(UInt64(AirLink.listenMilliseconds) - 50)
        XCTAssertEqual(radio.listenRequests.map(\.frequency), [2437])
        radio.answerListen()

        link.send(opening)
        XCTAssertEqual(radio.sent.map(\.frequency), [2437], "a window just opened: the frame goes at once")
        link.close()
        XCTAssertEqual(radio.cancelledListens, 0, "the radio stays until the frame it holds is out")
        radio.acknowledgeAll()
        XCTAssertEqual(radio.cancelledListens, 1)
        XCTAssertTrue(radio.armed.isEmpty)
        link.send(answer)
        XCTAssertEqual(radio.sent.count, 1, "a closed link sends nothing")
    }

    func testSearchingTakesTheChannelsInTurnAndStaysWhereAPeerAnswers() {
        let radio = FakeRadio()
        let link = radio.link(frequency: 2437, operatingFrequency: 0, searching: [2412, 2437, 2462])
        XCTAssertEqual(link.frequency, 2412)
        radio.answerListen()
        link.send(opening)
        let stay = AirLink.sendsPerChannel
        for next: UInt32 in [2437, 2462, 2412] {
            for _ in 1..<stay {  // a late answer still finds us here
                radio.acknowledgeAll()
                radio.fire(AirLink.repeatMilliseconds)
                XCTAssertNotEqual(link.frequency, next)
            }
            radio.acknowledgeAll()
            let before = radio.sent.count
            radio.fire(AirLink.repeatMilliseconds)
            XCTAssertEqual(link.frequency, next)
            XCTAssertEqual(radio.sent.count, before, "the frame waits for the new channel's window")
            radio.answerListen()
            XCTAssertEqual(radio.sent.last?.frequency, next)
        }
        let each = { (frequency: UInt32) in Array(repeating: frequency, count: stay) }
        XCTAssertEqual(radio.sent.map(\.frequency), each(2412) + each(2437) + each(2462) + [2412])
        XCTAssertEqual(radio.sent.map(\.body), Array(repeating: opening, count: 3 * stay + 1), "one frame throughout")
        XCTAssertEqual(radio.cancelledListens, 3, "each move ends the old channel's window")

        link.reply(to: FakeRadio.peer) { true }
        XCTAssertFalse(radio.armed.contains(AirLink.repeatMilliseconds))
        XCTAssertEqual(link.frequency, 2412)
    }
}
