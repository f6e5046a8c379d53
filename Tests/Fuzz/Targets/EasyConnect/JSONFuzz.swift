import EasyConnect

/// `json`: the strict JSON reader and the configuration object and request
/// built on it.  The reader must never accept invalid UTF-8, input over its
/// length limit or nesting beyond its depth limit (checked on the text and
/// on the value, and the limit itself is probed on every accepted value);
/// what it accepts must survive a round trip through an independent writer.
/// A configuration object or request that parses must encode to JSON that
/// parses back to the same value, and so must one built from fields the
/// input picks (the writer's escaping).
enum JSONFuzz {
    static let target = FuzzTarget(name: "json", summary: "JSON reader limits and round trips, config object/request",
                                   run: run)

    static func run(_ bytes: [UInt8]) {
        if let value = try? JSONReader.parse(bytes) { checkAccepted(value, text: bytes) }
        if let object = try? ConfigurationObject(parsing: bytes) {
            require((try? JSONReader.parse(bytes)) != nil, "a configuration object is JSON")
            checkRoundTrip(object)
        }
        if let request = try? ConfigurationRequest(parsing: bytes) {
            require((try? JSONReader.parse(bytes)) != nil, "a configuration request is JSON")
            checkRoundTrip(request)
        }
        buildFromFields(bytes)
    }

    private static func checkAccepted(_ value: JSONValue, text: [UInt8]) {
        require(String(validating: text, as: UTF8.self) != nil, "accepted JSON is valid UTF-8")
        require(text.count <= JSONReader.maximumLength, "accepted JSON within the length limit")
        let depth = JSONOracle.depth(value)
        require(depth <= JSONReader.maximumDepth, "accepted JSON within the depth limit")
        require(JSONOracle.bracketDepth(text) == depth, "the value is as deep as the text")
        for escaping in [false, true] {
            let written = JSONOracle.write(value, escapingEverything: escaping)
            guard written.count <= JSONReader.maximumLength else { continue }
            require((try? JSONReader.parse(written)) == value, "JSON round trip (escaping everything: \(escaping))")
        }
        // The limit is exact: nest the value as deep as allowed, then one more.
        let compact = JSONOracle.write(value, escapingEverything: false)
        let room = JSONReader.maximumDepth - depth
        require((try? JSONReader.parse(nested(compact, in: room))) == wrapped(value, in: room),
                "nesting up to the limit is accepted")
        require((try? JSONReader.parse(nested(compact, in: room + 1))) == nil, "nesting beyond the limit is refused")
    }

    private static func nested(_ text: [UInt8], in arrays: Int) -> [UInt8] {
        Array(repeating: UInt8(ascii: "["), count: arrays) + text + Array(repeating: UInt8(ascii: "]"), count: arrays)
    }

    private static func wrapped(_ value: JSONValue, in arrays: Int) -> JSONValue {
        (0..<arrays).reduce(value) { inner, _ in .array([inner]) }
    }

    private static func checkRoundTrip(_ object: ConfigurationObject) {
        let encoded = object.encoded()
        require(String(validating: encoded, as: UTF8.self) != nil, "encoded object is UTF-8")
        require((try? ConfigurationObject(parsing: encoded)) == object, "configuration object round trip")
        require((1...32).contains(object.ssid.utf8.count), "SSID of 1 to 32 octets")
    }

    private static func checkRoundTrip(_ request: ConfigurationRequest) {
        let encoded = request.encoded()
        require(String(validating: encoded, as: UTF8.self) != nil, "encoded request is UTF-8")
        require((try? ConfigurationRequest(parsing: encoded)) == request, "configuration request round trip")
    }

    /// Fields split at NUL octets: SSID, then passphrase (or a 32-octet PSK),
    /// then an enrollee name; whatever the initialisers accept must encode
    /// and parse back.
    private static func buildFromFields(_ bytes: [UInt8]) {
        let fields = bytes.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard fields.count == 3 else { return }
        let secret = Array(bytes.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)[1])
        for credential in [ConfigurationObject.Credential.passphrase(fields[1]), .psk(secret)] {
            for akms in [["psk"], ["sae"], ["psk", "sae"]] {
                if let object = try? ConfigurationObject(ssid: fields[0], credential: credential, akms: akms) {
                    checkRoundTrip(object)
                }
            }
        }
        for role in ConfigurationRequest.NetworkRole.allCases {
            if let request = try? ConfigurationRequest(name: fields[2], networkRole: role) { checkRoundTrip(request) }
        }
    }
}
