internal import CPacketSocket
import DHCP
import Glibc

/// Address conflict detection for a newly leased address (RFC 2131
/// §4.4.1's "SHOULD probe", in the manner of RFC 5227): after a random wait
/// of up to PROBE_WAIT, two ARP probes a second apart, and any ARP packet
/// from the start until a second after the last probe in which another
/// host claims the address is a conflict.  The address is already in use
/// meanwhile, so detection costs no time on the way to `ready`; the wait
/// (RFC 5227's, so that hosts that start together do not probe together)
/// also mostly keeps the probe's frames out of the online check's first
/// exchanges, which follow the lease at once.
@MainActor
final class AddressConflictProbe {
    /// RFC 5227's PROBE_WAIT, the bound of the wait before the first probe.
    static let probeWaitMilliseconds: UInt64 = 1_000
    static let probeIntervalMilliseconds: UInt64 = 1_000

    private let loop: EventLoop
    private let fd: Int32
    private var watch: EventLoop.SourceID?
    private var timers: [EventLoop.SourceID] = []

    /// Starts probing `address`; `conflict` runs at most once.  Nil when no
    /// ARP socket can be opened (the lease is then used unprobed).
    init?(address: IPv4Address, linkIndex: Int32, hardwareAddress: [UInt8], loop: EventLoop,
          conflict: @escaping (ARPPacket) -> Void) {
        let fd = sb_arp_open(linkIndex)
        guard fd >= 0 else { return nil }
        self.fd = fd
        self.loop = loop
        let probe = { _ = sb_arp_probe(fd, linkIndex, hardwareAddress, address.rawValue.bigEndian) }
        watch = loop.watch(fd: fd, readable: true, writable: false) { [weak self] _, _ in
            guard let self else { return }
            var buffer = [UInt8](repeating: 0, count: 64)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                guard count >= 0 else { break }
                if let packet = ARPPacket(Array(buffer[..<count])),
                   packet.showsConflict(for: address, ourHardwareAddress: hardwareAddress) {
                    self.finish()
                    return conflict(packet)
                }
            }
        }
        let first = UInt64.random(in: 0...Self.probeWaitMilliseconds)
        timers = [
            loop.addTimer(delayMilliseconds: first, intervalMilliseconds: 0) { _ in probe() },
            loop.addTimer(delayMilliseconds: first + Self.probeIntervalMilliseconds, intervalMilliseconds: 0) { _ in probe() },
            loop.addTimer(delayMilliseconds: first + 2 * Self.probeIntervalMilliseconds, intervalMilliseconds: 0) {
                [weak self] _ in self?.finish()
            },
        ]
    }

    /// Stops listening; idempotent.
    func finish() {
        if let watch { loop.removeWatch(watch) }
        watch = nil
        for timer in timers { loop.removeTimer(timer) }
        timers.removeAll()
    }

    deinit { close(fd) }
}
