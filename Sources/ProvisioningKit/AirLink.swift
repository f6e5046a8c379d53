import EasyConnect
import Glibc
import PluginKit

/// DPP and PKEX frames over the air on one device, through the host's frame
/// transport (the radio of the bearer that owns the device).  It adds and
/// strips the 802.11 header, keeps the radio on the exchange's channel when
/// the device does not operate there (remain-on-channel, renewed until
/// closed), repeats an opening frame (a presence announcement, an
/// authentication request) until a peer answers, on one channel or in turn
/// on several, and then resends an unacknowledged frame a few times.
public final class AirLink {
    /// Action frames, with their public-action prefixes, that DPP and PKEX use:
    /// what a provisioning plugin registers for on a device.
    static let actionFrameType: UInt16 = 0x00d0
    static let registrations: [[UInt8]] = [
        [0x04, 0x09, 0x50, 0x6f, 0x9a, 0x1a, 0x01],  // DPP public action
        [0x04, 0x0a],  // GAS Initial Request (the Configuration Request)
        [0x04, 0x0b],  // GAS Initial Response
    ]

    /// Asks for the frames of `registrations` on `device`: 0, or -errno
    /// when its bearer has no frame transport.
    static func registerFrames(host: HostAPI, device: sb_device_id) -> Int32 {
        for match in registrations {
            let status = host.registerFrames(device, type: actionFrameType, match: match)
            guard status == 0 else { return status }
        }
        return 0
    }

    /// The device's radio, registered for DPP and PKEX frames, listening
    /// on `frequency` unless the device already operates there.  Refuses
    /// with -ENETDOWN (NotAvailable) a device without a MAC address or a
    /// frame transport; `hint` ends that message.
    public static func open(host: HostAPI, device: sb_device_id, address: MACAddress?, frequency: UInt32,
                            operatingFrequency: UInt32, peer: MACAddress? = nil, searching: [UInt32] = [],
                            hint: String = "") throws(ProvisioningStartError) -> AirLink {
        guard let address else {
            throw ProvisioningStartError(-ENETDOWN, "the device has no MAC address to send DPP frames from")
        }
        let status = registerFrames(host: host, device: device)
        guard status == 0 else {
            throw ProvisioningStartError(-ENETDOWN, "the device cannot carry DPP frames (errno \(-status))\(hint)")
        }
        return AirLink(host: host, device: device, ownAddress: address, frequency: frequency,
                       operatingFrequency: operatingFrequency, peer: peer, searching: searching)
    }

    /// 2.4 GHz channel 6: where an enrollee listens and sends (hostapd and
    /// wpa_supplicant do the same), and where a configurator looks when
    /// nothing names its channel.
    public static let defaultFrequency: UInt32 = 2437

    /// Where a session meets its peer: an enrollee (it has left its
    /// network: the host disconnects it) on `defaultFrequency`, a
    /// configurator on the channel it is connected on (`connectedFrequency`,
    /// 0 when unknown).
    public static func meetingFrequency(enrollee: Bool, connectedFrequency: UInt32) -> UInt32 {
        enrollee || connectedFrequency == 0 ? defaultFrequency : connectedFrequency
    }

    /// Our radio's listen window: most drivers allow up to a second.
    static let listenMilliseconds: UInt32 = 1000
    /// An opening frame is sent again this often until a peer answers.
    static let repeatMilliseconds: UInt64 = 2000
    /// While searching, sends of the opening frame on a channel before the
    /// next (10 s, as wpa_supplicant's PKEX initiator): an answer may come
    /// late.  wpa_supplicant as configurator queues it until its own listen
    /// window (up to 5 s) has ended, and ignores every later request.
    static let sendsPerChannel = 5
    /// Sends of one unicast frame the peer does not acknowledge.
    static let unicastAttempts = 5
    static let resendMilliseconds: UInt64 = 100
    /// How long a peer may take to answer within one listen window.
    static let answerMilliseconds = 300

    public let device: sb_device_id
    public let ownAddress: MACAddress
    /// MHz: where frames go and, when the device operates elsewhere, where
    /// the radio listens.  While searching, it moves on after
    /// `sendsPerChannel` sends of the opening frame; it stays where the peer
    /// answered.
    public private(set) var frequency: UInt32
    /// The channels an unanswered opening frame goes out on in turn
    /// (`sendsPerChannel` repeat intervals each); none or one: `frequency` only.
    public let searchFrequencies: [UInt32]
    /// The peer: from its URI, or the sender of the first frame the
    /// exchange took (`reply(to:)`).  Frames from anyone else are dropped.
    public private(set) var peer: MACAddress?
    /// A frame for us from the peer (or from anyone, while `peer` is nil):
    /// its sender and its body (category octet first).
    public var onFrame: (MACAddress, [UInt8]) -> Void = { _, _ in }
    public var log: (sb_log_level, String) -> Void = { _, _ in }

    private let host: HostAPI
    private let listens: Bool
    private lazy var listenTimer = HostTimer(host: host) { [weak self] in self?.listen() }
    private lazy var repeatTimer = HostTimer(host: host) { [weak self] in self?.repeatDue() }
    private lazy var resendTimer = HostTimer(host: host) { [weak self] in self?.resend() }
    /// The one unicast frame waiting to be sent again (DPP is lock-step: a new frame replaces it).
    private var pendingResend: (body: [UInt8], destination: MACAddress, attemptsLeft: Int)?
    /// When the current listen window closes (nil before the first).
    private var windowEnds: ContinuousClock.Instant?
    /// Frames waiting for the next listen window.
    private var held: [() -> Void] = []
    private var repeated: [UInt8] = []
    /// Sends of the opening frame on the current channel.
    private var sentHere = 0
    private var answered = false
    private var replyTarget: MACAddress?
    private var pending = 0
    /// Counts listen requests: the answer to one made before a channel change is ignored.
    private var listenGeneration = 0
    /// Counts send() calls: a late failure of an older frame must not resend it.
    private var generation = 0
    private var closed = false

    /// `operatingFrequency`: the channel the device is connected on (0 when
    /// it is not); the radio listens on `frequency` only when they differ.
    /// `searching`: channels to take turns on, from the first, until a peer
    /// answers (only when the radio listens, i.e. is not connected on
    /// `frequency`).
    public init(host: HostAPI, device: sb_device_id, ownAddress: MACAddress, frequency: UInt32,
                operatingFrequency: UInt32, peer: MACAddress? = nil, searching: [UInt32] = []) {
        self.host = host
        self.peer = peer
        self.device = device
        self.ownAddress = ownAddress
        listens = frequency != operatingFrequency
        searchFrequencies = listens && searching.count > 1 ? searching : []
        self.frequency = searchFrequencies.first ?? frequency
        if listens { listen() }
    }

    deinit {
        if listens && !closed { host.cancelRemainOnChannel(device) }
    }

    /// Sends `body`.  Until the peer has answered, this is an opening frame
    /// (an authentication request, a presence announcement): it goes to the
    /// peer's address or to everyone, again every two seconds.  Afterwards
    /// (and for a reply from inside `reply(to:)`) it goes to the peer alone,
    /// resent a few times when not acknowledged.
    public func send(_ body: [UInt8]) {
        guard !closed else { return }
        pendingResend = nil
        resendTimer.cancel()
        generation &+= 1
        if answered, let peer {
            transmit(body, to: peer, attemptsLeft: Self.unicastAttempts)
        } else if let replyTarget {
            transmit(body, to: replyTarget, attemptsLeft: Self.unicastAttempts)
        } else {
            repeated = body
            repeatOpening()
        }
    }

    /// Runs `handle` on a frame from `source`: what it sends goes to
    /// `source`, and when it returns true (the exchange took the frame)
    /// `source` becomes the peer and the opening frame stops repeating.
    public func reply(to source: MACAddress, _ handle: () -> Bool) {
        replyTarget = source
        let took = handle()
        replyTarget = nil
        guard took else { return }
        peer = source
        answered = true
        repeatTimer.cancel()
    }

    /// A received management frame (802.11 header included), as the plugin's frame_received op got it.
    public func received(_ frame: [UInt8]) {
        guard !closed, let (destination, source, body) = ManagementHeader.unwrap(frame),
              destination == ownAddress || destination.isMulticast else { return }
        if let peer, source != peer { return }
        onFrame(source, body)
    }

    /// Stops listening and repeating; frames already handed to the radio
    /// still go out (the radio leaves the channel once they did).
    public func close() {
        guard !closed else { return }
        closed = true
        listenTimer.cancel()
        repeatTimer.cancel()
        resendTimer.cancel()
        flushHeld()  // a last frame (a Configuration Result) still goes, without a window to answer in
        if listens && pending == 0 { host.cancelRemainOnChannel(device) }
    }

    // MARK: the radio

    private func listen() {
        guard !closed else { return }
        listenGeneration &+= 1
        let generation = listenGeneration
        host.remainOnChannel(device, frequency: frequency, milliseconds: Self.listenMilliseconds) { [weak self] status in
            guard let self, !self.closed, generation == self.listenGeneration else { return }
            if status == 0 {
                self.windowEnds = .now + .milliseconds(Self.listenMilliseconds)
                // Ask again a little before the window closes: the radio queues the next one.
                self.listenTimer.arm(milliseconds: UInt64(Self.listenMilliseconds) - 50)
                self.flushHeld()
            } else if !self.searchFrequencies.isEmpty {
                self.log(SB_LOG_DEBUG, "cannot listen on \(self.frequency) MHz (errno \(-status)); next channel soon")
            } else {
                self.log(SB_LOG_WARNING, "cannot listen on \(self.frequency) MHz (errno \(-status)); trying again")
                self.listenTimer.arm(milliseconds: 250)
            }
        }
    }

    private func repeatOpening() {
        guard !closed, !answered, !repeated.isEmpty else { return }
        sentHere += 1
        transmit(repeated, to: peer ?? ManagementHeader.broadcast, attemptsLeft: 1)
        repeatTimer.arm(milliseconds: Self.repeatMilliseconds)
    }

    /// The opening frame goes out again; while searching, on the next
    /// channel once it went out `sendsPerChannel` times on this one.
    private func repeatDue() {
        if !searchFrequencies.isEmpty, !answered, !closed, sentHere >= Self.sendsPerChannel {
            sentHere = 0
            let index = searchFrequencies.firstIndex(of: frequency) ?? -1
            frequency = searchFrequencies[(index + 1) % searchFrequencies.count]
            held = []  // only the opening frame waits while searching, and it goes again below
            listenTimer.cancel()
            host.cancelRemainOnChannel(device)
            windowEnds = .now  // frames wait for the new channel's first window
            listen()
        }
        repeatOpening()
    }

    /// Between two listen windows the radio is deaf for a moment (the
    /// simulated one for 50 ms): an answer to a frame sent just before a
    /// window closes would be lost.  So a frame goes out only while the
    /// window has `answerMilliseconds` left, and otherwise waits for the next.
    private func transmit(_ body: [UInt8], to destination: MACAddress, attemptsLeft: Int) {
        if listens, let windowEnds, windowEnds - .now < .milliseconds(Self.answerMilliseconds) {
            held.append { [weak self] in self?.radioSend(body, to: destination, attemptsLeft: attemptsLeft) }
        } else {
            radioSend(body, to: destination, attemptsLeft: attemptsLeft)
        }
    }

    private func flushHeld() {
        let frames = held
        held = []
        for send in frames { send() }
    }

    private func radioSend(_ body: [UInt8], to destination: MACAddress, attemptsLeft: Int) {
        let frame = ManagementHeader.wrap(body, to: destination, from: ownAddress)
        pending += 1
        let generation = generation
        host.sendFrame(device, frequency: frequency, waitMilliseconds: 0, frame) { [weak self] status in
            guard let self else { return }
            self.pending -= 1
            if self.closed {
                if self.listens && self.pending == 0 { self.host.cancelRemainOnChannel(self.device) }
                return
            }
            guard status != 0, !destination.isMulticast, generation == self.generation else { return }
            guard attemptsLeft > 1 else {
                return self.log(SB_LOG_WARNING, "\(destination) did not acknowledge a frame (errno \(-status))")
            }
            self.pendingResend = (body, destination, attemptsLeft - 1)
            self.resendTimer.arm(milliseconds: Self.resendMilliseconds)
        }
    }

    private func resend() {
        guard let (body, destination, attemptsLeft) = pendingResend else { return }
        pendingResend = nil
        transmit(body, to: destination, attemptsLeft: attemptsLeft)
    }
}
