import Hexadecimal

/// The secret of a WPA-Personal network: the passphrase a user typed (8 to
/// 63 printable ASCII characters) and/or the pre-shared key derived from it
/// and the SSID (64 hex digits).  At least one of them is there.
public struct NetworkSecret: Sendable, Equatable {
    public let passphrase: String?
    /// Lower-case hex.
    public let preSharedKey: String?

    /// nil unless every part given is well-formed and at least one is given.
    public init?(passphrase: String?, preSharedKey: String?) {
        guard passphrase != nil || preSharedKey != nil else { return nil }
        if let passphrase, !Self.isValidPassphrase(passphrase) { return nil }
        if let preSharedKey, !Self.isValidPreSharedKey(preSharedKey) { return nil }
        self.passphrase = passphrase
        self.preSharedKey = preSharedKey?.lowercased()
    }

    /// What a user typed into an agent: 64 hex digits are the key itself
    /// (as ConnMan and wpa_supplicant take them), anything else must be a passphrase.
    public init?(userInput: String) {
        if Self.isValidPreSharedKey(userInput) {
            self.init(passphrase: nil, preSharedKey: userInput)
        } else {
            self.init(passphrase: userInput, preSharedKey: nil)
        }
    }

    /// 8 to 63 characters from ASCII 32 to 126 (IEEE 802.11, M.4.1).
    public static func isValidPassphrase(_ text: String) -> Bool {
        (8...63).contains(text.utf8.count) && text.utf8.allSatisfy { (0x20...0x7e).contains($0) }
    }

    public static func isValidPreSharedKey(_ text: String) -> Bool {
        text.utf8.count == 64 && Hex.decode(text) != nil
    }

    /// The same network secret: the parts both sides have agree.
    func agrees(with other: NetworkSecret) -> Bool {
        let passphrases = passphrase != nil && other.passphrase != nil
        let keys = preSharedKey != nil && other.preSharedKey != nil
        guard passphrases || keys else { return false }
        return (!passphrases || passphrase == other.passphrase) && (!keys || preSharedKey == other.preSharedKey)
    }
}
