import OnlineCheckWire

/// The online check's DNS answer reader (a datagram from the network).  The
/// input is read as the answer to its own ID, for both record types: what
/// it accepts are addresses of the type asked for, no more than the answer
/// count says, and octets after the message change nothing; any other ID is
/// not our answer.  The input also names a query whose echo, as a server
/// with no answers would send it, reads back as no addresses.
enum DNSAnswerFuzz {
    static let target = FuzzTarget(name: "dns-answer", summary: "the online check's DNS answer reader and query writer",
                                   run: run)

    static func run(_ bytes: [UInt8]) {
        guard bytes.count >= 2 else { return }
        let id = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        for type in [DNSAddressQuery.RecordType.a, .aaaa] {
            let result = Result { () throws(DNSAddressQuery.ParseError) in try DNSAddressQuery.addresses(in: bytes, id: id, type: type) }
            if case .success(let addresses) = result {
                let answers = bytes.count >= 8 ? Int(bytes[6]) << 8 | Int(bytes[7]) : 0
                require(addresses.count <= answers, "more addresses than answers")
                for address in addresses { require(isAddressText(address, family: type.family), "not an address: \(address)") }
                let padded = Result { () throws(DNSAddressQuery.ParseError) in
                    try DNSAddressQuery.addresses(in: bytes + [0, 0xc0, 0xff], id: id, type: type)
                }
                require(padded == result, "trailing octets changed the answer")
            }
            let foreign = Result { () throws(DNSAddressQuery.ParseError) in
                try DNSAddressQuery.addresses(in: bytes, id: id ^ 0x8000, type: type)
            }
            require(foreign == .failure(.notOurAnswer), "an answer to another query was taken")
        }
        echoOfOwnQuery(name: bytes.dropFirst(2), id: id)
    }

    /// A host name from the input's letters, digits, hyphens and dots.
    private static func echoOfOwnQuery(name bytes: ArraySlice<UInt8>, id: UInt16) {
        let allowed = bytes.filter { $0 == 0x2d || $0 == 0x2e || (0x30...0x39).contains($0) || (0x61...0x7a).contains($0) }
        let labels = String(decoding: allowed, as: UTF8.self).split(separator: ".").filter { $0.utf8.count <= 63 }
        let name = labels.joined(separator: ".")
        guard !labels.isEmpty, name.utf8.count <= 253 else { return }  // a DNS name's limit, as the URL's
        var echo = DNSAddressQuery.encode(id: id, name: name, type: .aaaa)
        echo[2] |= 0x80  // a response
        require((try? DNSAddressQuery.addresses(in: echo, id: id, type: .aaaa)) == [], "our own query did not read back")
    }
}
