/// The RSN element (IEEE 802.11-2020 9.4.2.24).  Every field after the
/// version may be left off, from some field to the end; an absent field is
/// nil here (an empty list is a present count of zero), and the `effective`
/// accessors give the standard's defaults.  Integers are little-endian.
public struct RSNElement: Equatable, Sendable {
    public var version: UInt16
    public var groupCipher: CipherSuite?
    public var pairwiseCiphers: [CipherSuite]?
    public var akmSuites: [AKMSuite]?
    public var capabilities: RSNCapabilities?
    public var pmkids: [[UInt8]]?
    public var groupManagementCipher: CipherSuite?

    public init(version: UInt16 = 1, groupCipher: CipherSuite? = nil, pairwiseCiphers: [CipherSuite]? = nil,
                akmSuites: [AKMSuite]? = nil, capabilities: RSNCapabilities? = nil, pmkids: [[UInt8]]? = nil,
                groupManagementCipher: CipherSuite? = nil) {
        self.version = version
        self.groupCipher = groupCipher
        self.pairwiseCiphers = pairwiseCiphers
        self.akmSuites = akmSuites
        self.capabilities = capabilities
        self.pmkids = pmkids
        self.groupManagementCipher = groupManagementCipher
    }

    /// Parses one whole element, ID and length included, and nothing after it.
    /// Octets after the last field this standard defines are ignored.
    public init(parsing element: [UInt8]) throws(WPAError) {
        var header = ByteCursor(element[...], reading: "RSN element")
        guard try header.takeByte() == InformationElement.rsn else { throw .malformed("not an RSN element") }
        let length = Int(try header.takeByte())
        guard length == header.remainingCount else {
            throw length > header.remainingCount ? .truncated("RSN element") : .malformed("octets after the RSN element")
        }
        var cursor = ByteCursor(header.takeRest(), reading: "RSN element")
        version = try cursor.takeLittleEndianUInt16()
        guard version == 1 else { throw .unsupported("RSN version \(version)") }
        func list<K>(_ size: Int, _ make: (ArraySlice<UInt8>) -> K) throws(WPAError) -> [K]? {
            guard !cursor.isAtEnd else { return nil }
            let count = Int(try cursor.takeLittleEndianUInt16())
            guard count * size <= cursor.remainingCount else { throw .truncated("RSN element list") }
            var items: [K] = []
            for _ in 0..<count { items.append(make(try cursor.take(size))) }
            return items
        }
        groupCipher = cursor.isAtEnd ? nil : CipherSuite(octets: try cursor.take(4))
        pairwiseCiphers = try list(4) { CipherSuite(octets: $0) }
        akmSuites = try list(4) { AKMSuite(octets: $0) }
        capabilities = cursor.isAtEnd ? nil : RSNCapabilities(rawValue: try cursor.takeLittleEndianUInt16())
        pmkids = try list(16) { Array($0) }
        groupManagementCipher = cursor.isAtEnd ? nil : CipherSuite(octets: try cursor.take(4))
    }

    /// The element, ID and length included.  Fields are written up to the
    /// last present one; an absent field before it takes its default.
    public var bytes: [UInt8] {
        var fields: [[UInt8]] = [
            groupCipher.map(\.octets) ?? CipherSuite.ccmp128.octets,
            Self.list(pairwiseCiphers ?? [.ccmp128], \.octets),
            Self.list(akmSuites ?? [.ieee8021X], \.octets),
            (capabilities ?? []).rawValue.littleEndianBytes,
            Self.list(pmkids ?? [], { $0.fitted(to: 16) }),
            groupManagementCipher.map(\.octets) ?? [],
        ]
        let present = [groupCipher != nil, pairwiseCiphers != nil, akmSuites != nil, capabilities != nil,
                       pmkids != nil, groupManagementCipher != nil]
        fields = Array(fields.prefix((present.lastIndex(of: true) ?? -1) + 1))
        let body = Array((version.littleEndianBytes + fields.joined()).prefix(255))
        return [InformationElement.rsn, UInt8(body.count)] + body
    }

    private static func list<T>(_ items: [T], _ octets: (T) -> [UInt8]) -> [UInt8] {
        UInt16(truncatingIfNeeded: items.count).littleEndianBytes + items.flatMap(octets)
    }

    /// CCMP-128 when absent (9.4.2.24.1).
    public var effectiveGroupCipher: CipherSuite { groupCipher ?? .ccmp128 }
    public var effectivePairwiseCiphers: [CipherSuite] { pairwiseCiphers ?? [.ccmp128] }
    /// 802.1X with PMKSA caching when absent.
    public var effectiveAKMSuites: [AKMSuite] { akmSuites ?? [.ieee8021X] }
    public var effectiveCapabilities: RSNCapabilities { capabilities ?? [] }
    /// BIP-CMAC-128 when management frame protection is on and the field is absent.
    public var effectiveGroupManagementCipher: CipherSuite? {
        groupManagementCipher ?? (effectiveCapabilities.contains(.mfpCapable) ? .bipCMAC128 : nil)
    }

    /// Whether two elements agree on everything the 4-way handshake protects
    /// against downgrade: version, ciphers, AKMs, capabilities.  PMKIDs are
    /// left out: an association request or message 3 may list them where the
    /// Beacon does not.
    public func agreesForHandshake(with other: RSNElement) -> Bool {
        version == other.version && effectiveGroupCipher == other.effectiveGroupCipher
            && effectivePairwiseCiphers == other.effectivePairwiseCiphers
            && effectiveAKMSuites == other.effectiveAKMSuites && effectiveCapabilities == other.effectiveCapabilities
            && effectiveGroupManagementCipher == other.effectiveGroupManagementCipher
    }
}

/// RSN Capabilities (IEEE 802.11-2020 Figure 9-289).
public struct RSNCapabilities: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let preauthentication = RSNCapabilities(rawValue: 1 << 0)
    public static let noPairwise = RSNCapabilities(rawValue: 1 << 1)
    /// Management frame protection required (MFPR).
    public static let mfpRequired = RSNCapabilities(rawValue: 1 << 6)
    /// Management frame protection capable (MFPC).
    public static let mfpCapable = RSNCapabilities(rawValue: 1 << 7)
    public static let extendedKeyID = RSNCapabilities(rawValue: 1 << 13)

    /// PTKSA and GTKSA replay counters: 0-3 mean 1, 2, 4 or 16 counters.
    public init(ptksaReplayCounters: UInt8, gtksaReplayCounters: UInt8, _ flags: RSNCapabilities = []) {
        rawValue = flags.rawValue & ~0x3C | UInt16(ptksaReplayCounters & 3) << 2 | UInt16(gtksaReplayCounters & 3) << 4
    }
}
