/// What one side of PKEX starts with: the shared code (and its optional
/// identifier), the bootstrapping key to hand over, and the PKEX version.
public struct PKEXParameters: Sendable {
    public enum Version: Sendable, Equatable {
        /// Frames 7/8 with both MAC addresses mixed in (802.11 only).
        case v1(initiatorMAC: MACAddress, responderMAC: MACAddress)
        /// Frame 18, no MAC addresses (802.11 and TCP).
        case v2
    }

    public let code: String
    public let identifier: String?
    public let bootstrapKey: ECKeyPair
    public let version: Version

    public init(code: String, identifier: String? = nil, bootstrapKey: ECKeyPair, version: Version = .v2) throws {
        guard !code.isEmpty else { throw EasyConnectError.invalidConfiguration("empty PKEX code") }
        if let identifier, identifier.isEmpty || identifier.utf8.count > 80 {
            throw EasyConnectError.invalidConfiguration("PKEX identifier must be 1 to 80 octets")
        }
        self.code = code
        self.identifier = identifier
        self.bootstrapKey = bootstrapKey
        self.version = version
    }

    var curve: Curve { bootstrapKey.curve }
    var isVersion2: Bool { version == .v2 }

    /// The key schedule; for v2 with the version octets both sides announced.
    func schedule(initiatorVersion: UInt8 = DPPSession.protocolVersion,
                  responderVersion: UInt8 = DPPSession.protocolVersion) throws -> PKEXKeySchedule {
        switch version {
        case .v1(let initiatorMAC, let responderMAC):
            return try PKEXKeySchedule(curve: curve, version: .v1(initiatorMAC: initiatorMAC.octets,
                                                                  responderMAC: responderMAC.octets))
        case .v2:
            return try PKEXKeySchedule(curve: curve, version: .v2(initiatorVersion: initiatorVersion,
                                                                  responderVersion: responderVersion))
        }
    }

    /// True when a received identifier attribute matches ours (both absent,
    /// or the same octets).
    func matchesIdentifier(_ received: [UInt8]?) -> Bool {
        received == identifier.map { Array($0.utf8) }
    }
}
