import EasyConnect
import Glibc
import PluginKit

/// A start() refusal: -errno (what the host turns into iwd's D-Bus error)
/// and why, for the log.
public struct ProvisioningStartError: Error {
    public let code: Int32
    public let reason: String?

    public init(_ code: Int32, _ reason: String? = nil) {
        self.code = code
        self.reason = reason
    }
}

extension sb_provisioning_args {
    /// The device's MAC address, when the host gave a valid one.
    public var macAddress: MACAddress? {
        address.flatMap { MACAddress(compactHex: String(cString: $0).filter { $0 != ":" }) }
    }

    public var actionValue: sb_provisioning_action { sb_provisioning_action(rawValue: action) }

    /// Enrollees: where the device has seen networks, strongest first (ABI
    /// 1.4; an older host's args end before the field: none).
    public var seenFrequencies: [UInt32] {
        list(seen_frequencies, seen_frequency_count, through: \.seen_frequency_count)
    }

    /// Where the device may start a transmission, ascending (ABI 1.6; an
    /// older host's args end before the field, or the bearer said nothing: none).
    public var transmitFrequencies: [UInt32] {
        list(transmit_frequencies, transmit_frequency_count, through: \.transmit_frequency_count)
    }

    /// A frequency list of the args, when the host's struct reaches its count.
    private func list(_ start: UnsafePointer<UInt32>?, _ count: Int,
                      through field: KeyPath<sb_provisioning_args, Int>) -> [UInt32] {
        guard hasField(field, structSize: header.struct_size), let start else { return [] }
        return Array(UnsafeBufferPointer(start: start, count: count))
    }

    /// The host's args, copied no further than its struct_size (an older
    /// host's are shorter); the fields it does not have stay zero.
    static func copy(_ args: UnsafePointer<sb_provisioning_args>) -> sb_provisioning_args {
        var value = sb_provisioning_args()
        let header = UnsafeRawPointer(args).load(as: sb_header.self)  // the header alone: always there
        let size = min(Int(header.struct_size), MemoryLayout<sb_provisioning_args>.size)
        withUnsafeMutableBytes(of: &value) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: args, count: size))
        }
        return value
    }

    /// The session's DPP role: an enrollee for StartEnrollee, else a
    /// configurator handing out the network the host gave.
    public func role() throws -> DPPRole {
        if actionValue == SB_PROVISION_START_ENROLLEE {
            return .enrollee(try ConfigurationRequest(name: "switchboard"))
        }
        guard let network = HostAPI.NetworkConfig(network) else {
            throw ProvisioningStartError(-EINVAL, "no network to hand out")
        }
        return .configurator(try DPPRun.configuration(network))
    }
}

/// The start op's end: writes the URI into the host's buffer
/// (NUL-terminated, cut to fit) and returns 0, or logs the refusal and
/// returns its -errno.
public func completeStart(_ result: Result<String, ProvisioningStartError>, host: HostAPI,
                          uri: UnsafeMutablePointer<CChar>, size: Int) -> Int32 {
    switch result {
    case .success(let text):
        let bytes = Array(text.utf8.prefix(max(0, size - 1)))
        uri.withMemoryRebound(to: UInt8.self, capacity: size) { target in
            for (index, byte) in bytes.enumerated() { target[index] = byte }
            target[bytes.count] = 0
        }
        return 0
    case .failure(let error):
        if let reason = error.reason { host.log(SB_LOG_WARNING, "start refused: \(reason)") }
        return error.code
    }
}

/// Runs that ended, kept for a moment so that their last frame leaves
/// before their socket or radio listener closes.
public final class FinishedRuns {
    private var kept: [AnyObject] = []
    private lazy var timer = HostTimer(host: host) { [weak self] in self?.kept.removeAll() }
    private let host: HostAPI

    public init(host: HostAPI) {
        self.host = host
    }

    public func keep(_ run: AnyObject) {
        kept.append(run)
        timer.arm(milliseconds: 1000)
    }

    public func removeAll() {
        kept.removeAll()
        timer.cancel()
    }
}

/// What the C entry points of a provisioning plugin call (`ProvisioningEntryPoints`).
public protocol ProvisioningPlugin: AnyObject {
    associatedtype Run: ProvisioningRunning
    var host: HostAPI { get }
    /// The plugin's sessions: frames, stops and exit are routed there.
    var runs: ProvisioningRuns<Run> { get }
    /// The start op: the URI to hand back ("" when the method has none), or a refusal.
    func start(device: sb_device_id, _ args: sb_provisioning_args) -> Result<String, ProvisioningStartError>
}

extension ProvisioningPlugin {
    func frameReceived(device: sb_device_id, _ frame: [UInt8]) { runs.frameReceived(device: device, frame) }
    func stop(device: sb_device_id, reason: sb_provisioning_stop_reason) { runs.stop(device: device, reason: reason) }
    /// plugin_exit: every session ends without a report.
    func stopAll() { runs.stopAll() }
}

private func plugin(_ context: UnsafeMutableRawPointer?) -> (any ProvisioningPlugin)? {
    context.flatMap { Unmanaged<AnyObject>.fromOpaque($0).takeUnretainedValue() as? any ProvisioningPlugin }
}

/// The C side of a `ProvisioningPlugin`: the plugin's init stores the
/// instance with `install`, and the ops and exit here find it again.
public enum ProvisioningEntryPoints {
    /// plugin_init: makes the plugin and keeps it in `context` (-EINVAL when it refuses to start).
    public static func initialize(_ table: UnsafePointer<sb_host_api>?,
                                  _ context: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
                                  _ make: (HostAPI) throws -> some ProvisioningPlugin) -> Int32 {
        guard let table, let context, let plugin = try? make(HostAPI(table: table)) else { return -EINVAL }
        context.pointee = Unmanaged.passRetained(plugin as AnyObject).toOpaque()
        return 0
    }

    /// The plugin's descriptor, serving `methods` (SB_PROVISIONING_* bits).
    public static func descriptor(name: String, version: String, description: String, methods: sb_provisioning_method,
                                  initialize: PluginTables.Init) -> UnsafePointer<sb_plugin_descriptor> {
        PluginTables.provisioningDescriptor(name: name, version: version, description: description,
                                            initialize: initialize, exit: exit, ops: ops(methods: methods.rawValue))
    }

    public static let exit: PluginTables.Exit = { context in
        guard let context else { return }
        (Unmanaged<AnyObject>.fromOpaque(context).takeRetainedValue() as? any ProvisioningPlugin)?.stopAll()
    }

    static func ops(methods: UInt32) -> UnsafePointer<sb_provisioning_ops> {
        PluginTables.provisioningOps(methods: methods) { table in
            table.start = { context, device, args, uri, size in
                guard let plugin = plugin(context), let args, let uri, size > 0 else { return -EINVAL }
                return completeStart(plugin.start(device: device, sb_provisioning_args.copy(args)), host: plugin.host,
                                     uri: uri, size: size)
            }
            table.stop = { context, device, reason in
                plugin(context)?.stop(device: device, reason: reason)
            }
            table.frame_received = { context, device, _, frame, length in
                guard let plugin = plugin(context), let frame, length > 0 else { return }
                plugin.frameReceived(device: device, Array(UnsafeBufferPointer(start: frame, count: length)))
            }
        }
    }
}

/// One provisioning session as a plugin keeps it (a `DPPRun`, a shared-code run).
public protocol ProvisioningRunning: AnyObject {
    var device: sb_device_id { get }
    /// For log lines: "enrollee", "configurator", ...
    var name: String { get }
    /// A management frame the device received for us.
    func frameReceived(_ frame: [UInt8])
    /// The host stopped it: everything closes, nothing is reported.
    func stop()
}

/// A plugin's sessions, one per device: frames routed to them, the host's
/// stop, and the one report of their end.
public final class ProvisioningRuns<Run: ProvisioningRunning> {
    private let host: HostAPI
    private var runs: [sb_device_id: Run] = [:]
    /// Finished runs kept for a moment, so their last frame leaves before the socket closes.
    private lazy var lingering = FinishedRuns(host: host)

    public init(host: HostAPI) {
        self.host = host
    }

    public func isRunning(on device: sb_device_id) -> Bool { runs[device] != nil }

    public func add(_ run: Run) {
        runs[run.device] = run
    }

    public func frameReceived(device: sb_device_id, _ frame: [UInt8]) {
        runs[device]?.frameReceived(frame)
    }

    public func stop(device: sb_device_id, reason: sb_provisioning_stop_reason) {
        guard let run = runs.removeValue(forKey: device) else { return }
        host.log(SB_LOG_INFO, "\(run.name) stopped by the host (reason \(reason.rawValue))")
        run.stop()
    }

    public func stopAll() {
        for run in runs.values { run.stop() }
        runs.removeAll()
        lingering.removeAll()
    }

    /// `run` ended on its own: the host hears it once (error 0 with what an
    /// enrollee received, or -errno).
    public func finished(_ run: Run, error: Int32, network: HostAPI.NetworkConfig?) {
        guard runs[run.device] === run else { return }
        runs[run.device] = nil
        lingering.keep(run)
        host.provisioningFinished(run.device, error: error, network: network)
    }
}
