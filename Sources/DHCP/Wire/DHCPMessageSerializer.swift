/// Writes a DHCP message (the UDP payload).  Options go in the options field
/// only (never overloaded into sname/file); a value over 255 bytes is split
/// into consecutive instances of its code (RFC 3396).
public enum DHCPMessageSerializer {
    /// RFC 2131 §3: 99.130.83.99.
    static let magicCookie: UInt32 = 0x6382_5363
    /// RFC 1542 §2.1: a BOOTP message is at least 300 bytes; shorter ones
    /// may be dropped by relays and old servers, so we pad up to it.
    static let minimumLength = 300

    public static func serialize(_ message: DHCPMessage) -> [UInt8] {
        precondition(message.clientHardwareAddress.count <= DHCPMessage.hardwareAddressFieldLength
                     && message.serverName.count <= DHCPMessage.serverNameFieldLength
                     && message.bootFileName.count <= DHCPMessage.bootFileFieldLength,
                     "chaddr, sname or file longer than its field")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(minimumLength)
        bytes += [message.operation.rawValue, message.hardwareType, UInt8(message.clientHardwareAddress.count),
                  message.hops]
        bytes.appendUInt32(message.transactionID)
        bytes.appendUInt16(message.secondsElapsed)
        bytes.appendUInt16(message.flags)
        for address in [message.clientAddress, message.yourAddress, message.serverAddress, message.relayAgentAddress] {
            bytes.appendAddress(address)
        }
        appendField(message.clientHardwareAddress, length: DHCPMessage.hardwareAddressFieldLength, to: &bytes)
        appendField(message.serverName, length: DHCPMessage.serverNameFieldLength, to: &bytes)
        appendField(message.bootFileName, length: DHCPMessage.bootFileFieldLength, to: &bytes)
        bytes.appendUInt32(magicCookie)
        for option in message.options {
            precondition(![DHCPOption.Code.pad, DHCPOption.Code.overload, DHCPOption.Code.end].contains(option.code),
                         "Pad, Overload and End are framing, written by the serializer")
            let data = DHCPOptionEncoder.data(of: option)
            var start = 0
            repeat {  // an empty value is still one option
                let chunk = data[start..<min(start + 255, data.count)]
                bytes += [option.code, UInt8(chunk.count)]
                bytes += chunk
                start += 255
            } while start < data.count
        }
        bytes.append(DHCPOption.Code.end)
        if bytes.count < minimumLength { bytes += repeatElement(DHCPOption.Code.pad, count: minimumLength - bytes.count) }
        return bytes
    }

    private static func appendField(_ value: [UInt8], length: Int, to bytes: inout [UInt8]) {
        bytes += value
        bytes += repeatElement(0, count: length - value.count)
    }
}
