/// The daemon's configuration, read from `main.conf`.
///
/// `[General]` holds the host's own keys; every other section belongs to the
/// plugin of that name and is handed to it through `config_get`.
public struct MainConfig: Sendable {
    /// `[General]` keys the host understands, with their meaning (for --help
    /// and docs).  Anything else in `[General]` is warned about.
    public static let generalKeys: [String: String] = OnlineCheckSettings.keys.merging([
        "EnablePlugins": "comma-separated glob patterns of plugins to load (default: all)",
        "DisablePlugins": "comma-separated glob patterns of plugins not to load",
        "PluginDir": "directory to load plugins from",
        "StateDirectory": "where per-service settings (static IP configuration) and known Wi-Fi networks are kept",
        "AgentTimeout": "seconds a user's agent may take to answer a secret request (default 120)",
        "EnableIWDInterface": "serve iwd's D-Bus API (net.connman.iwd) beside ConnMan's (default true)",
        "ReleaseLeaseOnDisconnect": "give a DHCPv4 lease back (RELEASE) when a service disconnects (default false: keep it and confirm it at the next connect)",
    ]) { first, _ in first }

    public var enablePlugins: [String] = []
    public var disablePlugins: [String] = []
    public var pluginDirectory: String?
    public var stateDirectory: String?
    public var onlineCheck = OnlineCheckSettings()
    /// `AgentTimeout`: how long an agent may take to answer, in seconds (ConnMan's 120).
    public var agentTimeoutSeconds = 120
    /// `EnableIWDInterface`: serve `net.connman.iwd` too.
    public var iwdInterface = true
    /// `ReleaseLeaseOnDisconnect`: send DHCPRELEASE on a disconnect instead of
    /// keeping the lease for the next connect's INIT-REBOOT.
    public var releaseLeaseOnDisconnect = false
    /// Plugin sections by plugin name.
    public var pluginSections: [String: IniFile.Section] = [:]
    /// Where each value came from, for warnings that name file and line.
    public var file: String?
    public var warnings: [IniFile.Diagnostic] = []

    public init() {}

    /// Parses `text` (the contents of `file`).  Never throws: problems become
    /// warnings and the offending lines are ignored.
    public init(file: String, text: String) {
        let ini = IniFile(file: file, text: text)
        self.file = file
        warnings = ini.diagnostics
        for section in ini.sections {
            guard section.name == "General" else {
                pluginSections[section.name] = section
                continue
            }
            for entry in section.entries {
                switch entry.key {
                case "EnablePlugins": enablePlugins = Self.patternList(entry.value)
                case "DisablePlugins": disablePlugins = Self.patternList(entry.value)
                case "PluginDir":
                    if entry.value.isEmpty {
                        warnings.append(.init(file: file, line: entry.line, message: "PluginDir is empty; ignored"))
                    } else {
                        pluginDirectory = entry.value
                    }
                case "StateDirectory":
                    if entry.value.hasPrefix("/") {
                        stateDirectory = entry.value
                    } else {
                        warnings.append(.init(file: file, line: entry.line,
                                              message: "StateDirectory must be an absolute path; ignored"))
                    }
                case "AgentTimeout":
                    if let seconds = Int(entry.value), (1...3600).contains(seconds) {
                        agentTimeoutSeconds = seconds
                    } else {
                        warnings.append(.init(file: file, line: entry.line, message: "AgentTimeout must be 1 to 3600 seconds; ignored"))
                    }
                case "EnableIWDInterface":
                    iwdInterface = flag(entry, file: file) ?? iwdInterface
                case "ReleaseLeaseOnDisconnect":
                    releaseLeaseOnDisconnect = flag(entry, file: file) ?? releaseLeaseOnDisconnect
                default:
                    let (handled, warning) = onlineCheck.apply(key: entry.key, value: entry.value)
                    if let warning {
                        warnings.append(.init(file: file, line: entry.line, message: warning))
                    } else if !handled {
                        warnings.append(.init(file: file, line: entry.line,
                                              message: "unknown key '\(entry.key)' in [General]; ignored"))
                    }
                }
            }
        }
    }

    /// Reads `path`.  A missing file is not an error (every key has a default);
    /// an unreadable one is reported as a warning.
    public static func load(path: String) -> MainConfig {
        guard Files.exists(path) else { return MainConfig() }
        guard let bytes = Files.bytes(at: path) else {
            var config = MainConfig()
            config.warnings.append(.init(file: path, line: 0, message: "cannot read file; using defaults"))
            return config
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            var config = MainConfig()
            config.warnings.append(.init(file: path, line: 0, message: "not valid UTF-8; using defaults"))
            return config
        }
        return MainConfig(file: path, text: text)
    }

    /// A true/false key's value; nil (and a warning) for anything else.
    private mutating func flag(_ entry: IniFile.Entry, file: String) -> Bool? {
        if let flag = IniFile.boolean(entry.value) { return flag }
        warnings.append(.init(file: file, line: entry.line, message: "\(entry.key) must be true or false; ignored"))
        return nil
    }

    /// Splits "a, b,c" into patterns, dropping empty items.
    public static func patternList(_ value: String) -> [String] {
        value.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}
