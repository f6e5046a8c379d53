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
        switch failure {
        case .notFound: return error("NotFound", "no such object")
        case .notSupported: return error("NotSupported", "the plugin does not support this operation")
        case .failed(let code):
            let text = String(cString: strerror(-code))
            switch -code {
            case EALREADY, EISCONN: return error("AlreadyConnected", text)
            case EINPROGRESS: return error("InProgress", text)
            case EOPNOTSUPP: return error("NotSupported", text)
            case ETIMEDOUT: return error("OperationTimeout", text)
            case ENOTCONN: return error("NotConnected", text)
            case ECANCELED: return error("OperationAborted", text)
            case EINVAL: return error("InvalidArguments", text)
            case ENOKEY: return error("PassphraseRequired", text)
            case EPERM, EACCES: return error("PermissionDenied", text)
            default: return error("Failed", text)
            }
        }
    }
}
