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
    var host: HostAPI { get }
    /// The start op: the URI to hand back ("" when the method has none), or a refusal.
    func start(device: sb_device_id, _ args: sb_provisioning_args) -> Result<String, ProvisioningStartError>
    func stop(device: sb_device_id, reason: sb_provisioning_stop_reason)
    /// A management frame for us (802.11 header included).
    func frameReceived(device: sb_device_id, _ frame: [UInt8])
    /// plugin_exit: every session ends without a report.
    func stopAll()
}

private func plugin(_ context: UnsafeMutableRawPointer?) -> (any ProvisioningPlugin)? {
    context.flatMap { Unmanaged<AnyObject>.fromOpaque($0).takeUnretainedValue() as? any ProvisioningPlugin }
}

/// The C side of a `ProvisioningPlugin`: the plugin's init stores the
/// instance with `install`, and the ops and exit here find it again.
public enum ProvisioningEntryPoints {
    public static func install(_ plugin: some ProvisioningPlugin,
                               into context: UnsafeMutablePointer<UnsafeMutableRawPointer?>) {
        context.pointee = Unmanaged.passRetained(plugin as AnyObject).toOpaque()
    }

    public static let exit: PluginTables.Exit = { context in
        guard let context else { return }
        (Unmanaged<AnyObject>.fromOpaque(context).takeRetainedValue() as? any ProvisioningPlugin)?.stopAll()
    }

    /// The ops table serving `methods` (SB_PROVISIONING_* bits).
    public static func ops(methods: UInt32) -> UnsafePointer<sb_provisioning_ops> {
        PluginTables.provisioningOps(methods: methods) { table in
            table.start = { context, device, args, uri, size in
                guard let plugin = plugin(context), let args, let uri, size > 0 else { return -EINVAL }
                return completeStart(plugin.start(device: device, args.pointee), host: plugin.host, uri: uri, size: size)
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
