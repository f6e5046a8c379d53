import Glibc
import Netlink
import PluginKit

/// The ethernet plugin: finds wired interfaces over rtnetlink, brings them
/// up, offers a service per cable with carrier, and hands IP configuration
/// to the host.  main.conf `[ethernet]` keys: `Interfaces=` (glob list: only
/// these) and `IgnoreInterfaces=` (glob list: never these).
final class EthernetPlugin {
    let host: HostAPI
    private let routes: RouteSocket
    private let monitor: LinkMonitor
    private var watch: FDWatch?
    private var links: [Int32: EthernetLink] = [:]
    private let filter: InterfaceFilter

    init(host: HostAPI) throws(NetlinkError) {
        self.host = host
        routes = try RouteSocket()
        monitor = try LinkMonitor()
        filter = InterfaceFilter(host: host)
    }

    func start() -> Int32 {
        monitor.onEvent = { [unowned self] event in handle(event) }
        watch = FDWatch(host: host, fd: monitor.fd, writable: false) { [weak self] _, _ in self?.readEvents() }
        guard watch != nil else {
            host.log(SB_LOG_ERROR, "cannot watch the rtnetlink socket")
            return -EIO
        }
        resynchronise()
        return 0
    }

    func stop() {
        watch = nil
        for link in links.values { link.remove() }
        links.removeAll()
    }

    private func readEvents() {
        if !monitor.drain() {
            host.log(SB_LOG_WARNING, "rtnetlink events were lost; re-reading the links")
            resynchronise()
        }
    }

    /// Reads every link from the kernel (at start, and after lost events).
    private func resynchronise() {
        do {
            let current = try routes.links()
            for link in current { handle(.link(link)) }
            let present = Set(current.map(\.index))
            for (index, link) in links where !present.contains(index) {
                link.remove()
                links[index] = nil
            }
        } catch {
            host.log(SB_LOG_ERROR, "cannot list links: \(error)")
        }
    }

    private func handle(_ event: LinkMonitor.Event) {
        switch event {
        case .link(let link):
            if let known = links[link.index] {
                known.update(link)
            } else if isManaged(link) {
                manage(link)
            }
        case .linkRemoved(let link):
            links.removeValue(forKey: link.index)?.remove()
        default:
            break
        }
    }

    private func manage(_ link: Link) {
        let managed = EthernetLink(link: link, host: host)
        guard managed.register() else { return }
        links[link.index] = managed
        host.log(SB_LOG_INFO, "managing \(link.name) (\(link.address))")
        if !link.isUp {
            // Carrier is only seen on a link that is up.
            do { try routes.setLinkUp(link.index) } catch {
                host.log(SB_LOG_WARNING, "cannot bring \(link.name) up: \(error)")
            }
        }
    }

    /// Wired Ethernet only: not loopback, not a radio (those are the wifi
    /// plugin's), not TUN (ARPHRD_NONE, e.g. the cellular plugin's), not a
    /// bridge or bond (their ports are), and as the glob lists say.
    func isManaged(_ link: Link) -> Bool {
        guard link.isEthernet, !link.isLoopback, !link.address.isEmpty else { return false }
        guard !["bridge", "bond", "team", "vlan", "macvlan", "wireguard"].contains(link.kind) else { return false }
        if access("/sys/class/net/\(link.name)/wireless", F_OK) == 0 || access("/sys/class/net/\(link.name)/phy80211", F_OK) == 0 {
            return false
        }
        return filter.allows(link.name)
    }
}
