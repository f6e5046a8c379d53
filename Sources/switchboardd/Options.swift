import ArgumentParser
import DBus
import Host

/// switchboardd's command line.
struct Options: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Bus to serve: 'system', 'session', or a D-Bus address such as unix:path=/run/test/bus.",
        valueName: "bus"))
    var bus = "system"

    @Option(name: [.short, .long], help: ArgumentHelp("Configuration file.", valueName: "file"))
    var config = "/etc/switchboard/main.conf"

    @Option(name: .customLong("plugin-dir"), help: ArgumentHelp(
        "Directory to load plugins from (default: main.conf's PluginDir, else PREFIX/lib/switchboard/plugins beside the executable, else the executable's directory).",
        valueName: "dir"))
    var pluginDirectory: String?

    @Option(name: .customLong("state-dir"), help: ArgumentHelp(
        "Directory for per-service settings such as static IP configuration (default: main.conf's StateDirectory, else /var/lib/switchboard).",
        valueName: "dir"))
    var stateDirectory: String?

    @Option(name: [.customShort("p"), .customLong("plugin")], help: ArgumentHelp(
        "Load only plugins matching these comma-separated glob patterns (repeatable; replaces main.conf's EnablePlugins).",
        valueName: "patterns"))
    var plugin: [String] = []

    @Option(name: [.customShort("P"), .customLong("noplugin")], help: ArgumentHelp(
        "Do not load plugins matching these comma-separated glob patterns (repeatable; replaces main.conf's DisablePlugins).",
        valueName: "patterns"))
    var noplugin: [String] = []

    @Flag(name: [.short, .long], help: "Log debug messages.")
    var debug = false

    func daemonOptions() -> DaemonOptions {
        var options = DaemonOptions()
        switch bus {
        case "system": options.bus = .system
        case "session": options.bus = .session
        default: options.bus = .address(bus)
        }
        options.configPath = config
        options.pluginDirectory = pluginDirectory
        options.stateDirectory = stateDirectory
        options.enablePlugins = plugin.flatMap(MainConfig.patternList)
        options.disablePlugins = noplugin.flatMap(MainConfig.patternList)
        return options
    }
}

struct Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboardd",
        abstract: "Switchboard connection manager daemon.",
        discussion: """
            Serves ConnMan's D-Bus API (net.connman) and Switchboard's own (net.switchboard) \
            and loads bearer and provisioning plugins. See docs/plugin-sdk.md for writing plugins.
            """,
        version: Daemon.version)

    @OptionGroup var options: Options
}
