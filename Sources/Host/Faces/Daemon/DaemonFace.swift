import DBus
import Logging

/// Switchboard's own management view: the daemon's version, its log level
/// (writable, for debugging a running daemon) and the loaded plugins, each as
/// an object under an ObjectManager.  Bus name `net.switchboard`.
@MainActor
final class DaemonFace {
    static let busName = "net.switchboard"
    static let interface = "net.switchboard.Daemon"
    static let pluginInterface = "net.switchboard.Plugin"
    static let root = ObjectPath("/net/switchboard")!

    private let connection: DBusConnection
    private let version: String
    private let plugins: () -> [PluginHost.LoadedPluginInfo]
    private var daemonObject: DBusObject?

    init(connection: DBusConnection, version: String, plugins: @escaping () -> [PluginHost.LoadedPluginInfo]) {
        self.connection = connection
        self.version = version
        self.plugins = plugins
    }

    func export() {
        connection.addObjectManager(at: Self.root)
        let object = DBusObject(path: Self.root, interfaces: [daemonInterface()])
        connection.export(object)
        daemonObject = object
        refreshPlugins()
    }

    /// Re-exports one object per loaded plugin; call after loading.
    func refreshPlugins() {
        for info in plugins() {
            let path = Self.pluginPath(info.name)
            if connection.object(at: path) != nil { connection.unexport(path) }
            connection.export(DBusObject(path: path, interfaces: [pluginInterface(info)]))
        }
        daemonObject?.emitPropertiesChanged(interface: Self.interface, changed: ["Plugins"])
    }

    static func pluginPath(_ name: String) -> ObjectPath {
        // Plugin names are [a-z0-9_-]; '-' is not allowed in a path element.
        ObjectPath("/net/switchboard/plugin/" + String(name.map { $0 == "-" ? "_" : $0 }))!
    }

    private func daemonInterface() -> DBusInterface {
        DBusInterface(
            name: Self.interface, methods: [],
            properties: [
                DBusProperty(name: "Version", type: .string, get: { [version] in .string(version) }),
                DBusProperty(name: "LogLevel", type: .string,
                             get: { .string(LogLevelName.name(of: LogThreshold.shared.current)) },
                             set: { value, sender throws(DBusError) in
                                 guard case .string(let name) = value, let level = LogLevelName.level(named: name) else {
                                     throw DBusError.invalidArgs("LogLevel must be one of \(LogLevelName.names.joined(separator: ", "))")
                                 }
                                 LogThreshold.shared.current = level
                                 Logger(label: "daemon").notice("log level set to \(name) by \(sender)")
                             }),
                DBusProperty(name: "Plugins", type: .array(.string),
                             get: { [plugins] in .stringArray(plugins().map(\.name)) }),
            ],
            signals: [])
    }

    private func pluginInterface(_ info: PluginHost.LoadedPluginInfo) -> DBusInterface {
        DBusInterface(
            name: Self.pluginInterface, methods: [],
            properties: [
                DBusProperty(name: "Name", type: .string, get: { .string(info.name) }),
                DBusProperty(name: "Version", type: .string, get: { .string(info.version) }),
                DBusProperty(name: "Description", type: .string, get: { .string(info.summary) }),
                DBusProperty(name: "Kind", type: .string, get: { .string(info.kind.rawValue) }),
                DBusProperty(name: "File", type: .string, get: { .string(info.file) }),
            ],
            signals: [])
    }
}

/// The log level names the daemon accepts (`--debug`, `LogLevel`).
enum LogLevelName {
    static let names = ["error", "warning", "info", "debug"]

    static func level(named name: String) -> Logger.Level? {
        switch name {
        case "error": .error
        case "warning": .warning
        case "info": .info
        case "debug": .debug
        default: nil
        }
    }

    static func name(of level: Logger.Level) -> String {
        switch level {
        case .critical, .error: "error"
        case .warning: "warning"
        case .notice, .info: "info"
        case .debug, .trace: "debug"
        }
    }
}
