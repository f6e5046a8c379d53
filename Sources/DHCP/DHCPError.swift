/// The one error type of the DHCP module.  Every malformed, truncated or
/// hostile packet ends in one of these cases, never in a crash; the adapter
/// drops the packet and may log the case.
public enum DHCPError: Error, Equatable, Sendable {
    // IPv4 / UDP
    /// The buffer ends before the named header or the length it announces.
    case truncated(String)
    /// Not an IPv4 header (version field), or a header length below 20 bytes.
    case notIPv4
    /// The IPv4 header checksum does not match its contents.
    case badIPv4HeaderChecksum
    /// A fragment: DHCP replies fit one datagram, so fragments are not reassembled.
    case fragmented
    /// An IPv4 payload other than UDP.
    case notUDP(protocolNumber: UInt8)
    /// A UDP length field below 8 or beyond the IPv4 payload.
    case badUDPLength
    /// The UDP checksum was asked to be verified and does not match.
    case badUDPChecksum
    /// A UDP datagram to another port than the DHCP client's (68).
    case notForClientPort(UInt16)

    // BOOTP / DHCP
    /// The op field is neither BOOTREQUEST (1) nor BOOTREPLY (2).
    case invalidOperation(UInt8)
    /// hlen is larger than the 16 bytes of chaddr.
    case invalidHardwareAddressLength(UInt8)
    /// The four bytes after the fixed header are not 99.130.83.99.
    case badMagicCookie
    /// An option's length runs past the end of its field.
    case truncatedOption(code: UInt8)
    /// The options field has no End option.
    case missingEndOption
    /// A known option has a length or a value its RFC does not allow.
    case invalidOption(code: UInt8)
    /// Option 53 is absent: a BOOTP message, not a DHCP one.
    case missingMessageType
    /// An option value longer than RFC 3396 splitting can carry in one message.
    case optionTooLong(code: UInt8)
}
