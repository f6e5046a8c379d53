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

    /// The descriptor of a bearer plugin (what `switchboard_plugin_entry` returns).
    public static func bearerDescriptor(name: String, version: String, description: String,
                                        initialize: Init, exit: Exit,
                                        ops: UnsafePointer<sb_bearer_ops>) -> UnsafePointer<sb_plugin_descriptor> {
        var value = sb_plugin_descriptor()
        value.header = header(SB_MAGIC_PLUGIN_DESCRIPTOR, MemoryLayout<sb_plugin_descriptor>.size)
        value.name = UnsafePointer(strdup(name))
        value.version = UnsafePointer(strdup(version))
        value.description = UnsafePointer(strdup(description))
        value.kind = UInt32(SB_PLUGIN_KIND_BEARER.rawValue)
        value.plugin_init = initialize
        value.plugin_exit = exit
        value.bearer_ops = ops
        let descriptor = UnsafeMutablePointer<sb_plugin_descriptor>.allocate(capacity: 1)
        descriptor.initialize(to: value)
        return UnsafePointer(descriptor)
    }
}
