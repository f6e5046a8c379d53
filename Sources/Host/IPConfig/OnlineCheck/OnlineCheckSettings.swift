import OnlineCheckWire

/// How the host decides that a ready service reaches the Internet
/// (`[General]` keys in main.conf, documented in README).
public struct OnlineCheckSettings: Sendable, Equatable {
    /// `EnableOnlineCheck`: off means ready services are never checked
    /// and never become online.
    public var enabled = true
    /// `OnlineCheckURL`: a plain `http://` URL.
    var url = HTTPURL("http://ipv4.connman.net/online/status.html")!
    /// `OnlineCheckStatus`: the status the endpoint answers when online.
    public var expectedStatus = 200
    /// `OnlineCheckHeader`: `Name: value` the answer must also carry, if set.
    var expectedHeader: HTTPHeader? = HTTPHeader(name: "X-ConnMan-Status", value: "online")
    /// One attempt's limit, from connect (or name lookup) to the response head.
    public var attemptTimeoutMilliseconds: UInt64 = 10_000
    /// Retries after a failure wait this long, doubling up to the maximum.
    public var firstRetryMilliseconds: UInt64 = 1_000
    public var maximumRetryMilliseconds: UInt64 = 300_000

    public init() {}


    /// Applies one `[General]` key; returns a warning for a bad value (the
    /// default stays), nil when applied.  Unknown keys are not ours: nil
    /// with `handled` false.
    mutating func apply(key: String, value: String) -> (handled: Bool, warning: String?) {
        switch key {
        case "EnableOnlineCheck":
            guard let flag = IniFile.boolean(value) else { return (true, "EnableOnlineCheck must be true or false; ignored") }
            enabled = flag
        case "OnlineCheckURL":
            guard let url = HTTPURL(value) else { return (true, "OnlineCheckURL must be an http:// URL; ignored") }
            self.url = url
        case "OnlineCheckStatus":
            guard let status = Int(value), (100...599).contains(status) else {
                return (true, "OnlineCheckStatus must be an HTTP status (100-599); ignored")
            }
            expectedStatus = status
        case "OnlineCheckHeader":
            if value.isEmpty {
                expectedHeader = nil
            } else if let colon = value.firstIndex(of: ":"), colon > value.startIndex {
                expectedHeader = HTTPHeader(name: String(value[..<colon]).trimmingWhitespace(),
                                            value: String(value[value.index(after: colon)...]).trimmingWhitespace())
            } else {
                return (true, "OnlineCheckHeader must be 'Name: value' (or empty for none); ignored")
            }
        case "OnlineCheckTimeout":
            guard let seconds = UInt64(value), (1...120).contains(seconds) else {
                return (true, "OnlineCheckTimeout must be 1-120 seconds; ignored")
            }
            attemptTimeoutMilliseconds = seconds * 1000
        case "OnlineCheckMaxInterval":
            guard let seconds = UInt64(value), (1...86_400).contains(seconds) else {
                return (true, "OnlineCheckMaxInterval must be 1-86400 seconds; ignored")
            }
            maximumRetryMilliseconds = seconds * 1000
        default:
            return (false, nil)
        }
        return (true, nil)
    }

    static let keys: [String: String] = [
        "EnableOnlineCheck": "check that ready services reach the Internet (true/false, default true)",
        "OnlineCheckURL": "http:// URL the check fetches through the service's link",
        "OnlineCheckStatus": "HTTP status the URL answers when online (default 200)",
        "OnlineCheckHeader": "'Name: value' header the answer must carry (default 'X-ConnMan-Status: online'; empty: none)",
        "OnlineCheckTimeout": "seconds one attempt may take (default 10)",
        "OnlineCheckMaxInterval": "longest wait between retries after failures, in seconds (default 300)",
    ]
}
