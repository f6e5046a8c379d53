import CNL80211

/// A radio (wiphy) as nl80211 describes it.  A split dump describes one
/// wiphy over several messages: `merge` folds each into the same value.
public struct Wiphy: Sendable, Equatable {
    public let index: UInt32
    public var name = ""
    /// Enabled channels' centre frequencies in MHz, ascending.
    public var frequencies: [UInt32] = []
    /// The enabled channels where the radio may start a transmission: not
    /// passive-only (NO_IR) nor under radar detection, ascending.
    public var transmitFrequencies: [UInt32] = []
    /// NL80211_IFTYPE_* the radio can run.
    public var interfaceTypes: Set<UInt32> = []
    /// Cipher suite selectors (OUI << 8 | type), e.g. 0x000FAC04 for CCMP-128.
    public var cipherSuites: [UInt32] = []
    public var maxScanSSIDs = 0
    /// NL80211_EXT_FEATURE_* as a bitmap, one bit per feature.
    public var extendedFeatures: [UInt8] = []
    public var featureFlags: UInt32 = 0

    public init(index: UInt32) {
        self.index = index
    }

    public init?(_ message: NL80211Message) {
        guard let index = message.attributes.u32(NL80211_ATTR_WIPHY) else { return nil }
        self.init(index: index)
        merge(message)
    }

    public mutating func merge(_ message: NL80211Message) {
        let attributes = message.attributes
        guard attributes.u32(NL80211_ATTR_WIPHY) == index else { return }
        if let name = attributes.string(NL80211_ATTR_WIPHY_NAME) { self.name = name }
        for band in attributes.list(NL80211_ATTR_WIPHY_BANDS) {
            for channel in band.list(NL80211_BAND_ATTR_FREQS.rawValue) {
                guard let frequency = channel.u32(NL80211_FREQUENCY_ATTR_FREQ.rawValue),
                      !channel.has(NL80211_FREQUENCY_ATTR_DISABLED.rawValue) else { continue }
                if !frequencies.contains(frequency) { frequencies.append(frequency) }
                if !channel.has(NL80211_FREQUENCY_ATTR_NO_IR.rawValue), !channel.has(NL80211_FREQUENCY_ATTR_RADAR.rawValue),
                   !transmitFrequencies.contains(frequency) {
                    transmitFrequencies.append(frequency)
                }
            }
        }
        frequencies.sort()
        transmitFrequencies.sort()
        if let types = attributes.nested(NL80211_ATTR_SUPPORTED_IFTYPES) {
            interfaceTypes.formUnion(types.ordered.map { UInt32($0.type) })
        }
        if let suites = attributes.bytes(NL80211_ATTR_CIPHER_SUITES) {
            cipherSuites = Self.words(suites)
        }
        if let count = attributes.u8(NL80211_ATTR_MAX_NUM_SCAN_SSIDS) { maxScanSSIDs = Int(count) }
        if let features = attributes.bytes(NL80211_ATTR_EXT_FEATURES) { extendedFeatures = features }
        if let flags = attributes.u32(NL80211_ATTR_FEATURE_FLAGS) { featureFlags = flags }
    }

    /// Little-endian u32 words of an array attribute (a trailing partial word is dropped).
    static func words(_ bytes: [UInt8]) -> [UInt32] {
        (0..<(bytes.count / 4)).map { NetlinkDatagram.word(bytes[...], $0 * 4) }
    }

    public func supports(_ feature: nl80211_ext_feature_index) -> Bool {
        let bit = Int(feature.rawValue)
        guard bit / 8 < extendedFeatures.count else { return false }
        return extendedFeatures[bit / 8] & (1 << (bit % 8)) != 0
    }

    /// EAPOL frames can go through nl80211 itself instead of a packet socket.
    public var controlPortOverNL80211: Bool { supports(NL80211_EXT_FEATURE_CONTROL_PORT_OVER_NL80211) }

    public var bands: [String] {
        var names: [String] = []
        if frequencies.contains(where: { $0 < 3000 }) { names.append("2.4GHz") }
        if frequencies.contains(where: { $0 > 5000 && $0 < 5900 }) { names.append("5GHz") }
        if frequencies.contains(where: { $0 > 5900 }) { names.append("6GHz") }
        return names
    }
}

/// A network interface on a wiphy (a station, an AP, a monitor...).
public struct WirelessInterface: Sendable, Equatable {
    public let ifindex: Int32
    public let name: String
    public let wiphy: UInt32
    /// NL80211_IFTYPE_*.
    public let type: UInt32
    public let address: [UInt8]

    public init?(_ message: NL80211Message) {
        let attributes = message.attributes
        guard let ifindex = attributes.u32(NL80211_ATTR_IFINDEX), let wiphy = attributes.u32(NL80211_ATTR_WIPHY),
              let name = attributes.string(NL80211_ATTR_IFNAME), let type = attributes.u32(NL80211_ATTR_IFTYPE),
              let address = attributes.bytes(NL80211_ATTR_MAC), address.count == 6 else { return nil }
        self.ifindex = Int32(bitPattern: ifindex)
        self.name = name
        self.wiphy = wiphy
        self.type = type
        self.address = address
    }

    public var isStation: Bool { type == NL80211_IFTYPE_STATION.rawValue }
}

/// One BSS from a scan dump.
public struct BSS: Sendable, Equatable {
    public let bssid: [UInt8]
    public let frequency: UInt32
    /// Signal in mBm (dBm * 100).
    public let signal: Int32
    public let capability: UInt16
    /// The information elements (probe response's, else beacon's).
    public let informationElements: [UInt8]
    public let associated: Bool
    public let age: UInt32

    public init?(_ message: NL80211Message) {
        guard let bss = message.attributes.nested(NL80211_ATTR_BSS),
              let bssid = bss.bytes(NL80211_BSS_BSSID.rawValue), bssid.count == 6,
              let frequency = bss.u32(NL80211_BSS_FREQUENCY.rawValue) else { return nil }
        self.bssid = bssid
        self.frequency = frequency
        signal = bss.s32(NL80211_BSS_SIGNAL_MBM.rawValue) ?? -10000
        capability = bss.u16(NL80211_BSS_CAPABILITY.rawValue) ?? 0
        informationElements = bss.bytes(NL80211_BSS_INFORMATION_ELEMENTS.rawValue)
            ?? bss.bytes(NL80211_BSS_BEACON_IES.rawValue) ?? []
        let status = bss.u32(NL80211_BSS_STATUS.rawValue)
        associated = status == NL80211_BSS_STATUS_ASSOCIATED.rawValue
        age = bss.u32(NL80211_BSS_SEEN_MS_AGO.rawValue) ?? 0
    }

    /// The Privacy bit of the capability field: a network without an RSN
    /// element but with Privacy is WEP, which we do not offer.
    public var privacy: Bool { capability & 0x0010 != 0 }

    /// Strength 0..100 as ConnMan shows it: -100 dBm and below is 0, -50 dBm and above is 100.
    public var strength: UInt8 {
        let dBm = Int(signal) / 100
        return UInt8(max(0, min(100, 2 * (dBm + 100))))
    }
}
