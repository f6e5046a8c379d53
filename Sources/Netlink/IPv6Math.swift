import Glibc

/// IPv6 prefix arithmetic the IP layer needs.
public enum IPv6Math {
    /// The network of `address` ("2001:db8::/64" for "2001:db8::5" and 64);
    /// nil for text that is no IPv6 address or a length outside 0...128.
    public static func network(_ address: String, prefixLength: Int) -> String? {
        guard (0...128).contains(prefixLength) else { return nil }
        var value = in6_addr()
        guard inet_pton(AF_INET6, address, &value) == 1 else { return nil }
        withUnsafeMutableBytes(of: &value) { bytes in
            for index in 0..<16 {
                let kept = min(max(prefixLength - index * 8, 0), 8)
                bytes[index] &= kept == 0 ? 0 : UInt8(truncatingIfNeeded: 0xff << (8 - kept))
            }
        }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard let formatted = inet_ntop(AF_INET6, &value, &text, socklen_t(text.count)) else { return nil }
        return "\(String(cString: formatted))/\(prefixLength)"
    }
}
