import Glibc

/// Which plugins to load, by name, with shell glob patterns
/// (as `connmand -p/--plugin` and `-P/--noplugin`).
///
/// A plugin is selected when it matches at least one enable pattern (or there
/// are none) and no disable pattern.  The command line's list replaces the
/// same list from `main.conf` rather than adding to it.
public struct PluginFilter: Sendable, Equatable {
    public var enable: [String]
    public var disable: [String]

    public init(enable: [String] = [], disable: [String] = []) {
        self.enable = enable
        self.disable = disable
    }

    /// Command-line lists win over `main.conf`'s, each list on its own.
    public init(commandLineEnable: [String], commandLineDisable: [String], config: MainConfig) {
        self.enable = commandLineEnable.isEmpty ? config.enablePlugins : commandLineEnable
        self.disable = commandLineDisable.isEmpty ? config.disablePlugins : commandLineDisable
    }

    public func selects(_ name: String) -> Bool {
        if !enable.isEmpty && !enable.contains(where: { Self.glob($0, matches: name) }) { return false }
        return !disable.contains(where: { Self.glob($0, matches: name) })
    }

    /// Shell-style matching (`*`, `?`, `[...]`) through fnmatch(3).
    public static func glob(_ pattern: String, matches name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}
