import Glibc
import PluginABI

/// The service half of the host API table (see HostAPITable.swift).
extension HostAPITable {
    static let serviceAdd: @convention(c) (OpaquePointer?, UnsafePointer<sb_service_info>?, UnsafeMutablePointer<sb_service_id>?) -> Int32 = {
        handle, info, out in
        onLoop(handle, "service_add", refused: -EPERM, (info, out)) { plugin, arguments in
            let (info, out) = arguments
            guard let info, let out else { return -EINVAL }
            return guarded(plugin, "service_add") {
                let record = try ABI.read(sb_service_info.self, at: info, magic: SB_MAGIC_SERVICE_INFO)
                guard let bearer = string(record.bearer), let name = string(record.name),
                      let identifier = string(record.identifier) else { throw Registry.Refusal.invalid("bearer, name and identifier are required") }
                let service = try plugin.host.registry.addService(
                    plugin: plugin.name, device: record.device == 0 ? nil : record.device, bearer: bearer,
                    name: name, identifier: identifier, security: string(record.security) ?? "none",
                    strength: record.strength)
                plugin.host.serviceData[service.id] = UncheckedPointer(record.plugin_data)
                if record.flags & UInt32(SB_SERVICE_FLAG_AUTOCONNECT.rawValue) != 0 {
                    try plugin.host.registry.setAutoConnect(service.id, true)
                }
                out.pointee = service.id
                return 0
            }
        }
    }

    static let serviceRemove: @convention(c) (OpaquePointer?, sb_service_id) -> Int32 = { handle, id in
        onLoop(handle, "service_remove", refused: -EPERM, (id)) { plugin, arguments in
            let (id) = arguments
            return guarded(plugin, "service_remove") {
                try plugin.host.registry.removeService(id, by: plugin.name)
                return 0
            }
        }
    }

    static let serviceSetState: @convention(c) (OpaquePointer?, sb_service_id, sb_service_state) -> Int32 = {
        handle, id, state in
        onLoop(handle, "service_set_state", refused: -EPERM, (id, state)) { plugin, arguments in
            let (id, state) = arguments
            return update(plugin, id, "service_set_state") { service in
                guard let state = ServiceState(abi: state) else { throw Registry.Refusal.invalid("unknown state \(state.rawValue)") }
                service.state = state
            }
        }
    }

    static let serviceSetStrength: @convention(c) (OpaquePointer?, sb_service_id, UInt8) -> Int32 = { handle, id, strength in
        onLoop(handle, "service_set_strength", refused: -EPERM, (id, strength)) { plugin, arguments in
            let (id, strength) = arguments
            return update(plugin, id, "service_set_strength") { $0.strength = min(strength, 100) }
        }
    }

    static let serviceSetIPv4: @convention(c) (OpaquePointer?, sb_service_id, UnsafePointer<sb_ipv4_settings>?) -> Int32 = {
        handle, id, settings in
        onLoop(handle, "service_set_ipv4", refused: -EPERM, (id, settings)) { plugin, arguments in
            let (id, settings) = arguments
            return update(plugin, id, "service_set_ipv4") { service in
                service.ipv4 = try settings.flatMap { pointer in
                    try IPv4Settings(abi: ABI.read(sb_ipv4_settings.self, at: pointer, magic: SB_MAGIC_IPV4_SETTINGS))
                }
            }
        }
    }

    static let serviceSetIPv6: @convention(c) (OpaquePointer?, sb_service_id, UnsafePointer<sb_ipv6_settings>?) -> Int32 = {
        handle, id, settings in
        onLoop(handle, "service_set_ipv6", refused: -EPERM, (id, settings)) { plugin, arguments in
            let (id, settings) = arguments
            return update(plugin, id, "service_set_ipv6") { service in
                service.ipv6 = try settings.flatMap { pointer in
                    try IPv6Settings(abi: ABI.read(sb_ipv6_settings.self, at: pointer, magic: SB_MAGIC_IPV6_SETTINGS))
                }
            }
        }
    }

    static let serviceSetError: @convention(c) (OpaquePointer?, sb_service_id, UnsafePointer<CChar>?) -> Int32 = {
        handle, id, error in
        onLoop(handle, "service_set_error", refused: -EPERM, (id, error)) { plugin, arguments in
            let (id, error) = arguments
            return update(plugin, id, "service_set_error") { service in
                let text = string(error)
                if let text, !Service.isValidError(text) {
                    throw Registry.Refusal.invalid("error '\(text)' is not [a-z0-9-]{1,64}")
                }
                service.error = text
            }
        }
    }

    static let serviceConfigureIP: @convention(c) (OpaquePointer?, sb_service_id, Int32, UInt32) -> Int32 = {
        handle, id, linkIndex, flags in
        onLoop(handle, "service_configure_ip", refused: -EPERM, (id, linkIndex, flags)) { plugin, arguments -> Int32 in
            let (id, linkIndex, flags) = arguments
            guard let service = plugin.host.registry.services[id], service.plugin == plugin.name else { return -ENOENT }
            guard let ipConfig = plugin.host.ipConfig else { return -ENOSYS }
            do throws(IPConfigService.Refusal) {
                try ipConfig.configure(id, linkIndex: linkIndex,
                                       ipv4: flags & UInt32(SB_IP_CONFIG_NO_IPV4.rawValue) == 0,
                                       ipv6: flags & UInt32(SB_IP_CONFIG_NO_IPV6.rawValue) == 0)
                return 0
            } catch {
                plugin.logger.warning("service_configure_ip(\(service.identifier), link \(linkIndex)): \(error)")
                return error.errno
            }
        }
    }

    static let serviceReleaseIP: @convention(c) (OpaquePointer?, sb_service_id) -> Int32 = { handle, id in
        onLoop(handle, "service_release_ip", refused: -EPERM, (id)) { plugin, arguments -> Int32 in
            let (id) = arguments
            guard let service = plugin.host.registry.services[id], service.plugin == plugin.name else { return -ENOENT }
            do throws(IPConfigService.Refusal) {
                try plugin.host.ipConfig?.release(id)
                return 0
            } catch {
                return error.errno
            }
        }
    }

    static let complete: @convention(c) (OpaquePointer?, sb_request_id, Int32) -> Void = { handle, request, error in
        onLoop(handle, "complete", refused: (), (request, error)) { plugin, arguments in
            let (request, error) = arguments
            switch plugin.host.requests.complete(request, by: plugin.name, error: error) {
            case .completed: break
            case .unknown: plugin.logger.warning("complete(): request \(request) is not pending (completed twice or timed out)")
            case .notOwner: plugin.logger.warning("complete(): request \(request) belongs to another plugin")
            }
        }
    }

    /// Applies `change` to one of the plugin's services; a throwing change
    /// (a malformed record) leaves the service as it was.
    @MainActor
    static func update(_ plugin: PluginInstance, _ id: sb_service_id, _ function: String,
                               _ change: (inout Service) throws -> Void) -> Int32 {
        guarded(plugin, function) {
            var failure: (any Error)?
            try plugin.host.registry.updateService(id, by: plugin.name) { service in
                do { try change(&service) } catch { failure = error }
            }
            if let failure { throw failure }
            return 0
        }
    }
}

extension ServiceState {
    init?(abi: sb_service_state) {
        switch abi {
        case SB_SERVICE_IDLE: self = .idle
        case SB_SERVICE_ASSOCIATION: self = .association
        case SB_SERVICE_CONFIGURATION: self = .configuration
        case SB_SERVICE_READY: self = .ready
        case SB_SERVICE_ONLINE: self = .online
        case SB_SERVICE_FAILURE: self = .failure
        case SB_SERVICE_DISCONNECT: self = .disconnect
        default: return nil
        }
    }
}

extension IPv4Settings {
    /// The settings a plugin reported; nil for SB_IP_OFF (cleared).
    init?(abi record: sb_ipv4_settings) throws(Registry.Refusal) {
        guard let method = IPMethod(abi: record.method) else { throw .invalid("unknown IP method \(record.method.rawValue)") }
        guard method != .off else { return nil }
        self.init(method: method, address: string(record.address), netmask: string(record.netmask),
                  gateway: string(record.gateway), nameservers: strings(record.nameservers))
    }
}

extension IPv6Settings {
    /// The settings a plugin reported; nil for SB_IP_OFF (cleared).
    init?(abi record: sb_ipv6_settings) throws(Registry.Refusal) {
        guard let method = IPMethod(abi: record.method) else { throw .invalid("unknown IP method \(record.method.rawValue)") }
        guard record.prefix_length <= 128 else { throw .invalid("prefix length \(record.prefix_length) > 128") }
        guard method != .off else { return nil }
        self.init(method: method, address: string(record.address), prefixLength: record.prefix_length,
                  gateway: string(record.gateway), nameservers: strings(record.nameservers))
    }
}

extension IPMethod {
    init?(abi: sb_ip_method) {
        switch abi {
        case SB_IP_OFF: self = .off
        case SB_IP_DHCP: self = .dhcp
        case SB_IP_MANUAL: self = .manual
        case SB_IP_FIXED: self = .fixed
        case SB_IP_AUTO: self = .auto
        default: return nil
        }
    }
}

/// A C pointer carried through Sendable closures.  The ABI's threading rule
/// (callbacks only on the loop) is what makes this sound.
struct UncheckedPointer: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer?
    init(_ pointer: UnsafeMutableRawPointer?) { self.pointer = pointer }
}
