import DHCP
import Glibc
import Hexadecimal
import Logging
import Netlink

/// The thin adapter between one link and the pure `DHCPClient` engine: it
/// feeds the engine what the sockets read and when its timer falls due,
/// and carries out the effects it returns, in order.  The lease itself is
/// applied by whoever set `onConfigure` (`IPConfiguration`).
@MainActor
final class DHCPv4Link {
    private var engine: DHCPClient
    private let sockets: DHCPSockets
    private let loop: EventLoop
    private let logger: Logger
    private let label: String
    private var watches: [EventLoop.SourceID] = []
    private var timer: EventLoop.SourceID?
    private var conflictProbe: AddressConflictProbe?
    private let linkIndex: Int32

    var onConfigure: (DHCPLease) -> Void = { _ in }
    var onDeconfigure: () -> Void = {}
    /// A server refused the address asked for (NAK): not one to ask for again.
    var onRefused: () -> Void = {}

    var lease: DHCPLease? { engine.lease }

    /// The first message's retry (DISCOVER, or INIT-REBOOT's REQUEST): on
    /// Wi-Fi it leaves right after the 4th handshake message and is lost when
    /// the access point has not installed the keys yet, which it does a few
    /// milliseconds later (seen in about 1 connect in 10 under TCG; iwd, whose
    /// retry comes after about half a second, loses it more often).  A lost
    /// first frame then costs 200 ms; a server that is merely slow gets one more.
    static let linkUpRetransmission = Duration.milliseconds(200)

    init(link: Link, label: String, previousAddress: IPv4Address?, hostName: String?,
         loop: EventLoop, logger: Logger) throws(SocketError) {
        guard let mac = link.ethernetAddress else {
            throw SocketError(operation: "link \(link.name) has no Ethernet address", code: EINVAL)
        }
        sockets = try DHCPSockets(linkIndex: link.index, linkName: link.name)
        engine = DHCPClient(configuration: DHCPClientConfiguration(hardwareAddress: mac, hostName: hostName,
                                                                   previousAddress: previousAddress,
                                                                   linkUpRetransmission: Self.linkUpRetransmission))
        self.loop = loop
        self.logger = logger
        self.label = label
        linkIndex = link.index
    }

    func start() {
        let packets = loop.watch(fd: sockets.packet, readable: true, writable: false) { [weak self] _, _ in
            self?.readPackets()
        }
        let udp = loop.watch(fd: sockets.udp, readable: true, writable: false) { [weak self] _, _ in
            self?.sockets.discardUDP()
        }
        watches = [packets, udp].compactMap { $0 }
        feed(.start)
    }

    /// Ends the client: `release` gives the lease back to the server;
    /// otherwise nothing is sent and the lease is the caller's to remember.
    func stop(release: Bool) {
        feed(release ? .release : .linkLost)
        conflictProbe?.finish()
        conflictProbe = nil
        for watch in watches { loop.removeWatch(watch) }
        watches.removeAll()
        if let timer { loop.removeTimer(timer) }
        timer = nil
    }

    /// The configured address whose conflict probe ran (or runs).
    private var probedAddress: IPv4Address?

    private func probe(_ address: IPv4Address) {
        conflictProbe?.finish()
        probedAddress = address
        conflictProbe = AddressConflictProbe(address: address, linkIndex: linkIndex,
                                             hardwareAddress: engine.configuration.hardwareAddress, loop: loop) {
            [weak self] packet in
            guard let self else { return }
            let owner = Hex.colonSeparated(packet.senderHardwareAddress)
            self.logger.warning("\(self.label): DHCP: \(address) is in use by \(owner)")
            self.conflictProbe = nil
            self.feed(.addressConflict)
        }
    }

    private func readPackets() {
        for (frame, status) in sockets.receiveFrames() {
            let message: DHCPMessage
            do {
                message = try DHCPFrame.clientMessage(in: frame, packetStatus: status)
            } catch {
                logger.debug("\(label): DHCP: dropped a packet: \(error)")
                continue
            }
            feed(.received(message))
        }
    }

    private func feed(_ input: DHCPClientInput) {
        for effect in engine.handle(input, at: Self.now()) { perform(effect) }
    }

    private func perform(_ effect: DHCPClientEffect) {
        switch effect {
        case .send(let message, let destination):
            do { try sockets.send(message, to: destination) } catch {
                // The engine's retransmission covers a lost send.
                logger.warning("\(label): DHCP: \(error)")
            }
        case .configure(let lease):
            onConfigure(lease)
            if lease.address != probedAddress { probe(lease.address) }  // not for renewals
        case .deconfigure:
            conflictProbe?.finish()
            conflictProbe = nil
            probedAddress = nil
            onDeconfigure()
        case .armTimer(let deadline):
            if let timer { loop.removeTimer(timer) }
            let delay = max(deadline - Self.now(), .zero)
            let (seconds, attoseconds) = delay.components
            let milliseconds = UInt64(seconds) * 1000 + UInt64((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
            timer = loop.addTimer(delayMilliseconds: milliseconds, intervalMilliseconds: 0) { [weak self] _ in
                self?.timer = nil
                self?.feed(.timerFired)
            }
        case .cancelTimer:
            if let timer { loop.removeTimer(timer) }
            timer = nil
        case .event(let event):
            log(event)
            if case .nakReceived = event { onRefused() }
        }
    }

    private func log(_ event: DHCPClientEvent) {
        switch event {
        case .phaseChanged(_, let phase):
            // rawValue: interpolating the enum itself goes through reflection, slow on the connect path.
            logger.info("\(label): DHCP: \(phase.rawValue)")
        case .ignored(let type, let reason):
            logger.debug("\(label): DHCP: ignored \(type.map { "a \("\($0)".uppercased())" } ?? "a message"): \(reason)")
        case .offerSelected(let address, let server):
            logger.info("\(label): DHCP: offer of \(address) from \(server)")
        case .leaseTimesDefaulted:
            logger.info("\(label): DHCP: the server gave no usable T1/T2; using half and seven eighths of the lease")
        case .retransmitting(let type, let attempt):
            logger.info("\(label): DHCP: no answer; sending \("\(type)".uppercased()) again (attempt \(attempt))")
        case .requestUnanswered:
            logger.notice("\(label): DHCP: no answer to REQUEST; discovering servers again")
        case .nakReceived(let server, let message):
            logger.notice("\(label): DHCP: NAK from \(server.map { "\($0)" } ?? "a server")\(message.map { ": \($0)" } ?? "")")
        case .leaseExpired(let address):
            logger.notice("\(label): DHCP: the lease of \(address) expired")
        case .declined(let address):
            logger.notice("\(label): DHCP: declined \(address), which another host uses")
        case .released(let address):
            logger.info("\(label): DHCP: released \(address)")
        }
    }

    /// Lease times run on CLOCK_BOOTTIME, which keeps counting through suspend.
    static func now() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_BOOTTIME, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
