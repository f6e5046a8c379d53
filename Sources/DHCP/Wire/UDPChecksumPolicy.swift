/// When the raw-socket adapter must not verify a received UDP checksum.
///
/// On virtual links (veth, most container and VM interfaces) the sender's
/// kernel leaves the UDP checksum to "hardware" that does not exist: the
/// packet crosses to the peer with only the pseudo-header partial sum in the
/// checksum field, and the receiving kernel marks it CHECKSUM_PARTIAL.  An
/// AF_PACKET socket shows such a packet as it is, with the wrong checksum.
/// With PACKET_AUXDATA enabled, the kernel tells us in `tp_status`:
///
/// - `TP_STATUS_CSUMNOTREADY`: the checksum is not filled in yet.  The data
///   came from a local stack and cannot have been corrupted on a wire, so
///   there is nothing to verify.  Verifying would drop every reply a DHCP
///   server on a veth peer sends with default offload settings, and the
///   client would never get a lease there: this rule is why ours does.
/// - `TP_STATUS_CSUM_VALID`: the NIC or the kernel already verified it.
///
/// Otherwise we verify, except that a zero checksum means "none was
/// computed" (RFC 768) and is accepted.
public enum UDPChecksumPolicy {
    /// linux/if_packet.h: TP_STATUS_CSUMNOTREADY, TP_STATUS_CSUM_VALID.
    public static let statusChecksumNotReady: UInt32 = 1 << 3
    public static let statusChecksumValid: UInt32 = 1 << 7
    /// RFC 768: the checksum field of a datagram sent without a checksum.
    static let noChecksum: UInt16 = 0

    /// Whether to verify the UDP checksum of a packet whose PACKET_AUXDATA
    /// `tp_status` is `packetStatus`; without auxdata, pass 0 (verify).
    public static func shouldVerify(packetStatus: UInt32) -> Bool {
        packetStatus & (statusChecksumNotReady | statusChecksumValid) == 0
    }
}
