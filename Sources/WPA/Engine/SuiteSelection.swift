extension RSNElement {
    /// The RSNE a WPA2-Personal station sends to the AP that advertises
    /// `self` (IEEE 802.11-2020 12.6.3): one AKM (PSK-SHA256 when offered,
    /// else PSK), the first pairwise cipher of `pairwisePreference` the AP
    /// offers (the driver's ciphers, best first), the AP's group cipher.
    /// With `managementFrameProtection` (the driver does BIP) and an AP
    /// capable of it, MFPC is set and the AP's group management cipher kept.
    /// Nil when nothing fits: no PSK AKM, no common pairwise cipher, a group
    /// cipher the engine cannot install (TKIP, WEP), or an AP that requires
    /// management frame protection we cannot give.
    public func personalSelection(pairwisePreference: [CipherSuite] = [.ccmp128],
                                  managementFrameProtection: Bool = false) -> RSNElement? {
        let offeredAKMs = effectiveAKMSuites
        guard let akm = [AKMSuite.pskSHA256, .psk].first(where: offeredAKMs.contains),
              let pairwise = pairwisePreference.first(where: {
                  effectivePairwiseCiphers.contains($0) && $0.temporalKeyLength != nil
              }),
              effectiveGroupCipher.temporalKeyLength != nil else { return nil }
        let apCapabilities = effectiveCapabilities
        if apCapabilities.contains(.mfpRequired), !managementFrameProtection { return nil }
        let protected = managementFrameProtection && apCapabilities.contains(.mfpCapable)
        return RSNElement(groupCipher: effectiveGroupCipher, pairwiseCiphers: [pairwise], akmSuites: [akm],
                          capabilities: protected ? [.mfpCapable] : [],
                          pmkids: protected && groupManagementCipher != nil ? [] : nil,
                          groupManagementCipher: protected ? groupManagementCipher : nil)
    }
}
