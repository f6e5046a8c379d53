import DBus
import Netlink

/// ConnMan's `IPv4.Configuration` service property: what the user asked for
/// (Method "dhcp", or "manual" with Address, Netmask and Gateway), as
/// opposed to `IPv4`, what the service has now.
enum ServiceIPConfiguration {
    static func value(_ stored: StaticIPStore.IPv4?) -> DBusValue {
        guard let stored else { return .properties([("Method", .string("dhcp"))]) }
        var entries: [(String, DBusValue)] = [("Method", .string("manual")), ("Address", .string(stored.address)),
                                              ("Netmask", .string(stored.netmask))]
        if let gateway = stored.gateway { entries.append(("Gateway", .string(gateway))) }
        return .properties(entries)
    }

    /// Reads a SetProperty value: nil for DHCP, a static configuration for
    /// manual; anything malformed is InvalidArguments naming the problem.
    static func parse(_ value: DBusValue) throws(DBusError) -> StaticIPStore.IPv4? {
        guard case .dictionary(.string, .variant, let entries) = value else {
            throw ConnMan.error("InvalidArguments", "IPv4.Configuration takes a dictionary (a{sv})")
        }
        var fields: [String: String] = [:]
        for entry in entries {
            guard let key = entry.key.stringValue else { continue }
            guard let text = entry.value.unwrapped.stringValue else {
                throw ConnMan.error("InvalidArguments", "IPv4.Configuration \(key) must be a string")
            }
            guard ["Method", "Address", "Netmask", "Gateway"].contains(key) else {
                throw ConnMan.error("InvalidArguments", "IPv4.Configuration has no key '\(key)'")
            }
            fields[key] = text
        }
        switch fields["Method"] {
        case "dhcp":
            return nil
        case "manual":
            guard let address = fields["Address"], let addressValue = IPv4Math.parse(address) else {
                throw ConnMan.error("InvalidArguments", "manual IPv4 needs a valid Address")
            }
            let netmask = fields["Netmask"] ?? "255.255.255.0"
            guard let prefix = IPv4Math.prefixLength(netmask: netmask), prefix > 0, prefix <= 32 else {
                throw ConnMan.error("InvalidArguments", "Netmask '\(netmask)' is not a valid netmask")
            }
            let gateway = fields["Gateway"].flatMap { $0.isEmpty ? nil : $0 }
            if let gateway {
                guard let gatewayValue = IPv4Math.parse(gateway) else {
                    throw ConnMan.error("InvalidArguments", "Gateway '\(gateway)' is not an IPv4 address")
                }
                let mask = IPv4Math.netmask(prefixLength: prefix)
                guard gatewayValue & mask == addressValue & mask || prefix == 32 else {
                    throw ConnMan.error("InvalidArguments", "Gateway \(gateway) is not on \(address)/\(prefix)")
                }
            }
            return StaticIPStore.IPv4(address: address, netmask: netmask, gateway: gateway)
        default:
            throw ConnMan.error("InvalidArguments", "IPv4.Configuration Method must be dhcp or manual")
        }
    }
}
