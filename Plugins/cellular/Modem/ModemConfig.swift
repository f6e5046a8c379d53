/// One simulated modem's settings, read from the plugin's `[cellular]`
/// section of main.conf.  `ModemN.Key` overrides `Key` for modem N (1-based).
///
///     [cellular]
///     Modems=2                      # 0..16, default 1
///     Operator=Switchboard Mobile   # the service name
///     Strength=80                   # 0..100
///     ConnectLatencyMs=200          # association to ready, 0..60000
///     Online=yes                    # go online after ready (no: stay ready)
///     FailEvery=0                   # every Nth connect fails (0: never)
///     Tun=no                        # a TUN interface per modem carrying the address
///     Interface=cell                # TUN name prefix: cell0, cell1, ...
///     Address=192.0.2.10/24         # modem N gets .10+N-1 unless ModemN.Address is set
///     Gateway=192.0.2.1
///     Nameserver=192.0.2.53
///     Modem2.FailEvery=1            # e.g. the second modem always fails
struct ModemConfig: Equatable {
    struct IPv4: Equatable {
        var address: String
        var prefixLength: Int
        var gateway: String
        var nameserver: String

        var netmask: String {
            let mask: UInt32 = prefixLength == 0 ? 0 : ~UInt32(0) << (32 - UInt32(prefixLength))
            return (0..<4).map { String((mask >> (24 - 8 * UInt32($0))) & 0xff) }.joined(separator: ".")
        }
    }

    var index: Int
    var operatorName = "Switchboard Mobile"
    var strength: UInt8 = 80
    var connectLatencyMs: UInt64 = 200
    var online = true
    var failEvery = 0
    var tun = false
    var interface: String
    var ipv4: IPv4

    /// `lookup` returns the raw value of a key; `warn` reports a bad one (the
    /// default is then used).
    init(index: Int, lookup: (String) -> String?, warn: (String) -> Void) {
        self.index = index
        func value(_ key: String) -> String? { lookup("Modem\(index + 1).\(key)") ?? lookup(key) }
        func number<T: FixedWidthInteger>(_ key: String, _ range: ClosedRange<T>, _ fallback: T) -> T {
            guard let text = value(key) else { return fallback }
            guard let parsed = T(text), range.contains(parsed) else {
                warn("\(key)=\(text) is not a number in \(range.lowerBound)...\(range.upperBound); using \(fallback)")
                return fallback
            }
            return parsed
        }
        func flag(_ key: String, _ fallback: Bool) -> Bool {
            guard let text = value(key) else { return fallback }
            switch text.lowercased() {
            case "yes", "true", "1", "on": return true
            case "no", "false", "0", "off": return false
            default:
                warn("\(key)=\(text) is not yes or no; using \(fallback ? "yes" : "no")")
                return fallback
            }
        }
        if let name = value("Operator"), !name.isEmpty { operatorName = name }
        strength = number("Strength", 0...100, 80)
        connectLatencyMs = number("ConnectLatencyMs", 0...60_000, 200)
        online = flag("Online", true)
        failEvery = number("FailEvery", 0...1_000_000, 0)
        tun = flag("Tun", false)
        interface = (value("Interface") ?? "cell") + String(index)
        if interface.utf8.count > 15 {
            warn("Interface prefix makes '\(interface)', longer than 15 bytes; using cell\(index)")
            interface = "cell\(index)"
        }
        ipv4 = IPv4(address: "192.0.2.\(10 + index)", prefixLength: 24,
                    gateway: value("Gateway") ?? "192.0.2.1", nameserver: value("Nameserver") ?? "192.0.2.53")
        if let text = lookup("Modem\(index + 1).Address") ?? lookup("Address") {
            if let parsed = Self.parse(address: text, offset: lookup("Modem\(index + 1).Address") == nil ? index : 0) {
                ipv4.address = parsed.0
                ipv4.prefixLength = parsed.1
            } else {
                warn("Address=\(text) is not an IPv4 address/prefix; using \(ipv4.address)/24")
            }
        }
    }

    /// "a.b.c.d/p" with the last octet moved up by `offset` (so one Address
    /// line numbers every modem).
    static func parse(address text: String, offset: Int) -> (String, Int)? {
        let parts = text.split(separator: "/")
        guard parts.count <= 2 else { return nil }
        let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false).compactMap { Int($0) }
        guard octets.count == 4, octets.allSatisfy({ (0...255).contains($0) }), octets[3] + offset <= 254 else { return nil }
        let prefix = parts.count == 2 ? Int(parts[1]) : 24
        guard let prefix, (0...32).contains(prefix) else { return nil }
        return ("\(octets[0]).\(octets[1]).\(octets[2]).\(octets[3] + offset)", prefix)
    }
}
