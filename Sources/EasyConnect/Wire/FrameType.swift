/// The DPP public action frame types this engine speaks (the octet after
/// the crypto suite in the DPP header).
public enum FrameType: UInt8, Sendable, CaseIterable {
    case authenticationRequest = 0
    case authenticationResponse = 1
    case authenticationConfirm = 2
    case pkexV1ExchangeRequest = 7
    case pkexExchangeResponse = 8
    case pkexCommitRevealRequest = 9
    case pkexCommitRevealResponse = 10
    case configurationResult = 11
    case presenceAnnouncement = 13
    case pkexExchangeRequest = 18
}

/// DPP Status codes, carried in the Status attribute (one octet).
public enum DPPStatus: UInt8, Sendable, CaseIterable {
    case ok = 0
    case notCompatible = 1
    case authenticationFailure = 2
    case unwrapFailure = 3
    case badGroup = 4
    case configureFailure = 5
    case responsePending = 6
    case invalidConnector = 7
    case noMatch = 8
    case configurationRejected = 9
    case noAccessPoint = 10
    case configurePending = 11
    case csrNeeded = 12
    case csrBad = 13
    case newKeyNeeded = 14
}

/// The Capabilities attribute of an Authentication Request or Response: the
/// roles a device can take (bit 0 enrollee, bit 1 configurator).
public struct Capabilities: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let enrollee = Capabilities(rawValue: 0x01)
    public static let configurator = Capabilities(rawValue: 0x02)
}
