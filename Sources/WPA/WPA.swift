/// WPA: WPA2-Personal key management for a station, as a pure engine (no
/// sockets, no clock, no randomness): bytes in, bytes and effects out.
///
/// Layout, one concern per folder:
/// - `Crypto/`: passphrase to PMK (PBKDF2-HMAC-SHA1), the 802.11 PRF and
///   KDF-SHA256, the PTK, EAPOL-Key MICs (HMAC-SHA1-128, AES-128-CMAC) and
///   AES key wrap, on OpenSSL 3;
/// - `Wire/`: EAPOL and EAPOL-Key frames, Key Data and its KDEs, the RSN
///   element, suite selectors and an 802.11 element iterator, each with a
///   strict parser (typed errors, never a trap) and a serializer;
/// - `Engine/`: `SupplicantHandshake`, the 4-way and group key handshakes as
///   one state machine, one value type per phase in `States/`.
///
/// What the Wi-Fi plugin does with it:
/// 1. Scan results: `InformationElements(ies)` gives the SSID, the RSNE
///    (`rsn`, and `rsnElementBytes` as advertised), rates and channel.
/// 2. Connect: `apRSNE.personalSelection(pairwisePreference:)` is the RSNE to
///    send (NL80211_ATTR_IE); its suites' `rawValue`s are the nl80211 cipher
///    and AKM numbers.  `PassphraseHash.pmk(passphrase:ssid:)` is the PMK.
/// 3. Associated: `SupplicantHandshake(configuration, nonce: 32 random
///    octets)`; every EAPOL frame from the AP goes to `receive`, and its
///    effects are carried out in order (message 4 is sent before its keys
///    are installed).  `.completed` authorizes the port; `.failed` ends the
///    association.  The adapter bounds the handshake in time; if it times
///    out or the AP deauthenticates while `suggestsWrongPassphrase`, report
///    a wrong passphrase.
///
/// Not spoken: TKIP and WEP, 802.1X/EAP, SAE, FT, PMKSA caching, pairwise
/// rekeying (a message 1 after completion is dropped; reconnect instead).
public enum WPA {}
