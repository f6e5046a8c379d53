/// The 802.11 management header around a public action frame on the air:
/// frame control `d0 00` (Action), duration, destination, source, BSSID,
/// sequence control: 24 octets, then the body the engine speaks (category
/// octet first).  Pure; the radio adapter adds and strips it.
public enum ManagementHeader {
    public static let length = 24
    /// Frame control of an Action frame (type management, subtype 13).
    static let actionFrameControl: [UInt8] = [0xd0, 0x00]
    /// DPP frames go outside any BSS, so they carry the wildcard BSSID.
    public static let broadcast = try! MACAddress([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])

    /// `body` as a whole Action frame from `source` to `destination`.
    public static func wrap(_ body: [UInt8], to destination: MACAddress, from source: MACAddress,
                            bssid: MACAddress = broadcast) -> [UInt8] {
        actionFrameControl + [0, 0] + destination.octets + source.octets + bssid.octets + [0, 0] + body
    }

    /// A received Action frame's addresses and body; nil for anything else
    /// (another frame type, or too short to hold a category octet).
    public static func unwrap(_ frame: some Collection<UInt8>) -> (destination: MACAddress, source: MACAddress,
                                                                   body: [UInt8])? {
        let octets = Array(frame)
        // Bits 2-7 of the first octet: type 0 (management), subtype 13 (Action).
        guard octets.count > length, octets[0] & 0xfc == actionFrameControl[0],
              let destination = try? MACAddress(Array(octets[4..<10])),
              let source = try? MACAddress(Array(octets[10..<16])) else { return nil }
        return (destination, source, Array(octets[length...]))
    }
}
