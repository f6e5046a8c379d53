import Logging

/// A management frame a bearer plugin received for a `frame_register()`
/// (ABI 1.2): the whole frame, 802.11 header included.
struct ManagementFrame: Sendable, Equatable {
    /// A 24-byte header; 2304 bytes of body at most (IEEE 802.11 MMPDU).
    static let minimumLength = 24
    static let maximumLength = 24 + 2304

    let device: Device.ID
    /// MHz.
    let frequency: UInt32
    let bytes: [UInt8]

    /// The frame control field's type and subtype bits (as nl80211's frame
    /// types name them, e.g. 0x00d0 for Action).
    var frameType: UInt16 { (UInt16(bytes[0]) | UInt16(bytes[1]) << 8) & 0x00fc }
    var body: ArraySlice<UInt8> { bytes[ManagementFrame.minimumLength...] }
}

/// Which provisioning plugin asked for which management frames of which
/// device (ABI 1.3 device_frame_register): a received frame goes to every
/// plugin whose registration it matches; the bearer is asked to register a
/// (type, prefix) once per device, however many plugins want it.
@MainActor
final class ManagementFrameRouter {
    struct Registration: Equatable {
        let plugin: String
        let type: UInt16
        let match: [UInt8]
    }

    private var registrations: [Device.ID: [Registration]] = [:]
    private let logger = Logger(label: "frames")

    /// Records a plugin's registration.  Returns true when the bearer has
    /// not been asked for these frames yet.
    func register(_ registration: Registration, on device: Device.ID) -> Bool {
        var list = registrations[device, default: []]
        guard !list.contains(registration) else { return false }
        let new = !list.contains { $0.type == registration.type && $0.match == registration.match }
        list.append(registration)
        registrations[device] = list
        return new
    }

    func forget(device: Device.ID) {
        registrations[device] = nil
    }

    func forget(plugin: String) {
        for device in registrations.keys { registrations[device]?.removeAll { $0.plugin == plugin } }
    }

    /// The plugins a frame goes to, each once.
    func consumers(of frame: ManagementFrame) -> [String] {
        var names: [String] = []
        for registration in registrations[frame.device] ?? []
        where registration.type & 0x00fc == frame.frameType && frame.body.starts(with: registration.match)
            && !names.contains(registration.plugin) {
            names.append(registration.plugin)
        }
        if names.isEmpty {
            logger.debug("management frame of \(frame.bytes.count) bytes on \(frame.frequency) MHz from device \(frame.device): no consumer; dropped")
        }
        return names
    }
}
