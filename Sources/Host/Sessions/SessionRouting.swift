import Glibc
import Logging
import Netlink
import SessionArbitration

/// SourceIPRule: each session that asks for it gets a routing table of its
/// own holding the default route of the service it is attached to, and a
/// rule "from <that service's address> lookup <table>", so traffic a client
/// sends from the session's address leaves through the session's service
/// whatever the main table prefers.  Entries follow the session as it
/// attaches, moves and ends; what is installed is always what the session's
/// current status says.
@MainActor
final class SessionRouting {
    typealias SessionID = Arbiter.SessionID

    /// Tables and rule priority, away from the kernel's (local 255, main
    /// 254, default 253 at 0, 32766 and 32767) and from ConnMan's.
    static let firstTable: UInt32 = 0x5B00
    static let rulePriority: UInt32 = 9_000

    struct Entry: Equatable {
        let address: String
        let gateway: String
        let linkIndex: Int32
    }

    private let logger = Logger(label: "sessions")
    private var kernel: RouteSocket?
    private var tables: [SessionID: UInt32] = [:]
    private var installed: [SessionID: [Entry]] = [:]

    /// Brings the kernel in line with a session's wish and current status.
    func update(_ session: SessionID, wantsRule: Bool, status: SessionStatus) {
        let wanted = wantsRule ? Self.entries(for: status) : []
        let current = installed[session] ?? []
        guard wanted != current else { return }
        guard let kernel = socket() else { return }
        let table = tables[session] ?? allocateTable(for: session)
        for entry in current where !wanted.contains(entry) { remove(entry, table: table, kernel) }
        var now = current.filter(wanted.contains)
        for entry in wanted where !current.contains(entry) {
            do {
                try kernel.addDefaultRoute(via: entry.gateway, link: entry.linkIndex, metric: 0, table: table)
                try kernel.addSourceRule(from: entry.address, table: table, priority: Self.rulePriority)
                now.append(entry)
                logger.info("session \(session): traffic from \(entry.address) routed by table \(table) via \(entry.gateway)")
            } catch {
                logger.error("session \(session): cannot install its source rule: \(error)")
                remove(entry, table: table, kernel)
            }
        }
        installed[session] = now.isEmpty ? nil : now
        if now.isEmpty { tables[session] = nil }
    }

    func remove(_ session: SessionID) {
        update(session, wantsRule: false, status: SessionStatus())
    }

    /// One entry per address family with both an address and a gateway.
    static func entries(for status: SessionStatus) -> [Entry] {
        guard status.state != .disconnected, !status.interface.isEmpty else { return [] }
        let index = Int32(bitPattern: if_nametoindex(status.interface))
        guard index > 0 else { return [] }
        return [status.ipv4, status.ipv6].compactMap { settings in
            guard let address = settings["Address"], let gateway = settings["Gateway"] else { return nil }
            return Entry(address: address, gateway: gateway, linkIndex: index)
        }
    }

    private func remove(_ entry: Entry, table: UInt32, _ kernel: RouteSocket) {
        removeFromKernel(logger: logger) { () throws(NetlinkError) in
            try kernel.deleteSourceRule(from: entry.address, table: table, priority: Self.rulePriority)
        }
        removeFromKernel(logger: logger) { () throws(NetlinkError) in
            try kernel.deleteDefaultRoute(via: entry.gateway, link: entry.linkIndex, metric: 0, table: table)
        }
    }

    /// The lowest table no other session uses.
    private func allocateTable(for session: SessionID) -> UInt32 {
        let used = Set(tables.values)
        var table = Self.firstTable
        while used.contains(table) { table += 1 }
        tables[session] = table
        return table
    }

    /// Opened on first use: daemons whose sessions never ask need no socket.
    private func socket() -> RouteSocket? {
        if let kernel { return kernel }
        do {
            kernel = try RouteSocket()
        } catch {
            logger.error("SourceIPRule: cannot open rtnetlink: \(error)")
        }
        return kernel
    }
}
