import DBus

/// A service as ConnMan's `net.connman.Service.GetProperties` reports it.
enum ServiceProperties {
    static func all(_ service: Service, device: Device?, ipv4Configuration: StaticIPStore.IPv4?) -> [(String, DBusValue)] {
        var properties: [(String, DBusValue)] = [
            ("Type", .string(service.bearer)),
            ("Name", .string(service.name)),
            ("State", .string(service.state.rawValue)),
            error(service),
            ("Security", .stringArray(service.security == "none" ? [] : [service.security])),
            ("Favorite", .boolean(service.favorite)),
            ("Immutable", .boolean(false)),
            ("AutoConnect", .boolean(service.autoConnect)),
            ("IPv4", ipv4(service.ipv4)),
            ("IPv4.Configuration", ServiceIPConfiguration.value(ipv4Configuration)),
            ("IPv6", ipv6(service.ipv6)),
            nameservers(service),
            domains(service),
            ("Ethernet", ethernet(device)),
        ]
        if service.bearer != "ethernet" {
            properties.append(("Strength", .byte(service.strength)))
        }
        return properties
    }

    /// The property that changes when `field` does: one signal per value
    /// that really changed, as ConnMan sends them.
    static func changed(_ field: Service.Field, _ service: Service) -> (String, DBusValue)? {
        switch field {
        case .state: ("State", .string(service.state.rawValue))
        case .error: error(service)
        case .favorite: ("Favorite", .boolean(service.favorite))
        case .strength: ("Strength", .byte(service.strength))
        case .ipv4: ("IPv4", ipv4(service.ipv4))
        case .ipv6: ("IPv6", ipv6(service.ipv6))
        case .autoConnect: ("AutoConnect", .boolean(service.autoConnect))
        case .nameservers: nameservers(service)
        case .domains: domains(service)
        case .frequency: nil  // ConnMan's Service has no such property
        }
    }

    /// `Error`: why the last attempt failed; nothing once the service is connected.
    static func error(_ service: Service) -> (String, DBusValue) {
        ("Error", .string(service.reportedError ?? ""))
    }

    static func nameservers(_ service: Service) -> (String, DBusValue) {
        ("Nameservers", .stringArray(service.nameservers))
    }

    static func domains(_ service: Service) -> (String, DBusValue) {
        ("Domains", .stringArray(service.domains))
    }

    static func ipv4(_ settings: IPv4Settings?) -> DBusValue {
        guard let settings else { return .properties([]) }
        var entries: [(String, DBusValue)] = [("Method", .string(settings.method.rawValue))]
        if let address = settings.address { entries.append(("Address", .string(address))) }
        if let netmask = settings.netmask { entries.append(("Netmask", .string(netmask))) }
        if let gateway = settings.gateway { entries.append(("Gateway", .string(gateway))) }
        return .properties(entries)
    }

    static func ipv6(_ settings: IPv6Settings?) -> DBusValue {
        guard let settings else { return .properties([]) }
        var entries: [(String, DBusValue)] = [("Method", .string(settings.method.rawValue))]
        if let address = settings.address { entries.append(("Address", .string(address))) }
        entries.append(("PrefixLength", .byte(settings.prefixLength)))
        if let gateway = settings.gateway { entries.append(("Gateway", .string(gateway))) }
        return .properties(entries)
    }

    static func ethernet(_ device: Device?) -> DBusValue {
        guard let device else { return .properties([]) }
        var entries: [(String, DBusValue)] = [("Method", .string("auto"))]
        if let interface = device.interface { entries.append(("Interface", .string(interface))) }
        if let address = device.address { entries.append(("Address", .string(address))) }
        return .properties(entries)
    }
}
