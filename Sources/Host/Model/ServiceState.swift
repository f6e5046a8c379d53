/// A service's connection state, in ConnMan's vocabulary (the names are what
/// `net.connman.Service.State` reports).
public enum ServiceState: String, Sendable, CaseIterable {
    case idle, association, configuration, ready, online, failure, disconnect

    /// Connected at the IP level (ConnMan's "connected" states).
    public var isConnected: Bool { self == .ready || self == .online }
}
