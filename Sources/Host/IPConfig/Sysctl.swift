import Foundation
import Logging

/// Per-interface kernel switches under /proc/sys.
enum Sysctl {
    static func setIPv6(_ interface: String, _ key: String, _ value: Int, logger: Logger) {
        let path = "/proc/sys/net/ipv6/conf/\(interface)/\(key)"
        do {
            try "\(value)\n".write(toFile: path, atomically: false, encoding: .utf8)
        } catch {
            logger.warning("cannot set \(path) to \(value): \(error.localizedDescription)")
        }
    }
}
