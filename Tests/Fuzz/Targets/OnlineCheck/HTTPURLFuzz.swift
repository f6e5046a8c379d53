import Glibc
import OnlineCheckWire

/// The `OnlineCheckURL` parser (configuration a user writes).  An accepted
/// URL has a port, a path from "/", a host that is an address of its family
/// or a lower-case name, and reads back as itself when written again from
/// its parts (the fragment dropped).
enum HTTPURLFuzz {
    static let target = FuzzTarget(name: "http-url", summary: "the online check's http:// URL parser", run: run)

    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        for candidate in [text, "http://" + text] {
            guard let url = HTTPURL(candidate) else { continue }
            require(url.port > 0 && url.path.hasPrefix("/") && !url.authority.isEmpty, "fields of \(candidate)")
            switch url.host {
            case .ipv4(let address): require(isAddressText(address, family: AF_INET), "IPv4 \(address)")
            case .ipv6(let address): require(isAddressText(address, family: AF_INET6), "IPv6 \(address)")
            case .name(let name): require(!name.isEmpty && name == name.lowercased() && name.utf8.count <= 253, "name \(name)")
            }
            require(HTTPURL("http://" + url.authority + url.path) == url, "\(candidate) does not read back")
        }
    }
}
