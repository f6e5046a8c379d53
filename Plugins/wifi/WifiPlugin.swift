import CNL80211
import Glibc
import Hexadecimal
import NL80211
import Netlink
import PluginKit

/// The wifi plugin: finds radios and their station interfaces over nl80211,
/// follows hot-plug, and runs one WifiStation per station interface.
/// main.conf `[wifi]` keys: `Interfaces=` / `IgnoreInterfaces=` (glob lists),
/// `ScanFrequencies=`, `BackgroundScanInterval=`, `BackgroundScanMaxInterval=`.
final class WifiPlugin {
    let host: HostAPI
    let socket: NL80211Socket
    let routes: RouteSocket
    let frames: FrameTransport
    let scanSettings: ScanSettings
    private var watch: FDWatch?
    private var wiphys: [UInt32: Wiphy] = [:]
    private var stations: [Int32: WifiStation] = [:]
    private let filter: InterfaceFilter

    init(host: HostAPI) throws {
        self.host = host
        socket = try NL80211Socket(groups: ["config", "scan", "mlme", "regulatory"])
        routes = try RouteSocket()
        frames = FrameTransport(host: host)
        scanSettings = ScanSettings(host: host)
        filter = InterfaceFilter(host: host)
    }

    func start() -> Int32 {
        socket.onEvent = { [unowned self] message in handle(message) }
        socket.onOverflow = { [unowned self] in
            host.log(SB_LOG_WARNING, "nl80211 events were lost; re-reading radios and interfaces")
            resynchronise()
        }
        watch = FDWatch(host: host, fd: socket.fd, writable: false) { [weak self] _, _ in self?.socket.drain() }
        guard watch != nil else { return -EIO }
        resynchronise()
        return 0
    }

    func stop() {
        watch = nil
        for station in stations.values { station.remove() }
        stations.removeAll()
    }

    /// Reads every wiphy, then every interface: the start, and after lost events.
    private func resynchronise() {
        readRadios { [weak self] read in
            guard let self, read else { return }
            socket.send(.interfaces()) { [weak self] result in
                guard let self, case .success(let messages) = result else { return }
                let interfaces = messages.compactMap(WirelessInterface.init)
                for interface in interfaces { interfaceAppeared(interface) }
                let present = Set(interfaces.map(\.ifindex))
                for index in stations.keys where !present.contains(index) {
                    dropStation(index, "its interface is no longer listed")
                }
            }
        }
    }

    /// Reads every wiphy afresh into `wiphys`, then runs `then` (false: the read failed).
    private func readRadios(then: @escaping (Bool) -> Void) {
        socket.send(.wiphys()) { [weak self] result in
            guard let self else { return }
            guard case .success(let messages) = result else {
                host.log(SB_LOG_ERROR, "cannot list radios: \(result)")
                return then(false)
            }
            var found: [UInt32: Wiphy] = [:]
            for message in messages {
                guard let index = message.attributes.u32(NL80211_ATTR_WIPHY) else { continue }
                if found[index] == nil { found[index] = Wiphy(index: index) }
                found[index]!.merge(message)
            }
            wiphys = found
            then(true)
        }
    }

    /// Channel flags change with the regulatory domain (and with a beacon
    /// heard on a passive channel): the stations learn where they may
    /// transmit now.  Events during a read are answered by one more read.
    private var regulatoryRead: (running: Bool, again: Bool) = (false, false)

    private func regulatoryChanged() {
        guard !regulatoryRead.running else { return regulatoryRead.again = true }
        regulatoryRead = (true, false)
        readRadios { [weak self] _ in
            guard let self else { return }
            for station in stations.values {
                if let wiphy = wiphys[station.wiphy.index] { station.radioChanged(wiphy) }
            }
            let again = regulatoryRead.again
            regulatoryRead = (false, false)
            if again { regulatoryChanged() }
        }
    }

    private func handle(_ message: NL80211Message) {
        let attributes = message.attributes
        if message.is(NL80211_CMD_REG_CHANGE) || message.is(NL80211_CMD_WIPHY_REG_CHANGE)
            || message.is(NL80211_CMD_REG_BEACON_HINT) {
            regulatoryChanged()
        } else if message.is(NL80211_CMD_NEW_WIPHY) {
            guard let index = attributes.u32(NL80211_ATTR_WIPHY) else { return }
            if wiphys[index] == nil { wiphys[index] = Wiphy(index: index) }
            wiphys[index]!.merge(message)
        } else if message.is(NL80211_CMD_DEL_WIPHY) {
            guard let index = attributes.u32(NL80211_ATTR_WIPHY) else { return }
            wiphys[index] = nil
            for (ifindex, station) in stations where station.wiphy.index == index {
                dropStation(ifindex, "its radio was removed")
            }
        } else if message.is(NL80211_CMD_NEW_INTERFACE) {
            if let interface = WirelessInterface(message) { interfaceAppeared(interface) }
        } else if message.is(NL80211_CMD_DEL_INTERFACE) {
            guard let ifindex = attributes.u32(NL80211_ATTR_IFINDEX).map({ Int32(bitPattern: $0) }) else { return }
            dropStation(ifindex, "its interface was removed")
        } else if let ifindex = attributes.u32(NL80211_ATTR_IFINDEX).map({ Int32(bitPattern: $0) }) {
            stations[ifindex]?.handle(message)
        }
    }

    private func interfaceAppeared(_ interface: WirelessInterface) {
        if let known = stations[interface.ifindex] {
            // Renamed or changed type: start again with what it is now.
            guard known.interface != interface else { return }
            dropStation(interface.ifindex, "renamed or changed type")
        }
        guard interface.isStation, filter.allows(interface.name) else { return }
        guard let wiphy = wiphys[interface.wiphy] else {
            // A new radio's description is still on its way: re-read everything.
            resynchronise()
            return
        }
        let station = WifiStation(interface: interface, wiphy: wiphy, plugin: self)
        guard station.register() else { return }
        stations[interface.ifindex] = station
        host.log(SB_LOG_INFO, "managing \(interface.name) (\(Hex.colonSeparated(interface.address)), \(wiphy.name), "
                 + "\(wiphy.bands.joined(separator: "/")), \(wiphy.frequencies.count) channels)")
    }

    /// A station whose interface went away or changed: its device, services and connection go with it.
    private func dropStation(_ ifindex: Int32, _ reason: String) {
        guard let station = stations.removeValue(forKey: ifindex) else { return }
        station.remove()
        host.log(SB_LOG_INFO, "\(station.interface.name) is gone: \(reason)")
    }

    func station(owning network: WifiNetwork) -> WifiStation? {
        stations.values.first { $0.owns(network) }
    }
}
