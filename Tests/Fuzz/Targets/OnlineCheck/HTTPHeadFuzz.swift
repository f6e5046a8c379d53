import OnlineCheckWire

/// The online check's HTTP response head parser (bytes from the network, as
/// they arrive).  An accepted head has a three-digit status and headers of
/// lower-case token names and values without line breaks or padding; bytes
/// after the head change nothing, and the head less its last octet is still
/// awaited (nil).  Nothing is accepted or awaited past the size limit.
enum HTTPHeadFuzz {
    static let target = FuzzTarget(name: "http-head", summary: "the online check's HTTP response head parser", run: run)

    static func run(_ bytes: [UInt8]) {
        let result = Result { () throws(HTTPResponseHead.ParseError) in try HTTPResponseHead.parse(bytes) }
        let end = headEnd(bytes)
        switch result {
        case .success(nil):
            require(end == nil && bytes.count <= HTTPResponseHead.maximumSize, "a complete or oversized head awaited")
        case .success(let head?):
            guard let end else { return require(false, "a head accepted without its empty line") }
            require(end <= HTTPResponseHead.maximumSize, "an oversized head accepted")
            check(head)
            let more = Result { () throws(HTTPResponseHead.ParseError) in try HTTPResponseHead.parse(bytes + Array("X\r\n\r\n".utf8)) }
            require(more == result, "bytes after the head changed it")
            let short = Result { () throws(HTTPResponseHead.ParseError) in try HTTPResponseHead.parse(Array(bytes[..<(end - 1)])) }
            require(short == .success(nil), "a head without its last octet was not awaited")
        case .failure(.tooLarge):
            require(bytes.count > HTTPResponseHead.maximumSize, "a head within the limit refused as too large")
        case .failure:
            require(end != nil, "an incomplete head refused")
        }
    }

    private static func check(_ head: HTTPResponseHead) {
        require((0...999).contains(head.status), "status \(head.status)")
        for header in head.headers {
            require(!header.name.isEmpty && header.name == header.name.lowercased(), "header name \(header.name)")
            require(header.name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: ":") }, "header name \(header.name)")
            require(!header.value.utf8.contains { $0 == 0x0d || $0 == 0x0a || $0 == 0 }, "line break in a value")
            require(![0x20, 0x09].contains(header.value.utf8.first) && ![0x20, 0x09].contains(header.value.utf8.last), "a value keeps its padding")
            require(head.value(of: header.name.uppercased()) != nil, "a header not found by its name")
        }
    }

    /// Index just past the first empty line ("\r\n\r\n"): the oracle's own search.
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i + 3 < bytes.count {
            if bytes[i] == 0x0d, bytes[i + 1] == 0x0a, bytes[i + 2] == 0x0d, bytes[i + 3] == 0x0a { return i + 4 }
            i += 1
        }
        return nil
    }
}
