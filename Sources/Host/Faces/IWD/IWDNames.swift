import DBus
import Glibc

/// Names of iwd's D-Bus API (`net.connman.iwd`), shared by its face's objects.
enum IWD {
    static let busName = "net.connman.iwd"
    static let adapter = "net.connman.iwd.Adapter"
    static let device = "net.connman.iwd.Device"
    static let station = "net.connman.iwd.Station"
    static let network = "net.connman.iwd.Network"
    static let knownNetwork = "net.connman.iwd.KnownNetwork"
    static let agentManager = "net.connman.iwd.AgentManager"
    static let daemon = "net.connman.iwd.Daemon"
    static let agent = "net.connman.iwd.Agent"
    static let deviceProvisioning = "net.connman.iwd.DeviceProvisioning"
    static let sharedCodeDeviceProvisioning = "net.connman.iwd.SharedCodeDeviceProvisioning"
    static let sharedCodeAgent = "net.connman.iwd.SharedCodeAgent"
    /// Every iwd object lives here or below; the ObjectManager at `/` lists this subtree.
    static let root = ObjectPath("/net/connman/iwd")!

    static func error(_ name: String, _ message: String) -> DBusError {
        DBusError(name: "net.connman.iwd." + name, message: message)
    }

    /// The iwd error for a failed plugin operation.
    static func error(for failure: PluginHost.OperationError) -> DBusError {
        failure.dbusError(prefix: "net.connman.iwd.", names: [
            ECANCELED: "Aborted", EBUSY: "Busy", EINPROGRESS: "InProgress", EALREADY: "InProgress", ETIMEDOUT: "Timeout",
            ENOKEY: "NoAgent", EOPNOTSUPP: "NotSupported", ENOTCONN: "NotConnected", EINVAL: "InvalidArguments",
        ])
    }

    /// iwd's network type for a service's Security ("open", "psk", "8021x", "wep").
    static func networkType(_ security: String) -> String {
        KnownNetworkFile.NetworkType(security: security)?.rawValue ?? (security == "wep" ? "wep" : security)
    }

    /// Signal strength in 100 * dBm, as GetOrderedNetworks reports it, from
    /// the model's 0-100 %: a linear map of 0..100 onto -100..-30 dBm (so 0 %
    /// is -10000 and 100 % is -3000).  A Wi-Fi plugin reporting strength as
    /// the inverse of this map makes the round trip exact to 0.7 dB.
    static func signal(strength: UInt8) -> Int16 {
        Int16(-10_000 + Int(min(strength, 100)) * 70)
    }

    /// iwd's Station.State from the states of a device's services.
    static func stationState(_ states: [ServiceState]) -> String {
        if states.contains(where: \.isConnected) { return "connected" }
        if states.contains(where: { $0 == .association || $0 == .configuration }) { return "connecting" }
        if states.contains(.disconnect) { return "disconnecting" }
        return "disconnected"
    }
}
