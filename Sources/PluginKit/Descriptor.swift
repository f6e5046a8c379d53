import Glibc
import PluginABI

/// The static tables a Swift plugin hands the host, built once and kept for
/// the life of the process (a plugin is never unloaded).
public enum PluginTables {
    public typealias Init = @convention(c) (UnsafePointer<sb_host_api>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32
    public typealias Exit = @convention(c) (UnsafeMutableRawPointer?) -> Void

    /// A bearer ops table: `fill` sets the operations the plugin offers.
    public static func bearerOps(_ fill: (inout sb_bearer_ops) -> Void) -> UnsafePointer<sb_bearer_ops> {
        var table = sb_bearer_ops()
        table.header = header(SB_MAGIC_BEARER_OPS, MemoryLayout<sb_bearer_ops>.size)
        fill(&table)
        let ops = UnsafeMutablePointer<sb_bearer_ops>.allocate(capacity: 1)
        ops.initialize(to: table)
        return UnsafePointer(ops)
    }

    /// A provisioning ops table (ABI 1.3) serving `methods` (SB_PROVISIONING_* bits).
    public static func provisioningOps(methods: UInt32,
                                       _ fill: (inout sb_provisioning_ops) -> Void) -> UnsafePointer<sb_provisioning_ops> {
        var table = sb_provisioning_ops()
        table.header = header(SB_MAGIC_PROVISIONING_OPS, MemoryLayout<sb_provisioning_ops>.size)
        table.methods = methods
        fill(&table)
        let ops = UnsafeMutablePointer<sb_provisioning_ops>.allocate(capacity: 1)
        ops.initialize(to: table)
        return UnsafePointer(ops)
    }

    /// The descriptor of a bearer plugin (what `switchboard_plugin_entry` returns).
    public static func bearerDescriptor(name: String, version: String, description: String,
                                        initialize: Init, exit: Exit,
                                        ops: UnsafePointer<sb_bearer_ops>) -> UnsafePointer<sb_plugin_descriptor> {
        descriptor(name: name, version: version, description: description, kind: SB_PLUGIN_KIND_BEARER,
                   initialize: initialize, exit: exit) { $0.bearer_ops = ops }
    }

    /// The descriptor of a provisioning plugin.
    public static func provisioningDescriptor(name: String, version: String, description: String,
                                              initialize: Init, exit: Exit,
                                              ops: UnsafePointer<sb_provisioning_ops>) -> UnsafePointer<sb_plugin_descriptor> {
        descriptor(name: name, version: version, description: description, kind: SB_PLUGIN_KIND_PROVISIONING,
                   initialize: initialize, exit: exit) { $0.provisioning_ops = ops }
    }

    private static func descriptor(name: String, version: String, description: String, kind: sb_plugin_kind,
                                   initialize: Init, exit: Exit,
                                   ops: (inout sb_plugin_descriptor) -> Void) -> UnsafePointer<sb_plugin_descriptor> {
        var value = sb_plugin_descriptor()
        value.header = header(SB_MAGIC_PLUGIN_DESCRIPTOR, MemoryLayout<sb_plugin_descriptor>.size)
        value.name = UnsafePointer(strdup(name))
        value.version = UnsafePointer(strdup(version))
        value.description = UnsafePointer(strdup(description))
        value.kind = UInt32(kind.rawValue)
        value.plugin_init = initialize
        value.plugin_exit = exit
        ops(&value)
        let descriptor = UnsafeMutablePointer<sb_plugin_descriptor>.allocate(capacity: 1)
        descriptor.initialize(to: value)
        return UnsafePointer(descriptor)
    }
}
