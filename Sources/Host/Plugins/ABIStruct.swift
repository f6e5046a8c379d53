import PluginABI

/// Host-side view of the ABI's versioning rules, shared by every struct a
/// plugin hands over.
enum ABI {
    static let major = UInt16(SB_ABI_MAJOR)
    static let minor = UInt16(SB_ABI_MINOR)
    static let entrySymbol = SB_PLUGIN_ENTRY_NAME

    /// Bytes of `T` up to the end of the field at `lastField`: the smallest
    /// struct_size that ABI 1.0 allows for `T`.
    static func sizeThrough<T, F>(_ lastField: KeyPath<T, F>) -> Int {
        MemoryLayout<T>.offset(of: lastField)! + MemoryLayout<F>.size
    }

    /// The header of a struct the host hands a plugin.
    static func header<T>(_ magic: UInt32, _ type: T.Type) -> sb_header {
        sb_header(magic: magic, abi_major: major, abi_minor: minor, struct_size: UInt32(MemoryLayout<T>.size), reserved: 0)
    }

    /// Each struct's name, its smallest size, and the minor that introduced it.
    static let minimumSizes: [UInt32: (name: String, size: Int, since: UInt16)] = [
        SB_MAGIC_PLUGIN_DESCRIPTOR: ("sb_plugin_descriptor", sizeThrough(\sb_plugin_descriptor.provisioning_ops), 0),
        SB_MAGIC_BEARER_OPS: ("sb_bearer_ops", sizeThrough(\sb_bearer_ops.service_disconnect), 0),
        SB_MAGIC_PROVISIONING_OPS: ("sb_provisioning_ops", sizeThrough(\sb_provisioning_ops.header), 0),
        SB_MAGIC_DEVICE_INFO: ("sb_device_info", sizeThrough(\sb_device_info.plugin_data), 0),
        SB_MAGIC_SERVICE_INFO: ("sb_service_info", sizeThrough(\sb_service_info.plugin_data), 0),
        SB_MAGIC_IPV4_SETTINGS: ("sb_ipv4_settings", sizeThrough(\sb_ipv4_settings.nameservers), 0),
        SB_MAGIC_IPV6_SETTINGS: ("sb_ipv6_settings", sizeThrough(\sb_ipv6_settings.nameservers), 0),
        SB_MAGIC_SECRET: ("sb_secret", sizeThrough(\sb_secret.pre_shared_key), 2),
        SB_MAGIC_NETWORK_CONFIG: ("sb_network_config", sizeThrough(\sb_network_config.pre_shared_key), 3),
    ]

    /// Checks the sb_header at `pointer` against the expected magic and this
    /// host's version, then returns a host-sized copy of the struct: fields
    /// beyond the producer's struct_size (an older minor) read as zero.
    static func read<T>(_ type: T.Type, at pointer: UnsafeRawPointer, magic: UInt32) throws(ABIViolation) -> T {
        let header = pointer.loadUnaligned(as: sb_header.self)
        let expected = minimumSizes[magic]!
        guard header.magic == magic else {
            throw .wrongMagic(structName: expected.name, found: header.magic, expected: magic)
        }
        guard header.abi_major == major else {
            throw .otherMajor(structName: expected.name, found: header.abi_major, minor: header.abi_minor)
        }
        guard header.abi_minor <= minor else {
            throw .newerMinor(structName: expected.name, found: header.abi_minor)
        }
        guard Int(header.struct_size) >= expected.size else {
            throw .tooSmall(structName: expected.name, found: header.struct_size, minimum: expected.size, since: expected.since)
        }
        let copied = min(Int(header.struct_size), MemoryLayout<T>.size)
        let storage = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size,
                                                       alignment: MemoryLayout<T>.alignment)
        defer { storage.deallocate() }
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<T>.size)
        storage.copyMemory(from: pointer, byteCount: copied)
        return storage.load(as: T.self)
    }
}

/// Why a struct from a plugin was refused.  Each case has its own message,
/// as the loader's log line is all a packager sees.
enum ABIViolation: Error, Equatable, CustomStringConvertible {
    case wrongMagic(structName: String, found: UInt32, expected: UInt32)
    case otherMajor(structName: String, found: UInt16, minor: UInt16)
    case newerMinor(structName: String, found: UInt16)
    case tooSmall(structName: String, found: UInt32, minimum: Int, since: UInt16)

    var description: String {
        switch self {
        case let .wrongMagic(name, found, expected):
            return "\(name) has magic \(hex(found)), expected \(hex(expected)): not a Switchboard plugin struct"
        case let .otherMajor(name, found, minor):
            return "\(name) was built for plugin ABI \(found).\(minor); this host speaks ABI \(ABI.major).x"
        case let .newerMinor(name, found):
            return "\(name) was built for plugin ABI \(ABI.major).\(found), newer than this host's \(ABI.major).\(ABI.minor): upgrade switchboardd"
        case let .tooSmall(name, found, minimum, since):
            return "\(name) struct_size \(found) is smaller than the \(minimum) bytes of ABI \(ABI.major).\(since)"
        }
    }
}

private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
