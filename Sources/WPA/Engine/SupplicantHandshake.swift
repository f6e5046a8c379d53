/// The supplicant's side of WPA2-Personal key management: the 4-way
/// handshake (IEEE 802.11-2020 12.7.6) and then group key handshakes
/// (12.7.7), as a pure state machine.  EAPOL frames in, effects out: no
/// sockets, no clock, no randomness (the caller gives the SNonce).
///
///     var handshake = try SupplicantHandshake(configuration, nonce: random32)
///     for effect in handshake.receive(eapolFrame) { ... }   // carry out in order
///
/// A frame that is malformed, unexpected, stale or not authentic is dropped
/// (no effects; `lastDropReason` says why) and the state is unchanged: the
/// authenticator retransmits and times out on its own.  The engine has no
/// timers: the adapter bounds the whole handshake (and, on a timeout or a
/// deauthentication, reads `suggestsWrongPassphrase`).  Only a failure no
/// retransmission can mend ends it with `.failed`.
public struct SupplicantHandshake: Sendable {
    public let configuration: SupplicantHandshakeConfiguration
    private var context: HandshakeContext
    private var state: HandshakeState = .awaitingMessage1(AwaitingMessage1State())
    /// Why the last frame given to `receive` was dropped; nil when it was taken.
    public private(set) var lastDropReason: WPAError?

    /// - Parameter nonce: the SNonce, 32 octets from a cryptographic random source.
    /// Throws `invalidConfiguration` for wrong sizes and `unsupported` for
    /// suites the engine does not speak (see `NegotiatedSuites`).
    public init(_ configuration: SupplicantHandshakeConfiguration, nonce: [UInt8]) throws(WPAError) {
        guard configuration.pmk.count == PassphraseHash.pmkLength else { throw .invalidConfiguration("PMK length") }
        guard configuration.authenticatorAddress.count == 6, configuration.supplicantAddress.count == 6 else {
            throw .invalidConfiguration("MAC address length")
        }
        guard nonce.count == EAPOLKeyFrame.nonceLength else { throw .invalidConfiguration("nonce length") }
        self.configuration = configuration
        context = HandshakeContext(configuration: configuration,
                                   suites: try NegotiatedSuites(supplicantRSNE: configuration.supplicantRSNE),
                                   supplicantNonce: nonce)
    }

    public var phase: HandshakePhase { state.phase }

    /// True when message 2 went out and no authentic message 3 came back.
    /// If the AP then deauthenticates or the handshake times out, the
    /// passphrase (PMK) is most likely wrong; see `HandshakePhase.sentMessage2`.
    public var suggestsWrongPassphrase: Bool { phase == .sentMessage2 }

    public var pairwiseCipher: CipherSuite { context.suites.pairwiseCipher }
    public var groupCipher: CipherSuite { context.suites.groupCipher }
    public var akm: AKMSuite { context.suites.akm }

    /// Takes one EAPOL PDU from the AA (Ethernet header removed; trailing
    /// padding is fine) and returns what to do, in order.
    public mutating func receive(_ eapolFrame: [UInt8]) -> [HandshakeEffect] {
        do throws(WPAError) {
            guard let current = state.acceptingKeyMessages else { throw WPAError.unexpectedMessage("handshake failed") }
            let message = try KeyMessage(parsing: eapolFrame, expecting: context.suites.descriptorVersion)
            var next = context
            let transition = try current.receive(message, &next)
            context = next
            state = transition.state
            lastDropReason = nil
            return transition.effects
        } catch {
            lastDropReason = error
            return []
        }
    }
}
