import Glibc
import Logging

/// Per-interface kernel switches under /proc/sys.
enum Sysctl {
    /// One open, write and close: Foundation's file writing cost more than the
    /// kernel's work here, on every connect's way to an address.  Returns
    /// whether the switch is set.
    @discardableResult
    static func setIPv6(_ interface: String, _ key: String, _ value: Int, logger: Logger) -> Bool {
        let path = "/proc/sys/net/ipv6/conf/\(interface)/\(key)"
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return warn(logger, path, value) }
        defer { close(fd) }
        let text = Array("\(value)\n".utf8)
        guard write(fd, text, text.count) == text.count else { return warn(logger, path, value) }
        return true
    }

    /// The switch's value, nil when it cannot be read.
    static func ipv6(_ interface: String, _ key: String) -> Int? {
        let fd = open("/proc/sys/net/ipv6/conf/\(interface)/\(key)", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self).split(separator: "\n").first.flatMap { Int($0) }
    }

    private static func warn(_ logger: Logger, _ path: String, _ value: Int) -> Bool {
        logger.warning("cannot set \(path) to \(value): \(String(cString: strerror(errno)))")
        return false
    }
}
