import Glibc
@_exported import PluginABI

/// A thin Swift face on the host API table (see <switchboard/plugin.h>) for
/// plugins written in Swift; each plugin links its own copy.  Every call
/// except `log` must happen on the host loop, which is where every callback
/// of the plugin runs.
public struct HostAPI: @unchecked Sendable {
    public let table: UnsafePointer<sb_host_api>
    private var api: sb_host_api { table.pointee }

    public init(table: UnsafePointer<sb_host_api>) {
        self.table = table
    }

    /// A fixed IPv4 configuration a bearer reports itself (cellular, VPN).
    public struct FixedIPv4: Equatable, Sendable {
        public var address: String
        public var netmask: String
        public var gateway: String
        public var nameservers: [String]

        public init(address: String, netmask: String, gateway: String, nameservers: [String]) {
            self.address = address
            self.netmask = netmask
            self.gateway = gateway
            self.nameservers = nameservers
        }
    }

    public func log(_ level: sb_log_level, _ message: String) {
        api.log?(api.host, level, message)
    }

    public func config(_ key: String) -> String? {
        api.config_get?(api.host, key).map { String(cString: $0) }
    }

    public func addTimer(milliseconds: UInt64, _ callback: sb_timer_callback, _ data: UnsafeMutableRawPointer?) -> sb_source_id {
        api.add_timer?(api.host, milliseconds, 0, callback, data) ?? 0
    }

    public func removeTimer(_ id: sb_source_id) {
        if id != 0 { api.remove_timer?(api.host, id) }
    }

    public func watchReadable(_ fd: Int32, _ callback: sb_fd_callback, _ data: UnsafeMutableRawPointer?) -> sb_source_id {
        api.watch_fd?(api.host, fd, UInt32(SB_FD_READABLE.rawValue), callback, data) ?? 0
    }

    public func unwatch(_ id: sb_source_id) {
        if id != 0 { api.unwatch_fd?(api.host, id) }
    }

    /// Registers a device; `adapter` (ABI 1.2) names its radio, e.g. "phy0".
    public func addDevice(bearer: String, name: String, interface: String?, address: String, ifindex: Int32 = 0,
                          adapter: String? = nil, data: UnsafeMutableRawPointer) -> sb_device_id? {
        var id: sb_device_id = 0
        let strings = CStrings([bearer, name, address, interface, adapter])
        var info = sb_device_info()
        info.header = header(SB_MAGIC_DEVICE_INFO, MemoryLayout<sb_device_info>.size)
        info.bearer = strings[0]
        info.name = strings[1]
        info.address = strings[2]
        info.interface = strings[3]
        info.adapter = strings[4]
        info.ifindex = ifindex
        info.powered = 1
        info.plugin_data = data
        let result = withExtendedLifetime(strings) { api.device_add?(api.host, &info, &id) ?? -ENOSYS }
        return result == 0 ? id : nil
    }

    public func addService(device: sb_device_id, bearer: String, name: String, identifier: String,
                           security: String? = nil, strength: UInt8,
                           autoConnect: Bool = false, data: UnsafeMutableRawPointer) -> sb_service_id? {
        var id: sb_service_id = 0
        let strings = CStrings([bearer, name, identifier, security])
        var info = sb_service_info()
        info.header = header(SB_MAGIC_SERVICE_INFO, MemoryLayout<sb_service_info>.size)
        info.device = device
        info.bearer = strings[0]
        info.name = strings[1]
        info.identifier = strings[2]
        info.security = strings[3]
        info.strength = strength
        info.plugin_data = data
        info.flags = autoConnect ? UInt32(SB_SERVICE_FLAG_AUTOCONNECT.rawValue) : 0
        let result = withExtendedLifetime(strings) { api.service_add?(api.host, &info, &id) ?? -ENOSYS }
        return result == 0 ? id : nil
    }

    public func removeService(_ service: sb_service_id) {
        _ = api.service_remove?(api.host, service)
    }

    public func removeDevice(_ device: sb_device_id) {
        _ = api.device_remove?(api.host, device)
    }

    public func setPowered(_ device: sb_device_id, _ powered: Bool) {
        _ = api.device_set_powered?(api.host, device, powered ? 1 : 0)
    }

    public func setState(_ service: sb_service_id, _ state: sb_service_state) {
        _ = api.service_set_state?(api.host, service, state)
    }

    /// Hands the service's IP layer to the host (ABI 1.1); -ENOSYS from an older host.
    public func configureIP(_ service: sb_service_id, ifindex: Int32, flags: UInt32 = 0) -> Int32 {
        guard has(\.service_configure_ip), let configure = api.service_configure_ip else { return -ENOSYS }
        return configure(api.host, service, ifindex, flags)
    }

    public func releaseIP(_ service: sb_service_id) -> Int32 {
        guard has(\.service_release_ip), let release = api.service_release_ip else { return -ENOSYS }
        return release(api.host, service)
    }

    /// Reports a fixed IPv4 configuration, or clears it (nil).
    public func setIPv4(_ service: sb_service_id, _ ipv4: FixedIPv4?) {
        guard let ipv4 else {
            _ = api.service_set_ipv4?(api.host, service, nil)
            return
        }
        ipv4.address.withCString { address in
            ipv4.netmask.withCString { netmask in
                ipv4.gateway.withCString { gateway in
                    withCStrings(ipv4.nameservers) { list in
                        do {
                            var settings = sb_ipv4_settings()
                            settings.header = header(SB_MAGIC_IPV4_SETTINGS, MemoryLayout<sb_ipv4_settings>.size)
                            settings.method = SB_IP_FIXED
                            settings.address = address
                            settings.netmask = netmask
                            settings.gateway = gateway
                            settings.nameservers = list
                            _ = api.service_set_ipv4?(api.host, service, &settings)
                        }
                    }
                }
            }
        }
    }

    public func complete(_ request: sb_request_id, _ error: Int32) {
        api.complete?(api.host, request, error)
    }
}

public func header(_ magic: UInt32, _ size: Int) -> sb_header {
    sb_header(magic: magic, abi_major: UInt16(SB_ABI_MAJOR), abi_minor: UInt16(SB_ABI_MINOR),
              struct_size: UInt32(size), reserved: 0)
}

/// SB_HAS_FIELD: whether a struct whose header gives `structSize` reaches
/// `field` (one from a producer built against an older minor ends earlier).
public func hasField<Root, Field>(_ field: KeyPath<Root, Field>, structSize: UInt32) -> Bool {
    guard let offset = MemoryLayout<Root>.offset(of: field) else { return false }
    return Int(structSize) >= offset + MemoryLayout<Field>.size
}

func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}

/// C copies of optional strings, freed with the value (keep it alive with
/// withExtendedLifetime across the call): for records the host copies.
final class CStrings {
    private let copies: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String?]) {
        copies = strings.map { $0.flatMap { strdup($0) } }
    }

    deinit {
        copies.forEach { free($0) }
    }

    subscript(index: Int) -> UnsafePointer<CChar>? { UnsafePointer(copies[index]) }
}

/// A NULL-terminated C string array valid inside `body`.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let list: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) } + [nil]
    return list.withUnsafeBufferPointer { body($0.baseAddress) }
}
