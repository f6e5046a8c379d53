import Glibc

/// A socket call of the IP configuration's own sockets (DHCP, ARP, online
/// check) that failed: what was tried and the errno it gave.
struct SocketError: Error, CustomStringConvertible {
    let operation: String
    let code: Int32
    var description: String { "\(operation): \(String(cString: strerror(code)))" }
}
