/// Parses a DHCP message (the UDP payload).  Strict: anything RFC 2131/2132
/// do not allow throws, so the engine only ever sees well-formed messages.
public enum DHCPMessageParser {
    public static func parse(_ bytes: [UInt8]) throws(DHCPError) -> DHCPMessage {
        try parse(bytes[...])
    }

    public static func parse(_ bytes: ArraySlice<UInt8>) throws(DHCPError) -> DHCPMessage {
        var reader = ByteReader(bytes, what: "BOOTP header")
        guard let operation = DHCPMessage.Operation(rawValue: try reader.readByte()) else {
            throw .invalidOperation(bytes[bytes.startIndex])
        }
        let hardwareType = try reader.readByte()
        let hardwareAddressLength = try reader.readByte()
        guard Int(hardwareAddressLength) <= DHCPMessage.hardwareAddressFieldLength else {
            throw .invalidHardwareAddressLength(hardwareAddressLength)
        }
        let hops = try reader.readByte()
        let transactionID = try reader.readUInt32()
        let secondsElapsed = try reader.readUInt16()
        let flags = try reader.readUInt16()
        let clientAddress = try reader.readAddress()
        let yourAddress = try reader.readAddress()
        let serverAddress = try reader.readAddress()
        let relayAgentAddress = try reader.readAddress()
        let chaddr = try reader.readBytes(DHCPMessage.hardwareAddressFieldLength)
        let sname = try reader.readBytes(DHCPMessage.serverNameFieldLength)
        let file = try reader.readBytes(DHCPMessage.bootFileFieldLength)
        guard reader.remaining >= 4 else { throw .truncated("magic cookie") }
        guard try reader.readUInt32() == DHCPMessageSerializer.magicCookie else { throw .badMagicCookie }
        let optionsField = try reader.readBytes(reader.remaining)

        var raw = RawOptions()
        try raw.scan(optionsField, endRequired: true)
        let overload = try raw.takeOverload()
        // RFC 2131 §4.1: with Option Overload, 'file' then 'sname' hold more
        // options; there the field's end may stand in for End.
        if overload.contains(.file) { try raw.scan(file, endRequired: false) }
        if overload.contains(.serverName) { try raw.scan(sname, endRequired: false) }
        guard !raw.contains(DHCPOption.Code.overload) else { throw .invalidOption(code: DHCPOption.Code.overload) }

        var options: [DHCPOption] = []
        for (code, data) in raw.merged() { options.append(try DHCPOptionDecoder.decode(code: code, data: data)) }
        let message = DHCPMessage(
            operation: operation, transactionID: transactionID,
            clientHardwareAddress: Array(chaddr.prefix(Int(hardwareAddressLength))),
            hardwareType: hardwareType, hops: hops, secondsElapsed: secondsElapsed, flags: flags,
            clientAddress: clientAddress, yourAddress: yourAddress, serverAddress: serverAddress,
            relayAgentAddress: relayAgentAddress,
            serverName: overload.contains(.serverName) ? [] : trimmingZeros(sname),
            bootFileName: overload.contains(.file) ? [] : trimmingZeros(file),
            options: options)
        guard message.messageType != nil else { throw .missingMessageType }
        return message
    }

    private static func trimmingZeros(_ field: ArraySlice<UInt8>) -> [UInt8] {
        var field = field
        while field.last == 0 { field.removeLast() }
        return Array(field)
    }
}

/// Option 52's value: which of the fixed fields carry options.
struct OptionOverload: OptionSet {
    let rawValue: UInt8
    static let file = OptionOverload(rawValue: 1)
    static let serverName = OptionOverload(rawValue: 2)
}

/// The options of a message as (code, value) pairs in wire order, before
/// decoding; Pad and End already consumed.
struct RawOptions {
    private(set) var entries: [(code: UInt8, data: ArraySlice<UInt8>)] = []

    mutating func scan(_ field: ArraySlice<UInt8>, endRequired: Bool) throws(DHCPError) {
        var reader = ByteReader(field, what: "options")
        while reader.remaining > 0 {
            let code = try reader.readByte()
            if code == DHCPOption.Code.pad { continue }
            if code == DHCPOption.Code.end { return }
            guard reader.remaining >= 1 else { throw .truncatedOption(code: code) }
            let length = Int(try reader.readByte())
            guard reader.remaining >= length else { throw .truncatedOption(code: code) }
            entries.append((code, try reader.readBytes(length)))
        }
        if endRequired { throw .missingEndOption }
    }

    func contains(_ code: UInt8) -> Bool { entries.contains { $0.code == code } }

    /// Removes option 52 and returns its value (empty when absent).
    mutating func takeOverload() throws(DHCPError) -> OptionOverload {
        let code = DHCPOption.Code.overload
        let values = entries.filter { $0.code == code }
        guard !values.isEmpty else { return [] }
        guard values.count == 1, values[0].data.count == 1, (1...3).contains(values[0].data.first!) else {
            throw .invalidOption(code: code)
        }
        entries.removeAll { $0.code == code }
        return OptionOverload(rawValue: values[0].data.first!)
    }

    /// RFC 3396: several instances of one code are one option whose value is
    /// their concatenation, in order; the option takes the first one's place.
    func merged() -> [(code: UInt8, data: ArraySlice<UInt8>)] {
        var result: [(code: UInt8, data: ArraySlice<UInt8>)] = []
        var indexOfCode: [UInt8: Int] = [:]
        for entry in entries {
            if let index = indexOfCode[entry.code] {
                result[index].data = ArraySlice(Array(result[index].data) + entry.data)
            } else {
                indexOfCode[entry.code] = result.count
                result.append(entry)
            }
        }
        return result
    }
}
