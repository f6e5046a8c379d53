import CNL80211
import Glibc
import Hexadecimal
import NL80211
import Netlink
import PluginKit

/// One station interface (wlan0...): a `wifi` device, its scans, the
/// networks they find (one service each) and at most one connection.
final class WifiStation {
    let interface: WirelessInterface
    private(set) var wiphy: Wiphy
    let host: HostAPI
    private unowned let plugin: WifiPlugin
    private(set) var device: sb_device_id?
    private var networks: [WifiNetwork.Key: WifiNetwork] = [:]
    private(set) var connection: WifiConnection?
    /// An attempt waiting for the current connection to end.
    private var next: WifiConnection?
    let scans: ScanScheduler
    private var powered = true

    /// Scans a network may be missing from before its service goes (unless connected).
    static let missedScansBeforeRemoval = 3

    init(interface: WirelessInterface, wiphy: Wiphy, plugin: WifiPlugin) {
        self.interface = interface
        self.wiphy = wiphy
        self.plugin = plugin
        host = plugin.host
        scans = ScanScheduler(host: plugin.host, settings: plugin.scanSettings)
        scans.station = self
    }

    var ifindex: Int32 { interface.ifindex }
    var address: [UInt8] { interface.address }
    var controlPortOverNL80211: Bool { wiphy.controlPortOverNL80211 }

    func log(_ level: sb_log_level, _ message: String) {
        host.log(level, "\(interface.name): \(message)")
    }

    func send(_ request: NL80211Request, completion: @escaping NL80211Socket.Completion) {
        plugin.socket.send(request, completion: completion)
    }

    func register() -> Bool {
        device = host.addDevice(bearer: "wifi", name: interface.name, interface: interface.name,
                                address: Hex.colonSeparated(interface.address), ifindex: interface.ifindex,
                                adapter: wiphy.name, data: Unmanaged.passUnretained(self).toOpaque())
        guard let device else {
            host.log(SB_LOG_ERROR, "cannot register \(interface.name) as a wifi device")
            return false
        }
        host.setTransmitFrequencies(device, wiphy.transmitFrequencies)
        setLinkUp(true)
        scans.disconnected()
        return true
    }

    /// The radio's description read again (the regulatory domain changed):
    /// the host learns where it may now transmit.
    func radioChanged(_ wiphy: Wiphy) {
        let before = self.wiphy.transmitFrequencies
        self.wiphy = wiphy
        guard let device, wiphy.transmitFrequencies != before else { return }
        host.setTransmitFrequencies(device, wiphy.transmitFrequencies)
        log(SB_LOG_INFO, "may transmit on \(wiphy.transmitFrequencies.count) of \(wiphy.frequencies.count) channels")
    }

    func remove() {
        scans.stop()
        next?.abandon()
        next = nil
        connection?.disconnect()
        connection = nil
        if let device { host.removeDevice(device) }  // its services go with it
        device = nil
        networks.removeAll()
    }

    // MARK: power

    func enable() -> Int32 {
        powered = true
        setLinkUp(true)
        if let device { host.setPowered(device, true) }
        scans.disconnected()
        return 0
    }

    func disable() -> Int32 {
        powered = false
        next?.abandon()
        next = nil
        connection?.disconnect()
        scans.stop()
        for network in networks.values { removeService(of: network) }
        networks.removeAll()
        setLinkUp(false)
        if let device { host.setPowered(device, false) }
        return 0
    }

    private func setLinkUp(_ up: Bool) {
        do { try plugin.routes.setLinkUp(ifindex, up) } catch {
            log(SB_LOG_WARNING, "cannot set the link \(up ? "up" : "down"): \(error)")
        }
    }

    // MARK: scanning

    func scan(request: sb_request_id) -> Int32 {
        guard powered else { return -ENETDOWN }
        scans.requested(request)
        return Int32(SB_PENDING)
    }

    func scanStateChanged(_ scanning: Bool) {
        if let device { host.setScanning(device, scanning) }
    }

    /// A finished scan's dump: networks appear, update or go.
    func scanResults(_ entries: [BSS]) {
        var seen: [WifiNetwork.Key: [ScannedBSS]] = [:]
        for entry in entries {
            guard let scanned = ScannedBSS(entry) else { continue }
            seen[WifiNetwork.Key(ssid: scanned.ssid, security: scanned.security), default: []].append(scanned)
        }
        for (key, bsses) in seen {
            let network = networks[key] ?? WifiNetwork(key: key)
            networks[key] = network
            network.update(bsses)
            publish(network)
        }
        for (key, network) in networks where seen[key] == nil {
            network.missed()
            if network.missedScans >= Self.missedScansBeforeRemoval, connection?.network !== network {
                removeService(of: network)
                networks[key] = nil
            }
        }
    }

    private func publish(_ network: WifiNetwork) {
        guard let device, powered else { return }
        if let service = network.service {
            host.setStrength(service, network.strength)
        } else {
            network.service = host.addService(device: device, bearer: "wifi", name: network.name,
                                              identifier: network.identifier(deviceAddress: address),
                                              security: network.security.rawValue, strength: network.strength,
                                              data: Unmanaged.passUnretained(network).toOpaque())
            if network.service == nil { return log(SB_LOG_WARNING, "cannot add a service for \(network.name)") }
        }
        // Where it was seen (a shared-code enrollee searches there); a connection reports its own channel.
        if let service = network.service, connection?.network !== network, let best = network.best {
            host.setFrequency(service, best.bss.frequency)
        }
    }

    private func removeService(of network: WifiNetwork) {
        if let service = network.service { host.removeService(service) }
        network.service = nil
    }

    func owns(_ network: WifiNetwork) -> Bool {
        networks[network.key] === network
    }

    /// Every frequency a scan of the known networks should look at.
    var frequenciesInUse: [UInt32] {
        Array(Set(networks.values.flatMap { $0.bsses.map(\.bss.frequency) })).sorted()
    }

    // MARK: connections

    func connect(_ network: WifiNetwork, request: sb_request_id) -> Int32 {
        guard powered else { return -ENETDOWN }
        guard let service = network.service, let target = network.best else { return -ENOENT }
        if let connection, connection.network === network { return -EALREADY }
        scans.connecting()
        let attempt = WifiConnection(station: self, network: network, target: target, service: service, request: request)
        if let connection {
            // One link at a time: the new attempt starts once the kernel has
            // reported the old one's disconnect, so events are not mixed up.
            next?.abandon()
            next = attempt
            connection.disconnect()
        } else {
            connection = attempt
            attempt.start()
        }
        return Int32(SB_PENDING)
    }

    func disconnect(_ network: WifiNetwork) -> Int32 {
        guard let connection, connection.network === network else { return -ENOTCONN }
        connection.disconnect()
        return 0
    }

    func connectionEnded(_ ended: WifiConnection) {
        guard connection === ended else { return }
        connection = nil
        if let next, powered {
            self.next = nil
            connection = next
            next.start()
        } else if powered {
            scans.disconnected()
        }
    }

    // MARK: kernel events for this interface

    func handle(_ message: NL80211Message) {
        let attributes = message.attributes
        if message.is(NL80211_CMD_CONNECT) {
            connection?.associated(status: attributes.has(NL80211_ATTR_TIMED_OUT) ? 1 : attributes.u16(NL80211_ATTR_STATUS_CODE) ?? 1)
        } else if message.is(NL80211_CMD_DISCONNECT) {
            connection?.disconnected(reason: attributes.u16(NL80211_ATTR_REASON_CODE) ?? 0,
                                     byAP: attributes.has(NL80211_ATTR_DISCONNECTED_BY_AP))
        } else if message.is(NL80211_CMD_CONTROL_PORT_FRAME) {
            guard let frame = attributes.bytes(NL80211_ATTR_FRAME) else { return }
            connection?.eapol(frame)
        } else if message.is(NL80211_CMD_TRIGGER_SCAN) {
            scans.kernelStarted()
        } else if message.is(NL80211_CMD_NEW_SCAN_RESULTS) {
            scans.kernelFinished(aborted: false)
        } else if message.is(NL80211_CMD_SCAN_ABORTED) {
            scans.kernelFinished(aborted: true)
        } else if message.is(NL80211_CMD_FRAME) {
            guard let device, let frame = attributes.bytes(NL80211_ATTR_FRAME) else { return }
            host.frameReceived(device, frequency: attributes.u32(NL80211_ATTR_WIPHY_FREQ) ?? 0, frame)
        } else {
            plugin.frames.handle(message, station: self)
        }
    }
}
