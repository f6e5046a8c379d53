/// The read-only settings of a session, as its Update reports them.
public struct SessionStatus: Sendable, Equatable {
    public enum State: String, Sendable {
        case disconnected, connected, online
    }

    public var state: State = .disconnected
    public var name = ""
    public var bearer = ""
    public var interface = ""
    public var ipv4: [String: String] = [:]
    public var ipv6: [String: String] = [:]

    public init() {}

    /// The status of a session of `type` attached to `service` (or to nothing).
    init(attachedTo service: ServiceSnapshot?, type: SessionConfig.ConnectionType) {
        guard let service else { return }
        switch (type, service.state) {
        case (.internet, .online), (.any, .online): state = .online
        case (.local, .ready), (.local, .online), (.any, .ready): state = .connected
        default: return  // not a service this session may use
        }
        name = service.name
        bearer = service.bearer
        interface = service.interface ?? ""
        ipv4 = service.ipv4
        ipv6 = service.ipv6
    }
}
