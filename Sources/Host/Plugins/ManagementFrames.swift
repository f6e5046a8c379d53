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
}

/// Where received management frames go.  The seam for provisioning over
/// Wi-Fi: DPP and PKEX will add a consumer for the frames of the devices they
/// registered frames on.  Until one takes a frame it is logged at debug and
/// dropped.
@MainActor
final class ManagementFrameRouter {
    /// Returns true when it took the frame.
    typealias Consumer = @MainActor (ManagementFrame) -> Bool

    private var consumers: [Consumer] = []
    private let logger = Logger(label: "frames")

    func addConsumer(_ consumer: @escaping Consumer) {
        consumers.append(consumer)
    }

    func deliver(_ frame: ManagementFrame) {
        for consumer in consumers where consumer(frame) { return }
        logger.debug("management frame of \(frame.bytes.count) bytes on \(frame.frequency) MHz from device \(frame.device): no consumer; dropped")
    }
}
