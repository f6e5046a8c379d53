/// The group keys in the Key Data of message 3 or group message 1, checked
/// against the negotiated ciphers.
struct GroupKeys {
    let gtk: GroupKeyKDE
    /// Only when we offered management frame protection and the AP sent one.
    let igtk: IntegrityGroupKeyKDE?

    init(_ items: [KeyDataItem], _ suites: NegotiatedSuites) throws(WPAError) {
        let gtks = items.compactMap { item -> GroupKeyKDE? in if case .groupKey(let kde) = item { kde } else { nil } }
        guard let gtk = gtks.first else { throw .malformed("no GTK KDE") }
        guard gtk.key.count == suites.groupCipher.temporalKeyLength else {
            throw .malformed("GTK of \(gtk.key.count) octets for \(suites.groupCipher)")
        }
        self.gtk = gtk
        let igtks = items.compactMap { item -> IntegrityGroupKeyKDE? in
            if case .integrityGroupKey(let kde) = item { kde } else { nil }
        }
        guard let cipher = suites.groupManagementCipher, let offered = igtks.first else {
            igtk = nil
            return
        }
        guard offered.key.count == cipher.integrityKeyLength, (4...5).contains(offered.keyIndex) else {
            throw .malformed("IGTK KDE with key index \(offered.keyIndex) and \(offered.key.count) octets")
        }
        igtk = offered
    }
}

/// The group keys installed so far, by key index, so that the same key is
/// never installed twice: reinstalling would reset its replay counter, the
/// group variant of the key reinstallation attacks (KRACK).
struct InstalledGroupKeys: Sendable {
    private var gtks: [Int: [UInt8]] = [:]
    private var igtks: [Int: [UInt8]] = [:]

    /// The install effects for what `keys` brings that is new.
    mutating func install(_ keys: GroupKeys, rsc: [UInt8], _ suites: NegotiatedSuites) -> [HandshakeEffect] {
        var effects: [HandshakeEffect] = []
        if !Self.holds(gtks[keys.gtk.keyIndex], keys.gtk.key) {
            gtks[keys.gtk.keyIndex] = keys.gtk.key
            effects.append(.installGroupKey(gtk: keys.gtk.key, keyIndex: keys.gtk.keyIndex, rsc: rsc,
                                            cipher: suites.groupCipher))
        }
        if let igtk = keys.igtk, let cipher = suites.groupManagementCipher, !Self.holds(igtks[igtk.keyIndex], igtk.key) {
            igtks[igtk.keyIndex] = igtk.key
            effects.append(.installIntegrityGroupKey(igtk: igtk.key, keyIndex: igtk.keyIndex, ipn: igtk.packetNumber,
                                                     cipher: cipher))
        }
        return effects
    }

    private static func holds(_ installed: [UInt8]?, _ key: [UInt8]) -> Bool {
        installed.map { OpenSSLCalls.constantTimeEquals($0, key) } ?? false
    }
}
