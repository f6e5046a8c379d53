internal import CPacketSocket
import DHCP
import Glibc

/// The two sockets of one link's DHCPv4 client: a packet socket that sends
/// the broadcasts of a client without an address and receives every reply
/// (UDP checksums judged by PACKET_AUXDATA, see `UDPChecksumPolicy`), and a
/// UDP socket for the unicast REQUEST and RELEASE of a client that has one.
final class DHCPSockets {
    let packet: Int32
    let udp: Int32
    private let linkIndex: Int32
    /// Reused by every read (a frame can be as large as the link's MTU).
    private var receiveBuffer = [UInt8](repeating: 0, count: 65_536)

    init(linkIndex: Int32, linkName: String) throws(SocketError) {
        let packet = sb_dhcp_packet_open(linkIndex)
        guard packet >= 0 else { throw SocketError(operation: "packet socket", code: -packet) }
        let udp = sb_dhcp_udp_open(linkName)
        guard udp >= 0 else {
            close(packet)
            throw SocketError(operation: "UDP socket on port 68", code: -udp)
        }
        self.packet = packet
        self.udp = udp
        self.linkIndex = linkIndex
    }

    deinit {
        close(packet)
        close(udp)
    }

    func send(_ message: DHCPMessage, to destination: DHCPDestination) throws(SocketError) {
        let result: Int32
        switch destination {
        case .broadcast:
            let frame = DHCPFrame.broadcast(message)
            result = sb_dhcp_packet_broadcast(packet, linkIndex, frame, frame.count)
        case .unicast(let server):
            let payload = DHCPMessageSerializer.serialize(message)
            result = sb_dhcp_udp_send(udp, server.rawValue.bigEndian, payload, payload.count)
        }
        guard result == 0 else { throw SocketError(operation: "send", code: -result) }
    }

    /// The frames waiting on the packet socket, with their PACKET_AUXDATA status.
    func receiveFrames() -> [(frame: [UInt8], status: UInt32)] {
        var frames: [(frame: [UInt8], status: UInt32)] = []
        while frames.count < 64 {  // a flood must not starve the loop
            var status: UInt32 = 0
            let length = receiveBuffer.withUnsafeMutableBufferPointer {
                sb_dhcp_packet_receive(packet, $0.baseAddress, $0.count, &status)
            }
            if length == -Int(EMSGSIZE) { continue }
            guard length >= 0 else { break }
            frames.append((Array(receiveBuffer[..<length]), status))
        }
        return frames
    }

    /// Replies also reach the UDP socket; the packet socket already has
    /// them, so these copies are only read away.
    func discardUDP() {
        var byte: UInt8 = 0
        while recv(udp, &byte, 1, Int32(MSG_DONTWAIT | MSG_TRUNC)) >= 0 {}
    }
}
