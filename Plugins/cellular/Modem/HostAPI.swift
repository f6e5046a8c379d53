import Glibc
import PluginABI

/// A thin Swift face on the host API table (see <switchboard/plugin.h>).
/// Every call except `log` must happen on the host loop, which is where every
/// callback of this plugin runs.
struct HostAPI: @unchecked Sendable {
    let table: UnsafePointer<sb_host_api>
    private var api: sb_host_api { table.pointee }

    func log(_ level: sb_log_level, _ message: String) {
        api.log?(api.host, level, message)
    }

    func config(_ key: String) -> String? {
        api.config_get?(api.host, key).map { String(cString: $0) }
    }

    func addTimer(milliseconds: UInt64, _ callback: sb_timer_callback, _ data: UnsafeMutableRawPointer?) -> sb_source_id {
        api.add_timer?(api.host, milliseconds, 0, callback, data) ?? 0
    }

    func removeTimer(_ id: sb_source_id) {
        if id != 0 { api.remove_timer?(api.host, id) }
    }

    func addDevice(bearer: String, name: String, interface: String?, address: String,
                   data: UnsafeMutableRawPointer) -> sb_device_id? {
        var id: sb_device_id = 0
        let result = bearer.withCString { bearer in
            name.withCString { name in
                address.withCString { address in
                    withOptionalCString(interface) { interface in
                        var info = sb_device_info()
                        info.header = header(SB_MAGIC_DEVICE_INFO, MemoryLayout<sb_device_info>.size)
                        info.bearer = bearer
                        info.name = name
                        info.interface = interface
                        info.address = address
                        info.powered = 1
                        info.plugin_data = data
                        return api.device_add?(api.host, &info, &id) ?? -ENOSYS
                    }
                }
            }
        }
        return result == 0 ? id : nil
    }

    func addService(device: sb_device_id, name: String, identifier: String, strength: UInt8,
                    data: UnsafeMutableRawPointer) -> sb_service_id? {
        var id: sb_service_id = 0
        let result = "cellular".withCString { bearer in
            name.withCString { name in
                identifier.withCString { identifier in
                    var info = sb_service_info()
                    info.header = header(SB_MAGIC_SERVICE_INFO, MemoryLayout<sb_service_info>.size)
                    info.device = device
                    info.bearer = bearer
                    info.name = name
                    info.identifier = identifier
                    info.strength = strength
                    info.plugin_data = data
                    return api.service_add?(api.host, &info, &id) ?? -ENOSYS
                }
            }
        }
        return result == 0 ? id : nil
    }

    func setPowered(_ device: sb_device_id, _ powered: Bool) {
        _ = api.device_set_powered?(api.host, device, powered ? 1 : 0)
    }

    func setState(_ service: sb_service_id, _ state: sb_service_state) {
        _ = api.service_set_state?(api.host, service, state)
    }

    /// Reports a fixed IPv4 configuration, or clears it (nil).
    func setIPv4(_ service: sb_service_id, _ ipv4: ModemConfig.IPv4?) {
        guard let ipv4 else {
            _ = api.service_set_ipv4?(api.host, service, nil)
            return
        }
        ipv4.address.withCString { address in
            ipv4.netmask.withCString { netmask in
                ipv4.gateway.withCString { gateway in
                    ipv4.nameserver.withCString { nameserver in
                        let nameservers: [UnsafePointer<CChar>?] = [nameserver, nil]
                        nameservers.withUnsafeBufferPointer { list in
                            var settings = sb_ipv4_settings()
                            settings.header = header(SB_MAGIC_IPV4_SETTINGS, MemoryLayout<sb_ipv4_settings>.size)
                            settings.method = SB_IP_FIXED
                            settings.address = address
                            settings.netmask = netmask
                            settings.gateway = gateway
                            settings.nameservers = list.baseAddress
                            _ = api.service_set_ipv4?(api.host, service, &settings)
                        }
                    }
                }
            }
        }
    }

    func complete(_ request: sb_request_id, _ error: Int32) {
        api.complete?(api.host, request, error)
    }
}

func header(_ magic: UInt32, _ size: Int) -> sb_header {
    sb_header(magic: magic, abi_major: UInt16(SB_ABI_MAJOR), abi_minor: UInt16(SB_ABI_MINOR),
              struct_size: UInt32(size), reserved: 0)
}

private func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}
