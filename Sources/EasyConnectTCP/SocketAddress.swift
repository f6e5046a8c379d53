import Glibc

/// A resolved socket address (IPv4 or IPv6) for one endpoint.
public struct SocketAddress {
    public let family: Int32
    let storage: sockaddr_storage
    let length: socklen_t

    /// Every address `endpoint` resolves to, in getaddrinfo's order.
    /// `passive`: an address to bind to.  `numericOnly`: refuse names (no
    /// DNS lookup, which would block an event loop).
    public static func resolve(_ endpoint: TCPEndpoint, passive: Bool = false,
                               numericOnly: Bool = false) throws -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0) | (numericOnly ? AI_NUMERICHOST : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &list)
        guard status == 0, let list else {
            throw TCPTransportError.resolutionFailed(host: endpoint.host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let info = entry?.pointee {
            if let address = info.ai_addr, info.ai_family == AF_INET || info.ai_family == AF_INET6 {
                var storage = sockaddr_storage()
                withUnsafeMutableBytes(of: &storage) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(info.ai_addrlen)))
                }
                addresses.append(SocketAddress(family: info.ai_family, storage: storage, length: info.ai_addrlen))
            }
            entry = info.ai_next
        }
        guard !addresses.isEmpty else {
            throw TCPTransportError.resolutionFailed(host: endpoint.host, reason: "no IPv4 or IPv6 address")
        }
        return addresses
    }

    public func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }
}

/// The text of an errno value, for error messages.
func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}
