// sbtest-probe-swift: a test-only bearer plugin in Swift.
//
// It shows that a SwiftPM-built Swift library is a plugin like any other:
// one exported C entry point returning a descriptor that lives for the
// process.  Its connect completes synchronously (returns 0).  Its main.conf
// section [sbtest-probe-swift] may set Greeting=..., echoed by plugin_init.
// The log lines are matched by the tests: keep them stable.
import Glibc
import PluginABI

/// The plugin's context: created by plugin_init, released by plugin_exit.
/// Only ever touched on the host loop, as the ABI's threading rule promises.
private final class Probe {
    let host: UnsafePointer<sb_host_api>
    var device: sb_device_id = 0
    var service: sb_service_id = 0

    init(host: UnsafePointer<sb_host_api>) {
        self.host = host
    }

    func log(_ level: sb_log_level, _ message: String) {
        host.pointee.log(host.pointee.host, level, message)
    }

    func setState(_ state: sb_service_state) -> Int32 {
        host.pointee.service_set_state(host.pointee.host, service, state)
    }

    /// Registers the device and its service; `data` comes back to the ops.
    func register(data: UnsafeMutableRawPointer) -> Int32 {
        let api = host.pointee
        var err = withCStrings(["probeswift", "probe-swift0"]) { strings in
            var info = sb_device_info()
            info.header = header(SB_MAGIC_DEVICE_INFO, sb_device_info.self)
            info.bearer = strings[0]
            info.name = strings[1]
            info.powered = 1
            info.plugin_data = data
            return api.device_add(api.host, &info, &device)
        }
        guard err == 0 else { return err }

        err = withCStrings(["probeswift", "Probe Swift", "probe_swift_service", "none"]) { strings in
            var info = sb_service_info()
            info.header = header(SB_MAGIC_SERVICE_INFO, sb_service_info.self)
            info.device = device
            info.bearer = strings[0]
            info.name = strings[1]
            info.identifier = strings[2]
            info.security = strings[3]
            info.plugin_data = data
            return api.service_add(api.host, &info, &service)
        }
        if err != 0 {
            // plugin_exit will not run after a failed init: clean up now.
            _ = api.device_remove(api.host, device)
        }
        return err
    }

    /// The context pointer the host hands back to every op.
    static func from(_ ctx: UnsafeMutableRawPointer?) -> Probe {
        Unmanaged<Probe>.fromOpaque(ctx!).takeUnretainedValue()
    }
}

private func header<T>(_ magic: UInt32, _ type: T.Type) -> sb_header {
    sb_header(magic: magic, abi_major: UInt16(SB_ABI_MAJOR), abi_minor: UInt16(SB_ABI_MINOR),
              struct_size: UInt32(MemoryLayout<T>.size), reserved: 0)
}

/// Runs `body` with C copies of `strings`, freed afterwards: the host copies
/// the strings of every record, so they need to outlive the call only.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>]) -> R) -> R {
    let copies = strings.map { strdup($0)! }
    defer { copies.forEach { free($0) } }
    return body(copies.map { UnsafePointer($0) })
}

/// A C string that is never freed, for the descriptor, which must stay valid
/// for the life of the process (the host never unloads a plugin).
private func immortal(_ string: String) -> UnsafePointer<CChar> {
    UnsafePointer(strdup(string)!)
}

private func probeInit(_ api: UnsafePointer<sb_host_api>?,
                       _ ctx: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Int32 {
    guard let api, let ctx else { return -EINVAL }
    let greeting = api.pointee.config_get(api.pointee.host, "Greeting").map { String(cString: $0) } ?? "none"
    let probe = Probe(host: api)
    probe.log(SB_LOG_INFO, "probe-swift init: greeting=\(greeting)")

    // The retained object is the context; plugin_exit releases it.
    let context = Unmanaged.passRetained(probe)
    let err = probe.register(data: context.toOpaque())
    guard err == 0 else {
        context.release()
        return err
    }
    ctx.pointee = context.toOpaque()
    return 0
}

private func probeExit(_ ctx: UnsafeMutableRawPointer?) {
    Probe.from(ctx).log(SB_LOG_INFO, "probe-swift exit")
    Unmanaged<Probe>.fromOpaque(ctx!).release()
}

private func probeConnect(_ ctx: UnsafeMutableRawPointer?) -> Int32 {
    let probe = Probe.from(ctx)
    // Synchronous: report every state, then return 0 (no complete() call).
    let err = probe.setState(SB_SERVICE_READY)
    guard err == 0 else { return err }
    return probe.setState(SB_SERVICE_ONLINE)
}

private func probeDisconnect(_ ctx: UnsafeMutableRawPointer?) -> Int32 {
    Probe.from(ctx).setState(SB_SERVICE_IDLE)
}

private func probePower(_ ctx: UnsafeMutableRawPointer?, _ device: sb_device_id, powered: Int32) -> Int32 {
    let host = Probe.from(ctx).host
    return host.pointee.device_set_powered(host.pointee.host, device, powered)
}

/// C data built once, never written again and never freed (the host never
/// unloads a plugin).  Being immutable is what makes sharing it safe.
private struct Frozen<T>: @unchecked Sendable {
    let pointer: UnsafePointer<T>

    init(_ value: T) {
        let storage = UnsafeMutablePointer<T>.allocate(capacity: 1)
        storage.initialize(to: value)
        pointer = UnsafePointer(storage)
    }
}

private let bearerOps: Frozen<sb_bearer_ops> = {
    var ops = sb_bearer_ops()
    ops.header = header(SB_MAGIC_BEARER_OPS, sb_bearer_ops.self)
    ops.device_enable = { ctx, device, _, _ in probePower(ctx, device, powered: 1) }
    ops.device_disable = { ctx, device, _, _ in probePower(ctx, device, powered: 0) }
    ops.scan = nil
    ops.service_connect = { ctx, _, _, _ in probeConnect(ctx) }
    ops.service_disconnect = { ctx, _, _, _ in probeDisconnect(ctx) }
    return Frozen(ops)
}()

/// Built on first use: Swift initialises globals once, thread-safely.
private let descriptor: Frozen<sb_plugin_descriptor> = {
    var descriptor = sb_plugin_descriptor()
    descriptor.header = header(SB_MAGIC_PLUGIN_DESCRIPTOR, sb_plugin_descriptor.self)
    descriptor.name = immortal("sbtest-probe-swift")
    descriptor.version = immortal("1.0.0")
    descriptor.description = immortal("Test bearer plugin in Swift with synchronous connect")
    descriptor.kind = UInt32(SB_PLUGIN_KIND_BEARER.rawValue)
    descriptor.priority = 0
    descriptor.plugin_init = { probeInit($0, $1) }
    descriptor.plugin_exit = { probeExit($0) }
    descriptor.bearer_ops = bearerOps.pointer
    descriptor.provisioning_ops = nil
    return Frozen(descriptor)
}()

/// The one symbol the host looks up.  It must be public so the linker
/// exports it from the shared library.
@_cdecl("switchboard_plugin_entry")
public func switchboardPluginEntry() -> UnsafePointer<sb_plugin_descriptor> {
    descriptor.pointer
}
