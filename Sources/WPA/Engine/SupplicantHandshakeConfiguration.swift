/// What the supplicant's handshake needs from the association.
public struct SupplicantHandshakeConfiguration: Equatable, Sendable {
    /// The PMK: `PassphraseHash.pmk(passphrase:ssid:)` for WPA2-Personal (32 octets).
    public var pmk: [UInt8]
    /// AA: the AP's MAC address (the BSSID), 6 octets.
    public var authenticatorAddress: [UInt8]
    /// SPA: our MAC address, 6 octets.
    public var supplicantAddress: [UInt8]
    /// The whole RSN element (ID and length included) we sent in the
    /// (Re)Association Request.  It names the negotiated suites: exactly one
    /// pairwise cipher and one AKM.  Message 2 carries it as it is.
    public var supplicantRSNE: [UInt8]
    /// The AP's whole RSN element from its Beacon or Probe Response, which
    /// message 3's must match; nil skips that check (the AP's is unknown).
    public var authenticatorRSNE: [UInt8]?

    public init(pmk: [UInt8], authenticatorAddress: [UInt8], supplicantAddress: [UInt8], supplicantRSNE: [UInt8],
                authenticatorRSNE: [UInt8]?) {
        self.pmk = pmk
        self.authenticatorAddress = authenticatorAddress
        self.supplicantAddress = supplicantAddress
        self.supplicantRSNE = supplicantRSNE
        self.authenticatorRSNE = authenticatorRSNE
    }
}

/// The suites the association negotiated, read from the supplicant's RSNE.
struct NegotiatedSuites: Equatable, Sendable {
    let akm: AKMSuite
    let pairwiseCipher: CipherSuite
    let groupCipher: CipherSuite
    /// Set when we offered management frame protection (MFPC): only then is an IGTK installed.
    let groupManagementCipher: CipherSuite?

    init(supplicantRSNE: [UInt8]) throws(WPAError) {
        let element = try RSNElement(parsing: supplicantRSNE)
        guard let pairwise = element.pairwiseCiphers, pairwise.count == 1,
              let akms = element.akmSuites, akms.count == 1 else {
            throw .invalidConfiguration("supplicant RSNE must name one pairwise cipher and one AKM")
        }
        guard [.psk, .pskSHA256].contains(akms[0]) else { throw .unsupported("AKM \(akms[0])") }
        guard pairwise[0].temporalKeyLength != nil else { throw .unsupported("pairwise cipher \(pairwise[0])") }
        // TKIP (a 32-octet GTK with Michael keys to swap) and WEP groups are not spoken.
        guard element.effectiveGroupCipher.temporalKeyLength != nil else {
            throw .unsupported("group cipher \(element.effectiveGroupCipher)")
        }
        akm = akms[0]
        pairwiseCipher = pairwise[0]
        groupCipher = element.effectiveGroupCipher
        groupManagementCipher = element.effectiveGroupManagementCipher
        if let groupManagementCipher, groupManagementCipher.integrityKeyLength == nil {
            throw .unsupported("group management cipher \(groupManagementCipher)")
        }
    }

    /// Descriptor version 2 for PSK, 3 for PSK-SHA256 (12.7.2).
    var descriptorVersion: KeyDescriptorVersion { akm == .pskSHA256 ? .aesCMAC : .hmacSHA1AES }
}
