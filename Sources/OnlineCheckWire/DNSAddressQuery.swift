import Glibc

/// A DNS question for one name's IPv4 or IPv6 addresses and the reading of
/// the answer (RFC 1035 §4), so an online check resolves its URL's host
/// through the service's own name servers on the service's own link.
public enum DNSAddressQuery {
    public enum RecordType: UInt16, Sendable {
        case a = 1
        case aaaa = 28

        public var addressLength: Int { self == .a ? 4 : 16 }
        public var family: Int32 { self == .a ? AF_INET : AF_INET6 }
    }

    public enum ParseError: Error, Equatable {
        case truncated, notOurAnswer, serverError(UInt8), badName
    }

    /// The query message (recursion desired, one question, class IN).
    public static func encode(id: UInt16, name: String, type: RecordType) -> [UInt8] {
        var message: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xff), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        for label in name.split(separator: ".") {
            message.append(UInt8(label.utf8.count))
            message += label.utf8
        }
        message += [0, UInt8(type.rawValue >> 8), UInt8(type.rawValue & 0xff), 0, 1]
        return message
    }

    /// The addresses of `type` in a response to query `id`, as text.
    public static func addresses(in response: [UInt8], id: UInt16, type: RecordType) throws(ParseError) -> [String] {
        var reader = Reader(bytes: response)
        guard try reader.u16() == id else { throw .notOurAnswer }
        let flags = try reader.u16()
        guard flags & 0x8000 != 0 else { throw .notOurAnswer }
        guard flags & 0x000f == 0 else { throw .serverError(UInt8(flags & 0x000f)) }
        let questions = try reader.u16(), answers = try reader.u16()
        try reader.skip(4)  // authority and additional counts
        for _ in 0..<questions {
            try reader.skipName()
            try reader.skip(4)
        }
        var addresses: [String] = []
        for _ in 0..<answers {
            try reader.skipName()
            let recordType = try reader.u16(), recordClass = try reader.u16()
            try reader.skip(4)
            let length = Int(try reader.u16())
            let data = try reader.take(length)
            if recordType == type.rawValue, recordClass == 1, length == type.addressLength {
                addresses.append(text(of: data, family: type.family))
            }
        }
        return addresses
    }

    private static func text(of address: ArraySlice<UInt8>, family: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        Array(address).withUnsafeBytes { _ = inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func take(_ count: Int) throws(ParseError) -> ArraySlice<UInt8> {
            guard count >= 0, bytes.count - offset >= count else { throw .truncated }
            defer { offset += count }
            return bytes[offset..<(offset + count)]
        }

        mutating func skip(_ count: Int) throws(ParseError) { _ = try take(count) }

        mutating func u16() throws(ParseError) -> UInt16 {
            let two = try take(2)
            return UInt16(two[two.startIndex]) << 8 | UInt16(two[two.startIndex + 1])
        }

        /// A name is labels ending in a zero octet or a compression pointer;
        /// only its length matters here.
        mutating func skipName() throws(ParseError) {
            for _ in 0..<128 {
                let length = try take(1).first!
                switch length & 0xc0 {
                case 0x00:
                    if length == 0 { return }
                    try skip(Int(length))
                case 0xc0:
                    try skip(1)
                    return
                default:
                    throw .badName
                }
            }
            throw .badName
        }
    }
}
