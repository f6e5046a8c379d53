import DBus
import Glibc

/// Names of ConnMan's D-Bus API (`net.connman`), shared by its face's objects.
enum ConnMan {
    static let busName = "net.connman"
    static let manager = "net.connman.Manager"
    static let service = "net.connman.Service"
    static let technology = "net.connman.Technology"
    static let managerPath = ObjectPath("/")!

    static func servicePath(_ identifier: String) -> ObjectPath {
        // Identifiers are [A-Za-z0-9_] (checked by the registry), valid path elements.
        ObjectPath("/net/connman/service/" + identifier)!
    }

    static func technologyPath(_ bearer: String) -> ObjectPath {
        ObjectPath("/net/connman/technology/" + bearer)!
    }

    static func error(_ name: String, _ message: String) -> DBusError {
        DBusError(name: "net.connman.Error." + name, message: message)
    }

    /// The ConnMan error for a failed plugin operation.
    static func error(for failure: PluginHost.OperationError) -> DBusError {
        failure.dbusError(prefix: "net.connman.Error.", names: [
            EALREADY: "AlreadyConnected", EISCONN: "AlreadyConnected", EINPROGRESS: "InProgress", EOPNOTSUPP: "NotSupported",
            ETIMEDOUT: "OperationTimeout", ENOTCONN: "NotConnected", ECANCELED: "OperationAborted", EINVAL: "InvalidArguments",
            ENOKEY: "PassphraseRequired", EPERM: "PermissionDenied", EACCES: "PermissionDenied",
        ])
    }
}
