import COpenSSL
import Hexadecimal

/// The WPA2-Personal credential to PMK mapping (IEEE 802.11-2020 J.4.1):
/// PSK = PBKDF2-HMAC-SHA1(passphrase, SSID, 4096 iterations, 256 bits).
public enum PassphraseHash {
    public static let iterations = 4096
    public static let pmkLength = 32

    /// The PMK for `passphrase` on the network `ssid`.  A passphrase is 8 to
    /// 63 characters from ASCII 32 to 126; 64 hexadecimal digits are the PSK
    /// itself (the SSID is then unused), as wpa_supplicant's `psk=` takes it.
    public static func pmk(passphrase: String, ssid: [UInt8]) throws(WPAError) -> [UInt8] {
        let characters = Array(passphrase.utf8)
        if characters.count == 2 * pmkLength, let psk = Hex.decode(digits: characters) { return psk }
        guard (8...63).contains(characters.count), characters.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw .invalidPassphrase
        }
        guard (1...32).contains(ssid.count) else { throw .invalidSSID }
        var pmk = [UInt8](repeating: 0, count: pmkLength)
        let passphraseBytes = characters.map { CChar(bitPattern: $0) }
        guard PKCS5_PBKDF2_HMAC_SHA1(passphraseBytes, Int32(passphraseBytes.count), ssid, Int32(ssid.count),
                                     Int32(iterations), Int32(pmkLength), &pmk) == 1 else {
            throw OpenSSLCalls.failure("PKCS5_PBKDF2_HMAC_SHA1")
        }
        return pmk
    }
}
