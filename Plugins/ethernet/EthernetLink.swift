import Glibc
import Netlink
import PluginKit

/// One managed Ethernet interface: a device for as long as the link exists,
/// and a service (`ethernet_<mac>_cable`) for as long as it has carrier.
final class EthernetLink {
    let index: Int32
    private(set) var link: Link
    private let host: HostAPI
    private var device: sb_device_id?
    private(set) var service: sb_service_id?

    init(link: Link, host: HostAPI) {
        index = link.index
        self.link = link
        self.host = host
    }

    var identifier: String {
        "ethernet_" + link.address.replacingColons() + "_cable"
    }

    func register() -> Bool {
        device = host.addDevice(bearer: "ethernet", name: link.name, interface: link.name, address: link.address,
                                ifindex: link.index, data: Unmanaged.passUnretained(self).toOpaque())
        guard device != nil else {
            host.log(SB_LOG_ERROR, "cannot register \(link.name) as an ethernet device")
            return false
        }
        carrierChanged()
        return true
    }

    /// The kernel reported the link again (flags, name or address may differ).
    func update(_ link: Link) {
        let carrierBefore = self.link.hasCarrier
        self.link = link
        if link.hasCarrier != carrierBefore { carrierChanged() }
    }

    /// Carrier is what makes the cable's network exist: the service comes
    /// with it (and AutoConnect brings it up) and goes without it.
    private func carrierChanged() {
        if link.hasCarrier, service == nil, let device {
            host.log(SB_LOG_INFO, "\(link.name): carrier up")
            service = host.addService(device: device, bearer: "ethernet", name: "Wired", identifier: identifier,
                                      strength: 0, autoConnect: true, data: Unmanaged.passUnretained(self).toOpaque())
        } else if !link.hasCarrier, let service {
            host.log(SB_LOG_INFO, "\(link.name): carrier lost")
            _ = host.releaseIP(service)
            host.removeService(service)
            self.service = nil
        }
    }

    func connect() -> Int32 {
        guard let service, link.hasCarrier else { return -ENOLINK }
        let result = host.configureIP(service, ifindex: index)
        return result == -EALREADY ? 0 : result
    }

    func disconnect() -> Int32 {
        guard let service else { return -ENOENT }
        _ = host.releaseIP(service)
        host.setState(service, SB_SERVICE_IDLE)
        return 0
    }

    func remove() {
        if let service { _ = host.releaseIP(service) }
        if let device { host.removeDevice(device) }  // its service goes with it
        service = nil
        device = nil
    }
}

private extension String {
    func replacingColons() -> String {
        String(filter { $0 != ":" })
    }
}
