/// Which bus to connect to. `.address` takes any libdbus address string
/// (e.g. "unix:path=/run/dbus/system_bus_socket" or a private test bus).
public enum BusAddress: Sendable, Equatable {
    case system
    case session
    case address(String)
}
