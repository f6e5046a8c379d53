import Foundation

/// An external client (python3-dbus, dbus-send) run without blocking the main queue:
/// all waiting happens on global queues.
final class ExternalProcess: @unchecked Sendable {
    struct Output: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    private let process = Process()
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()
    private let lock = NSLock()
    private var stdoutData = Data()
    private var lineWaiters: [@Sendable (String?) -> Void] = []
    private var finished = false

    init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let handle = stdoutPipe.fileHandleForReading
        DispatchQueue.global().async { [self] in
            while true {
                let chunk = handle.availableData
                lock.lock()
                if chunk.isEmpty { finished = true } else { stdoutData.append(chunk) }
                let waiters = lineWaiters
                lineWaiters.removeAll()
                lock.unlock()
                for waiter in waiters { deliverLine(to: waiter) }
                if chunk.isEmpty { break }
            }
        }
    }

    static func python(_ script: String, _ arguments: [String]) throws -> ExternalProcess {
        try ExternalProcess("/usr/bin/python3", ["-c", script] + arguments)
    }

    /// Runs to completion and returns its output.
    static func run(_ executable: String, _ arguments: [String], timeout: Double = 20) async throws -> Output {
        let process = try ExternalProcess(executable, arguments)
        return try await process.wait(timeout: timeout)
    }

    static func runPython(_ script: String, _ arguments: [String], timeout: Double = 20) async throws -> Output {
        try await run("/usr/bin/python3", ["-c", script] + arguments, timeout: timeout)
    }

    private func deliverLine(to waiter: @escaping @Sendable (String?) -> Void) {
        lock.lock()
        let text = String(decoding: stdoutData, as: UTF8.self)
        let done = finished
        if let newline = text.firstIndex(of: "\n") {
            lock.unlock()
            waiter(String(text[..<newline]))
        } else if done {
            lock.unlock()
            waiter(nil)
        } else {
            lineWaiters.append(waiter)
            lock.unlock()
        }
    }

    /// The first line the process prints (e.g. "ready" or its unique name).
    @MainActor
    func firstLine(timeout: Double = 10) async throws -> String {
        let line: String? = try await waitFor("first output line", timeout: timeout) { done in
            self.deliverLine { done($0 ?? "") }
        }
        guard let line, !line.isEmpty else { throw TestFailure("process printed nothing: \(stderrText())") }
        return line
    }

    func stderrText() -> String {
        String(decoding: stderrPipe.fileHandleForReading.availableData, as: UTF8.self)
    }

    func terminate() {
        if process.isRunning { process.terminate() }
    }

    @MainActor
    func wait(timeout: Double = 20) async throws -> Output {
        try await waitFor("external process to exit", timeout: timeout) { done in
            DispatchQueue.global().async { [self] in
                let errors = stderrPipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                while true {
                    lock.lock()
                    let isDone = finished
                    let out = String(decoding: stdoutData, as: UTF8.self)
                    lock.unlock()
                    if isDone {
                        done(Output(status: process.terminationStatus, stdout: out,
                                    stderr: String(decoding: errors, as: UTF8.self)))
                        return
                    }
                    usleep(1000)
                }
            }
        }
    }
}
