import Foundation
import MainLoop
import XCTest

/// The loop as tests see it: not owning the main thread (XCTest drains the
/// main queue while a test awaits), so the epoll set is served from the main queue.
/// The daemon's `run()` mode is covered by every integration test.
/// Lets the main queue (and so the loop) run for a while.
private func spin(_ seconds: Double = 0.1) async throws {
    try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
}

final class MainLoopTests: XCTestCase {
    /// A pipe whose ends are closed when the test ends (an end set to -1 was closed by the test).
    private final class Pipe {
        let read: Int32
        var write: Int32
        init() {
            var fds: [Int32] = [0, 0]
            precondition(Glibc.pipe(&fds) == 0)
            (read, write) = (fds[0], fds[1])
        }
        deinit {
            close(read)
            if write >= 0 { close(write) }
        }
    }

    private func makePipe() -> Pipe { Pipe() }

    private func write(_ fd: Int32) {
        var byte: UInt8 = 1
        XCTAssertEqual(Glibc.write(fd, &byte, 1), 1)
    }

    private func drain(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64)
        _ = read(fd, &buffer, buffer.count)
    }


    @MainActor func testWatchesSharingAnFdEachSeeTheEventAndCanGoAwayFromInsideAHandler() async throws {
        let loop = MainLoop.shared
        let fds = makePipe()
        var first = 0, second = 0
        var firstID: MainLoop.WatchID?
        firstID = loop.addWatch(fd: fds.read, events: .readable) { events in
            XCTAssertTrue(events.contains(.readable))
            first += 1
            if let id = firstID { loop.removeWatch(id) }  // removes itself on the first event
        }
        let secondID = loop.addWatch(fd: fds.read, events: .readable) { [self] _ in
            second += 1
            drain(fds.read)
        }
        XCTAssertNotNil(firstID)
        XCTAssertNotNil(secondID)
        write(fds.write)
        try await spin()
        XCTAssertEqual(first, 1)
        XCTAssertEqual(second, 1)
        write(fds.write)
        try await spin()
        XCTAssertEqual(first, 1, "a removed watch is not called again")
        XCTAssertEqual(second, 2)
        loop.removeWatch(secondID!)
        write(fds.write)
        try await spin()
        XCTAssertEqual(second, 2)
        XCTAssertFalse(loop.isWatching(secondID!))
    }

    @MainActor func testAnEmptyInterestPausesAWatchUntilItIsWidenedAgain() async throws {
        let loop = MainLoop.shared
        let fds = makePipe()
        var calls = 0
        let id = loop.addWatch(fd: fds.read, events: .readable) { _ in calls += 1 }!
        loop.updateWatch(id, events: [])
        write(fds.write)
        try await spin()
        XCTAssertEqual(calls, 0, "a paused watch sees nothing, not even the level-triggered data")
        loop.updateWatch(id, events: .readable)
        try await spin(0.05)
        XCTAssertGreaterThan(calls, 0, "data that arrived while paused is seen once resumed")
        loop.removeWatch(id)
    }

    @MainActor func testWritableAndHangUp() async throws {
        let loop = MainLoop.shared
        let fds = makePipe()
        var seen: MainLoop.Events = []
        let writer = loop.addWatch(fd: fds.write, events: .writable) { events in seen.formUnion(events) }!
        try await spin(0.05)
        XCTAssertTrue(seen.contains(.writable))
        loop.removeWatch(writer)

        var readerSaw: MainLoop.Events = []
        let reader = loop.addWatch(fd: fds.read, events: .readable) { events in
            readerSaw.formUnion(events)
        }!
        close(fds.write)
        fds.write = -1
        try await spin(0.05)
        XCTAssertTrue(readerSaw.contains(.hangup), "closing the other end is reported: \(readerSaw)")
        loop.removeWatch(reader)
    }

    @MainActor func testUnwatchableFdsAreRefused() async throws {
        let loop = MainLoop.shared
        XCTAssertNil(loop.addWatch(fd: -1, events: .readable) { _ in })
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mainloop-\(getpid())")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let fd = open(file.path, O_RDONLY)
        defer { close(fd) }
        XCTAssertNil(loop.addWatch(fd: fd, events: .readable) { _ in }, "epoll cannot watch a regular file")
    }

    @MainActor func testSoonRunsInOrderAndWorkItQueuesWaitsForTheNextRound() async throws {
        let loop = MainLoop.shared
        var order: [String] = []
        loop.soon {
            order.append("a")
            loop.soon { order.append("c") }
        }
        loop.soon { order.append("b") }
        XCTAssertEqual(order, [], "soon never runs its work inline")
        try await spin(0.05)
        XCTAssertEqual(order, ["a", "b", "c"])
    }

    @MainActor func testIdleWorkWaitsForSoonWorkAndWhatItQueues() async throws {
        let loop = MainLoop.shared
        var order: [String] = []
        loop.whenIdle { order.append("idle") }
        loop.soon {
            order.append("a")
            loop.soon { order.append("b") }
        }
        XCTAssertEqual(order, [], "whenIdle never runs its work inline")
        try await spin(0.05)
        XCTAssertEqual(order, ["a", "b", "idle"])
    }

    @MainActor func testTimersFireInDeadlineOrderRepeatAndCanBeRemovedByAnEarlierOne() async throws {
        let loop = MainLoop.shared
        var fired: [String] = []
        let start = DispatchTime.now()
        _ = loop.addTimer(afterNanoseconds: 30_000_000) { fired.append("30 ms") }
        let doomed = TimerBox()
        _ = loop.addTimer(afterNanoseconds: 10_000_000) {
            fired.append("10 ms")
            loop.removeTimer(doomed.id)
        }
        doomed.id = loop.addTimer(afterNanoseconds: 20_000_000) { fired.append("20 ms") }
        var ticks = 0
        let repeating = TimerBox()
        repeating.id = loop.addTimer(afterNanoseconds: 5_000_000, intervalNanoseconds: 5_000_000) {
            ticks += 1
            if ticks == 3 { loop.removeTimer(repeating.id) }
        }
        try await spin(0.15)
        XCTAssertEqual(fired, ["10 ms", "30 ms"], "the 20 ms timer was removed by the 10 ms one")
        XCTAssertEqual(ticks, 3, "a repeating timer fires until removed, from its own handler too")
        XCTAssertGreaterThanOrEqual(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds, 30_000_000)
        loop.removeTimer(repeating.id)  // unknown ids are ignored
    }

    @MainActor func testOnlyTheLoopIsOnTheLoop() async throws {
        XCTAssertTrue(MainLoop.isOnLoop)
        let done = expectation(description: "background check")
        DispatchQueue.global().async {
            let onLoop = MainLoop.isOnLoop
            DispatchQueue.main.async {
                XCTAssertFalse(onLoop)
                done.fulfill()
            }
        }
        await fulfillment(of: [done], timeout: 5)
    }
}

/// A timer's id, set after the timers that refer to it were added.
@MainActor
private final class TimerBox {
    var id: MainLoop.TimerID = 0
}
