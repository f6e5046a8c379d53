import CellularTun
import Glibc
import PluginKit

/// One simulated modem: a device with one data context (service).  A connect
/// walks association → configuration → ready (→ online) on host timers, so the
/// whole life of the modem runs on the host loop.
final class Modem {
    let config: ModemConfig
    let host: HostAPI
    var device: sb_device_id = 0
    var service: sb_service_id = 0
    private var tunFD: Int32 = -1
    private var attempts = 0
    private lazy var timer = HostTimer(host: host) { [weak self] in self?.step() }
    private var pending: sb_request_id?
    private var phase: Phase = .idle

    enum Phase { case idle, associating, configuring, connected }

    init(config: ModemConfig, host: HostAPI) {
        self.config = config
        self.host = host
    }

    var identifier: String { "cellular_\(imsi)_context1" }
    /// A test-network IMSI (MCC 001, MNC 01) numbered by modem.
    var imsi: String { "00101" + String(repeating: "0", count: 9 - String(config.index + 1).count) + String(config.index + 1) }
    var address: String { "02:00:00:ce:11:" + String(format2(config.index)) }

    private var data: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Registers the device and its service (and opens the TUN interface).
    func register() -> Bool {
        if config.tun {
            let fd = cellular_tun_open(config.interface)
            guard fd >= 0 else {
                host.log(SB_LOG_ERROR, "cannot create TUN interface \(config.interface): \(String(cString: strerror(-fd)))")
                return false
            }
            tunFD = fd
        }
        guard let device = host.addDevice(bearer: "cellular", name: "Modem \(config.index + 1)",
                                          interface: config.tun ? config.interface : nil, address: address, data: data),
              let service = host.addService(device: device, bearer: "cellular", name: config.operatorName, identifier: identifier,
                                            strength: config.strength, data: data) else {
            host.log(SB_LOG_ERROR, "cannot register modem \(config.index + 1)")
            return false
        }
        self.device = device
        self.service = service
        host.log(SB_LOG_INFO, "modem \(config.index + 1) (\(config.operatorName)) registered as \(identifier)")
        return true
    }

    func shutdown() {
        cancelTimer()
        if tunFD >= 0 {
            close(tunFD)
            tunFD = -1
        }
    }

    // MARK: operations (host loop)

    func connect(_ request: sb_request_id) -> Int32 {
        switch phase {
        case .associating, .configuring: return -EINPROGRESS
        case .connected: return -EALREADY
        case .idle: break
        }
        attempts += 1
        pending = request
        phase = .associating
        host.setState(service, SB_SERVICE_ASSOCIATION)
        schedule(config.connectLatencyMs / 2)
        return SB_PENDING
    }

    func disconnect() -> Int32 {
        cancelTimer()
        if let request = pending {
            pending = nil
            host.complete(request, -ECANCELED)
        }
        if config.tun { _ = cellular_tun_configure(config.interface, nil, 0, 0) }
        phase = .idle
        host.setIPv4(service, nil)
        host.setState(service, SB_SERVICE_IDLE)
        return 0
    }

    func setPowered(_ powered: Bool) -> Int32 {
        if !powered { _ = disconnect() }
        host.setPowered(device, powered)
        return 0
    }

    /// The next step of a connect, when its timer fires.
    func step() {
        switch phase {
        case .associating:
            phase = .configuring
            host.setState(service, SB_SERVICE_CONFIGURATION)
            schedule(config.connectLatencyMs - config.connectLatencyMs / 2)
        case .configuring:
            finishConnect()
        case .connected, .idle:
            break
        }
    }

    private func finishConnect() {
        let request = pending
        pending = nil
        if config.failEvery > 0 && attempts % config.failEvery == 0 {
            phase = .idle
            host.log(SB_LOG_INFO, "modem \(config.index + 1): connect \(attempts) fails (FailEvery=\(config.failEvery))")
            host.setState(service, SB_SERVICE_FAILURE)
            if let request { host.complete(request, -EIO) }
            return
        }
        if config.tun {
            let err = cellular_tun_configure(config.interface, config.ipv4.address, Int32(config.ipv4.prefixLength), 1)
            if err < 0 {
                phase = .idle
                host.log(SB_LOG_ERROR, "cannot bring up \(config.interface): \(String(cString: strerror(-err)))")
                host.setState(service, SB_SERVICE_FAILURE)
                if let request { host.complete(request, err) }
                return
            }
        }
        phase = .connected
        host.setIPv4(service, HostAPI.FixedIPv4(address: config.ipv4.address, netmask: config.ipv4.netmask,
                                                 gateway: config.ipv4.gateway, nameservers: [config.ipv4.nameserver]))
        host.setState(service, SB_SERVICE_READY)
        if config.online { host.setState(service, SB_SERVICE_ONLINE) }
        if let request { host.complete(request, 0) }
    }

    private func schedule(_ milliseconds: UInt64) {
        timer.arm(milliseconds: milliseconds)
    }

    private func cancelTimer() {
        timer.cancel()
    }
}

private func format2(_ value: Int) -> String {
    let hex = String(value & 0xff, radix: 16)
    return hex.count == 1 ? "0" + hex : hex
}
