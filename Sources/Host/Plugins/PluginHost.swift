import Glibc
import Logging
import PluginABI

/// Loads plugins, keeps them running, and routes the model's operations
/// (enable a device, connect a service, ...) to the plugin that owns them.
@MainActor
public final class PluginHost {
    public struct LoadedPluginInfo: Sendable, Equatable {
        public let name: String
        public let file: String
        public let version: String
        public let summary: String
        public let kind: PluginKind
    }

    let loop: EventLoop
    let registry: Registry
    let requests: PendingRequests
    private let logger = Logger(label: "plugins")
    private(set) var instances: [PluginInstance] = []
    /// Opaque pointers the plugins attached to their devices and services.
    var deviceData: [Device.ID: UncheckedPointer] = [:]
    var serviceData: [Service.ID: UncheckedPointer] = [:]
    /// The IP configuration service (ABI 1.1); nil until the daemon sets it up.
    var ipConfig: IPConfigService?
    /// Secrets from the known-network store and the user's agents (ABI 1.2); nil until the daemon sets it up.
    var secrets: SecretBroker?
    /// Which provisioning plugin gets which received management frame (ABI 1.3).
    let frames = ManagementFrameRouter()
    /// The provisioning sessions (ABI 1.3); nil until the daemon sets it up.
    var provisioning: ProvisioningCoordinator?

    public init(loop: EventLoop, registry: Registry, requestTimeoutMilliseconds: UInt64 = 120_000) {
        self.loop = loop
        self.registry = registry
        self.requests = PendingRequests(loop: loop, timeoutMilliseconds: requestTimeoutMilliseconds)
        requests.onTimeout = { [logger] plugin, operation in
            logger.error("plugin \(plugin) did not complete \(operation) in time; failed it")
        }
        registry.observe { [weak self] event in
            switch event {
            case .deviceRemoved(let device):
                self?.deviceData[device.id] = nil
                self?.frames.forget(device: device.id)
            case .serviceRemoved(let service): self?.serviceData[service.id] = nil
            default: break
            }
        }
    }

    /// Plugins whose init succeeded, in init order.
    public var loaded: [LoadedPluginInfo] {
        instances.map { LoadedPluginInfo(name: $0.name, file: $0.file, version: $0.version,
                                         summary: $0.summary, kind: $0.kind) }
    }

    /// Loads every selected plugin of `directory`, initialises them in
    /// priority order, and logs (never throws) what was refused or failed.
    public func loadPlugins(from directory: String, filter: PluginFilter, config: MainConfig) {
        let candidates: [PluginDiscovery.Candidate]
        do { candidates = try PluginDiscovery.candidates(in: directory) } catch {
            logger.error("cannot read plugin directory \(directory): \(error)")
            return
        }
        var validated: [ValidatedPlugin] = []
        for candidate in candidates {
            guard filter.selects(candidate.name) else {
                logger.info("plugin \(candidate.name) not selected; skipped", metadata: ["file": "\(candidate.path)"])
                continue
            }
            do {
                let entry: UnsafeMutableRawPointer
                do { entry = try PluginLibrary.openEntry(path: candidate.path) } catch { throw ValidatedPlugin.Refusal.library(error) }
                validated.append(try ValidatedPlugin.validate(entry: entry, file: candidate.path, expectedName: candidate.name))
            } catch {
                logger.error("refused plugin \(candidate.path): \(error)")
            }
        }
        validated.sort { ($0.priority, $0.name) < ($1.priority, $1.name) }
        for plugin in validated {
            start(plugin, configSection: config.pluginSections[plugin.name])
        }
        let known = Set(candidates.map(\.name))
        for (section, details) in config.pluginSections where !known.contains(section) {
            logger.warning("\(config.file ?? "main.conf"):\(details.line): section [\(section)] names no plugin in \(directory); ignored")
        }
    }

    private func start(_ plugin: ValidatedPlugin, configSection: IniFile.Section?) {
        let instance = PluginInstance(validated: plugin, host: self, configSection: configSection)
        instances.append(instance)
        let result = instance.start()
        guard result == 0 else {
            logger.error("plugin \(plugin.name) failed to initialise (\(errnoName(result))); skipped",
                         metadata: ["file": "\(plugin.file)"])
            // Whatever it registered before failing goes too; no exit call, as the ABI promises.
            instance.stop(loop: loop)
            registry.removeAll(ownedBy: plugin.name)
            requests.cancelAll(of: plugin.name)
            secrets?.cancelAll(of: plugin.name, notify: false)
            instances.removeLast()
            retired.append(instance)
            return
        }
        logger.info("loaded plugin \(plugin.name) \(plugin.version) (\(plugin.kind.rawValue))",
                    metadata: ["file": "\(plugin.file)"])
    }

    /// Instances whose plugin failed or exited: kept alive because a plugin
    /// thread may still call log() or post() with their handle.
    private var retired: [PluginInstance] = []

    /// Calls every plugin's exit in reverse init order and drops what they registered.
    public func unloadAll() {
        for instance in instances.reversed() {
            logger.info("stopping plugin \(instance.name)")
            requests.cancelAll(of: instance.name)
            secrets?.cancelAll(of: instance.name, notify: true)
            instance.stop(loop: loop)
            registry.removeAll(ownedBy: instance.name)
        }
        retired.append(contentsOf: instances)
        instances.removeAll()
    }

    // MARK: routing operations to plugins

    public enum OperationError: Error, Equatable {
        case notFound, notSupported
        case failed(Int32)
    }

    public func connect(service id: Service.ID, completion: @escaping @MainActor (OperationError?) -> Void) {
        serviceOperation(id, "service_connect", \.service_connect, completion)
    }

    public func disconnect(service id: Service.ID, completion: @escaping @MainActor (OperationError?) -> Void) {
        serviceOperation(id, "service_disconnect", \.service_disconnect, completion)
    }

    public func setPowered(device id: Device.ID, _ powered: Bool, completion: @escaping @MainActor (OperationError?) -> Void) {
        deviceOperation(id, powered ? "device_enable" : "device_disable",
                        powered ? \.device_enable : \.device_disable, completion)
    }

    public func scan(device id: Device.ID, completion: @escaping @MainActor (OperationError?) -> Void) {
        deviceOperation(id, "scan", \.scan, completion)
    }

    typealias Op = @convention(c) (UnsafeMutableRawPointer?, UInt64, UnsafeMutableRawPointer?, sb_request_id) -> Int32

    func serviceOperation(_ id: Service.ID, _ name: String, _ op: KeyPath<sb_bearer_ops, Op?>,
                                  _ completion: @escaping @MainActor (OperationError?) -> Void) {
        guard let service = registry.services[id] else { return completion(.notFound) }
        run(plugin: service.plugin, object: id, data: serviceData[id], name, op, completion)
    }

    private func deviceOperation(_ id: Device.ID, _ name: String, _ op: KeyPath<sb_bearer_ops, Op?>,
                                 _ completion: @escaping @MainActor (OperationError?) -> Void) {
        guard let device = registry.devices[id] else { return completion(.notFound) }
        run(plugin: device.plugin, object: id, data: deviceData[id], name, op, completion)
    }

    func run(plugin name: String, object: UInt64, data: UncheckedPointer?, _ operation: String,
                     _ op: KeyPath<sb_bearer_ops, Op?>, _ completion: @escaping @MainActor (OperationError?) -> Void) {
        guard let plugin = instances.first(where: { $0.name == name }), let ops = plugin.bearerOps,
              let function = ops[keyPath: op] else { return completion(.notSupported) }
        logger.debug("\(operation) of \(object) routed to plugin \(name)")
        requests.run(plugin: name, operation: operation, completion: { error in
            completion(error == 0 ? nil : .failed(error))
        }, start: { request in
            function(plugin.context, object, data?.pointer, request)
        })
    }
}

/// "ENOENT (No such file or directory)" for a negative errno.
func errnoName(_ negativeErrno: Int32) -> String {
    "\(negativeErrno) (\(String(cString: strerror(-negativeErrno))))"
}
