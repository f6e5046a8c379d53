import Glibc
import Logging
import Synchronization

/// The one log threshold of the daemon, changeable at run time (`--debug`,
/// the `LogLevel` property) and read from any thread.
public final class LogThreshold: Sendable {
    public static let shared = LogThreshold()
    private let level = Mutex(Logger.Level.info)

    public var current: Logger.Level {
        get { level.withLock { $0 } }
        set { level.withLock { $0 = newValue } }
    }
}

/// Writes `<level> <label>: <message> [metadata]` lines to standard error, one
/// write per line so lines from plugin threads never interleave.  journald adds
/// the time stamp when the daemon runs under systemd; with
/// `SWITCHBOARD_LOG_TIME=1` in its environment each line starts with the
/// CLOCK_MONOTONIC seconds instead, to time a sequence of events.
public struct ConsoleLogHandler: LogHandler {
    private static let timestamps = getenv("SWITCHBOARD_LOG_TIME").map { String(cString: $0) } == "1"

    public var metadata: Logger.Metadata = [:]
    private let label: String

    public init(label: String) {
        self.label = label
    }

    /// The threshold is shared, so a per-logger level would be ignored.
    public var logLevel: Logger.Level {
        get { LogThreshold.shared.current }
        set { LogThreshold.shared.current = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var line = Self.timestamps ? Self.monotonicSeconds() : ""
        line += "\(Self.name(of: event.level)) \(label): \(event.message)"
        if !merged.isEmpty {
            line += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        line += "\n"
        // One write(2) of the UTF-8 bytes: Foundation's FileHandle and Data
        // cost more than the line itself, and logging sits on the connect path.
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// "seconds.microseconds " of CLOCK_MONOTONIC, without Foundation's formatting.
    static func monotonicSeconds() -> String {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let micros = String(now.tv_nsec / 1000)
        return "\(now.tv_sec)." + String(repeating: "0", count: 6 - micros.utf8.count) + micros + " "
    }

    static func name(of level: Logger.Level) -> String {
        switch level {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        case .critical: "critical"
        }
    }

    /// Installs this handler for every Logger of the process.  Call once.
    public static func bootstrap() {
        LoggingSystem.bootstrap { ConsoleLogHandler(label: $0) }
    }
}
