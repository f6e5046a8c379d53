import DBus
import Glibc
import Logging

/// What the command line decided.
public struct DaemonOptions: Sendable {
    public var bus: BusAddress = .system
    public var configPath = "/etc/switchboard/main.conf"
    public var pluginDirectory: String?
    public var stateDirectory: String?
    public var enablePlugins: [String] = []
    public var disablePlugins: [String] = []
    public var executablePath = CommandLine.arguments.first ?? "switchboardd"

    public init() {}
}

/// The running daemon: wires configuration, the bus, the model, its D-Bus
/// faces and the plugins together, and takes them down in order.
@MainActor
public final class Daemon {
    public nonisolated static let version = "0.1.0"

    private let logger = Logger(label: "daemon")
    private let loop = EventLoop()
    private let registry = Registry()
    private let plugins: PluginHost
    private var connection: DBusConnection?
    private var signals: TerminationSignals?
    private var autoConnect: AutoConnect?
    private var agents: AgentRegistry?
    private var provisioning: ProvisioningCoordinator?
    private var faces: (daemon: DaemonFace, connman: ManagerFace, sessions: SessionFace, iwd: IWDFace?)?

    public init() {
        plugins = PluginHost(loop: loop, registry: registry)
    }

    /// Starts everything; returns false (after logging why) if the daemon
    /// cannot run at all, e.g. the bus is unreachable or a name is taken.
    public func start(_ options: DaemonOptions) -> Bool {
        // First, so a SIGTERM during start-up still shuts down in order.
        signals = TerminationSignals { [weak self] signo in
            self?.logger.notice("received signal \(signo); shutting down")
            self?.stop()
            exit(0)
        }
        let config = MainConfig.load(path: options.configPath)
        for warning in config.warnings { logger.warning("\(warning)") }

        let connection: DBusConnection
        do { connection = try DBusConnection(bus: options.bus) } catch {
            logger.critical("cannot connect to the bus \(options.bus): \(error.name): \(error.message)")
            return false
        }
        self.connection = connection
        // Signals and replies go out once the work at hand is done: a
        // connect's frames (handshake, DHCP) are not held up by the bus.
        connection.writesWhenIdle = true

        let stateDirectory = options.stateDirectory ?? config.stateDirectory ?? "/var/lib/switchboard"
        let ipConfig = IPConfigService(registry: registry, loop: loop, store: StaticIPStore(directory: stateDirectory),
                                       onlineCheck: config.onlineCheck,
                                       releaseLeaseOnDisconnect: config.releaseLeaseOnDisconnect)
        plugins.ipConfig = ipConfig
        let connector = ServiceConnector(registry: registry, plugins: plugins)
        autoConnect = AutoConnect(registry: registry, connector: connector)
        let known = KnownNetworks(registry: registry, store: KnownNetworkStore(directory: stateDirectory + "/wifi"))
        known.store.load()
        let agents = AgentRegistry(connection: connection)
        self.agents = agents
        plugins.secrets = SecretBroker(registry: registry, known: known, agents: agents, connector: connector,
                                       agentTimeoutMilliseconds: Int32(config.agentTimeoutSeconds * 1000))

        let daemonFace = DaemonFace(connection: connection, version: Self.version) { [plugins] in plugins.loaded }
        let coordinator = SessionCoordinator(registry: registry, plugins: plugins, connector: connector)
        let sessionFace = SessionFace(connection: connection, coordinator: coordinator)
        let managerFace = ManagerFace(connection: connection, registry: registry, plugins: plugins, sessions: sessionFace,
                                      ipConfig: ipConfig, connector: connector, agents: agents, known: known)
        let iwdFace = config.iwdInterface
            ? IWDFace(connection: connection, registry: registry, plugins: plugins, connector: connector, agents: agents,
                      known: known, version: Self.version)
            : nil
        faces = (daemonFace, managerFace, sessionFace, iwdFace)
        daemonFace.export()
        managerFace.export()
        iwdFace?.export()

        let directory = options.pluginDirectory ?? config.pluginDirectory
            ?? PluginDiscovery.defaultDirectory(executable: Self.resolvedExecutable(options.executablePath))
        let filter = PluginFilter(commandLineEnable: options.enablePlugins,
                                  commandLineDisable: options.disablePlugins, config: config)
        logger.info("loading plugins from \(directory)")
        let provisioning = ProvisioningCoordinator(registry: registry, plugins: plugins, known: known, connector: connector,
                                                   autoConnect: autoConnect)
        plugins.provisioning = provisioning
        self.provisioning = provisioning
        plugins.loadPlugins(from: directory, filter: filter, config: config)
        iwdFace?.attach(provisioning, agentTimeoutMilliseconds: Int32(config.agentTimeoutSeconds * 1000))
        daemonFace.refreshPlugins()

        // The names go last: a client that sees them finds the daemon complete
        // (net.switchboard, the one the tests wait for, last of all).
        var owned: [String] = []
        for name in [ConnMan.busName, IWD.busName, DaemonFace.busName] {
            if name == IWD.busName, iwdFace == nil { continue }
            do {
                try connection.requestName(name)
                owned.append(name)
            } catch where name == IWD.busName {
                logger.error("cannot own \(name) (is iwd running?): \(error.name): \(error.message); serving ConnMan's API only")
            } catch {
                logger.critical("cannot own the bus name \(name): \(error.name): \(error.message)")
                stop()
                return false
            }
        }
        logger.notice("switchboardd \(Self.version) running as \(connection.uniqueName) (\(owned.joined(separator: ", ")))")
        return true
    }

    /// Stops plugins (their exit runs), releases the bus names and closes the bus.
    public func stop() {
        signals?.cancel()
        faces?.sessions.releaseAll()
        provisioning?.stopAll()  // the shared-code agents get Cancel("shutdown") and Release
        plugins.unloadAll()  // withdraws pending secret requests (the agents get Cancel)
        agents?.releaseAll()
        if let connection {
            for name in [ConnMan.busName, IWD.busName, DaemonFace.busName] { connection.releaseName(name) }
            connection.flush()
            connection.close()
        }
        connection = nil
        logger.info("stopped")
    }

    /// The executable's real path (argv[0] may be relative or a symlink).
    static func resolvedExecutable(_ argv0: String) -> String {
        Files.linkTarget("/proc/self/exe") ?? argv0
    }
}
