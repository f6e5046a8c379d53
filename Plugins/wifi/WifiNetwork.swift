import Hexadecimal
import NL80211
import PluginKit

/// The security a network offers that we can connect with.
enum WifiSecurity: String {
    case none
    case psk
}

/// One BSS of a scan, with what its elements say.
struct ScannedBSS {
    let bss: BSS
    let ssid: [UInt8]
    let security: WifiSecurity
    /// The AP's RSN element (compared with message 3's during the handshake).
    let apRSNE: [UInt8]?
    /// What we ask of the AP when connecting (nil for open networks).
    let rsn: RSNParameters?
}

/// A network as users see it: one SSID with one security, over any number
/// of BSSs; it becomes a service `wifi_<mac>_<ssid hex>_managed_<security>`.
final class WifiNetwork {
    struct Key: Hashable {
        let ssid: [UInt8]
        let security: WifiSecurity
    }

    let key: Key
    private(set) var bsses: [ScannedBSS] = []
    var service: sb_service_id?
    /// Scans in a row that did not see the network: it goes after a few.
    var missedScans = 0

    init(key: Key) {
        self.key = key
    }

    var ssid: [UInt8] { key.ssid }
    var security: WifiSecurity { key.security }

    /// The SSID as text; bytes that are not UTF-8 show as U+FFFD.
    var name: String { String(decoding: key.ssid, as: UTF8.self) }

    var best: ScannedBSS? { bsses.max { $0.bss.signal < $1.bss.signal } }

    var strength: UInt8 { best?.bss.strength ?? 0 }

    func identifier(deviceAddress: [UInt8]) -> String {
        "wifi_" + Hex.encode(deviceAddress) + "_" + Hex.encode(key.ssid) + "_managed_" + key.security.rawValue
    }

    /// The BSSs of the latest scan replace the previous ones.
    func update(_ seen: [ScannedBSS]) {
        bsses = seen
        missedScans = 0
    }

    func missed() {
        missedScans += 1
    }
}
