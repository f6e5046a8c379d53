/// What the handshake asks its adapter to do, in order.
public enum HandshakeEffect: Equatable, Sendable {
    /// Send this whole EAPOL PDU to the AA (with NL80211_CMD_CONTROL_PORT_FRAME
    /// or the EAPOL socket).  Message 4 comes before the pairwise key it
    /// confirms: send it unencrypted, then install.
    case send([UInt8])
    /// Install the pairwise key, key index 0, for the AA.  `cipher.rawValue`
    /// is NL80211_ATTR_KEY_CIPHER.
    case installPairwiseKey(tk: [UInt8], cipher: CipherSuite)
    /// Install a group key for receiving.  `rsc` is NL80211_ATTR_KEY_SEQ:
    /// six octets, least significant first.
    case installGroupKey(gtk: [UInt8], keyIndex: Int, rsc: [UInt8], cipher: CipherSuite)
    /// Install an IGTK (management frame protection; only when our RSNE set
    /// MFPC).  `ipn` as NL80211_ATTR_KEY_SEQ, like `rsc`.
    case installIntegrityGroupKey(igtk: [UInt8], keyIndex: Int, ipn: [UInt8], cipher: CipherSuite)
    /// The 4-way handshake is done: authorize the port.
    case completed
    /// A group key handshake installed a new group key.
    case rekeyed
    /// The handshake cannot go on: the adapter must end the association.
    case failed(HandshakeFailure)
}

/// Why a handshake failed for good.  Anything else is dropped silently and
/// left to the authenticator's retransmissions and timeouts.
public enum HandshakeFailure: Error, Equatable, Sendable {
    /// Message 3 was authentic but its RSNE is not the one the AP advertised
    /// (or its second RSNE picks a pairwise cipher we did not): a downgrade
    /// attempt or a broken AP.  IEEE 802.11-2020 12.7.6.4 has the STA
    /// disassociate (reason 17, IE in 4-way handshake different).
    case rsneMismatch
}

/// Where the handshake is.
public enum HandshakePhase: Equatable, Sendable {
    /// Waiting for message 1.
    case awaitingMessage1
    /// Message 2 sent, waiting for message 3.  An association that ends in
    /// this phase most likely failed on the passphrase: the AP drops a
    /// message 2 whose MIC it cannot verify, which is what another PMK gives,
    /// retransmits message 1 a few times and deauthenticates (usually reason
    /// 15, 4-way handshake timeout).  See `SupplicantHandshake.suggestsWrongPassphrase`.
    case sentMessage2
    /// Keys installed, port authorized; group key handshakes may follow.
    case completed
    case failed(HandshakeFailure)
}
