import Logging

/// The user's static IPv4 configuration per service (`IPv4.Configuration`
/// with Method=manual), kept under the daemon's state directory so it
/// survives restarts: one small INI file per service identifier.
@MainActor
final class StaticIPStore {
    struct IPv4: Equatable, Sendable {
        var address: String
        var netmask: String
        var gateway: String?
    }

    private let directory: String
    private let logger = Logger(label: "ip")
    private var cache: [String: IPv4?] = [:]

    init(directory: String) {
        self.directory = directory
    }

    private func path(_ identifier: String) -> String {
        "\(directory)/\(identifier).conf"
    }

    /// The stored configuration, or nil for DHCP (the default).
    func ipv4(for identifier: String) -> IPv4? {
        if let cached = cache[identifier] { return cached }
        var stored: IPv4?
        if let text = Files.text(at: path(identifier)) {
            let file = IniFile(file: path(identifier), text: text)
            for diagnostic in file.diagnostics { logger.warning("\(diagnostic)") }
            if let section = file.section("IPv4"), section.value("Method") == "manual",
               let address = section.value("Address"), let netmask = section.value("Netmask") {
                stored = IPv4(address: address, netmask: netmask, gateway: section.value("Gateway"))
            }
        }
        cache[identifier] = .some(stored)
        return stored
    }

    /// Stores (or, with nil, forgets) a configuration; throws when the
    /// directory cannot be written, so the caller can tell the user.
    func setIPv4(_ value: IPv4?, for identifier: String) throws(Files.Failure) {
        try Files.makeDirectory(directory, mode: 0o700)
        var text = "[IPv4]\n"
        if let value {
            text += "Method=manual\nAddress=\(value.address)\nNetmask=\(value.netmask)\n"
            if let gateway = value.gateway { text += "Gateway=\(gateway)\n" }
        } else {
            text += "Method=dhcp\n"
        }
        try Files.writeAtomically(text, to: path(identifier), mode: 0o644)
        cache[identifier] = .some(value)
        logger.info("stored IPv4 configuration of \(identifier): \(value.map { "manual \($0.address)/\($0.netmask)" } ?? "dhcp")")
    }
}
