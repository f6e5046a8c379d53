/// The one error type of the WPA module.  Parsers and key derivation throw
/// it; the handshake never throws but keeps the reason it dropped the last
/// frame (`SupplicantHandshake.lastDropReason`) for the adapter's logs.
public enum WPAError: Error, Equatable, Sendable {
    // Wire formats
    /// The named structure ends before one of its fields or the length it announces.
    case truncated(String)
    /// A field holds a value the standard does not allow there.
    case malformed(String)
    /// Valid, but not something this engine speaks (a cipher, an AKM, a descriptor).
    case unsupported(String)

    // Credentials and configuration
    /// Neither 8 to 63 printable ASCII characters nor 64 hexadecimal digits.
    case invalidPassphrase
    /// An SSID of 0 or more than 32 octets.
    case invalidSSID
    /// A configuration value of the wrong size or shape (named).
    case invalidConfiguration(String)

    // Cryptography
    /// An OpenSSL call failed (named, with OpenSSL's reason when it gave one).
    case cryptoFailure(String)
    /// AES key unwrap's integrity check failed: wrong KEK or altered Key Data.
    case keyUnwrapFailed

    // Why the handshake dropped a frame (the authenticator retransmits)
    /// An EAPOL packet that is not an EAPOL-Key frame (EAP, Start, Logoff...).
    case notEAPOLKey
    /// A frame this phase does not take (named), or Key Information bits no message has.
    case unexpectedMessage(String)
    /// The replay counter is not above the last authenticated frame's.
    case staleReplayCounter
    /// Message 3's ANonce is not message 1's.
    case nonceMismatch
    /// The MIC does not verify under our KCK: a forged or corrupted frame, or another PMK.
    case micMismatch
}
