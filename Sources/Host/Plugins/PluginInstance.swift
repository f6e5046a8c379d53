import Glibc
import Logging
import PluginABI

/// One loaded plugin: its validated descriptor, its context, its host API
/// table, and everything it registered on the loop (removed at exit).
///
/// The `sb_host *` handed to the plugin is this object's address, so every
/// host API call finds its plugin without a lookup.
@MainActor
final class PluginInstance {
    nonisolated let name: String
    nonisolated let file: String
    nonisolated let logger: Logger
    let descriptor: sb_plugin_descriptor
    let bearerOps: sb_bearer_ops?
    /// ABI 1.3 operations of a provisioning plugin (zero-filled for an older one).
    let provisioningOps: sb_provisioning_ops?
    let kind: PluginKind
    let version: String
    let summary: String
    unowned let host: PluginHost

    var context: UnsafeMutableRawPointer?
    var initialized = false
    /// fd watches and timers the plugin still holds.
    var sources: Set<EventLoop.SourceID> = []
    /// Its main.conf section, and the C strings config_get handed out (kept
    /// until exit, as the ABI promises).
    let configSection: IniFile.Section?
    private var configStrings: [String: UnsafeMutablePointer<CChar>] = [:]
    private(set) var api: UnsafeMutablePointer<sb_host_api>?

    init(validated: ValidatedPlugin, host: PluginHost, configSection: IniFile.Section?) {
        self.name = validated.name
        self.file = validated.file
        self.descriptor = validated.descriptor
        self.bearerOps = validated.bearerOps
        self.provisioningOps = validated.provisioningOps
        self.kind = validated.kind
        self.version = validated.version
        self.summary = validated.summary
        self.host = host
        self.configSection = configSection
        self.logger = Logger(label: "plugin.\(validated.name)")
    }

    var handle: OpaquePointer {
        OpaquePointer(Unmanaged.passUnretained(self).toOpaque())
    }

    /// Finds the instance behind an `sb_host *`.  Valid while the plugin is
    /// loaded; the host keeps every instance alive until after plugin_exit.
    nonisolated static func from(_ handle: OpaquePointer?) -> PluginInstance? {
        guard let handle else { return nil }
        return Unmanaged<PluginInstance>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
    }

    /// Calls plugin_init with a fresh host API table.  Returns 0 or -errno.
    func start() -> Int32 {
        let table = UnsafeMutablePointer<sb_host_api>.allocate(capacity: 1)
        table.initialize(to: HostAPITable.make(for: handle))
        api = table
        guard let pluginInit = descriptor.plugin_init else { return -EINVAL }
        var ctx: UnsafeMutableRawPointer? = nil
        let result = pluginInit(table, &ctx)
        if result == 0 {
            context = ctx
            initialized = true
        }
        return result
    }

    /// Calls plugin_exit (if init succeeded) and drops the plugin's loop
    /// sources.  The table stays allocated: a plugin thread may still hold it,
    /// and plugins are never unloaded anyway.
    func stop(loop: EventLoop) {
        if initialized, let pluginExit = descriptor.plugin_exit {
            pluginExit(context)
        }
        initialized = false
        configStrings.values.forEach { free($0) }
        configStrings.removeAll()
        for source in sources {
            loop.removeWatch(source)
            loop.removeTimer(source)
        }
        sources.removeAll()
    }

    func configValue(_ key: String) -> UnsafePointer<CChar>? {
        if let cached = configStrings[key] { return UnsafePointer(cached) }
        guard let value = configSection?.value(key), let copy = strdup(value) else { return nil }
        configStrings[key] = copy
        return UnsafePointer(copy)
    }
}

/// What a plugin is for.
public enum PluginKind: String, Sendable {
    case bearer, provisioning
}
