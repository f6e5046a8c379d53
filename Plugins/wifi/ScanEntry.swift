import NL80211
import WPA

extension ScannedBSS {
    /// Reads a scan entry; nil for a BSS we cannot offer (hidden SSID, WEP
    /// or WPA1, enterprise-only, or ciphers other than CCMP).
    init?(_ bss: BSS) {
        var ssid: [UInt8]?
        var rsnElement: [UInt8]?
        for element in InformationElements(bss.informationElements) {
            if element.id == InformationElement.ssid { ssid = element.body }
            if element.id == InformationElement.rsn { rsnElement = element.bytes }
        }
        guard let ssid, !ssid.isEmpty, !ssid.allSatisfy({ $0 == 0 }) else { return nil }
        guard let rsnElement else {
            if bss.privacy { return nil }
            self.init(bss: bss, ssid: ssid, security: .none, apRSNE: nil, rsn: nil)
            return
        }
        guard let offer = try? RSNElement(parsing: rsnElement), offer.effectiveAKMSuites.contains(.psk),
              offer.effectivePairwiseCiphers.contains(.ccmp128), offer.effectiveGroupCipher == .ccmp128 else { return nil }
        // What we ask for: CCMP and PSK, no management frame protection.
        let ours = RSNElement(groupCipher: .ccmp128, pairwiseCiphers: [.ccmp128], akmSuites: [.psk])
        let rsn = RSNParameters(pairwiseCipher: CipherSuite.ccmp128.rawValue, groupCipher: CipherSuite.ccmp128.rawValue,
                                akm: AKMSuite.psk.rawValue, element: ours.bytes)
        self.init(bss: bss, ssid: ssid, security: .psk, apRSNE: rsnElement, rsn: rsn)
    }
}
