import EasyConnect

/// PKEX Commit-Reveal frames the harness seals itself.  At start-up it runs
/// the Exchange phase (v2, the Appendix D code and identifier) as the peer of
/// a real responder and of a real initiator with an ephemeral key of its own,
/// so it knows z; per input it seals the input as the Commit-Reveal plaintext
/// for the session parked waiting for it.  The fuzzer thus reaches what a
/// session does after a successful unwrap: the bootstrapping key and tag.
enum SealedCommitReveal {
    struct Parked: Sendable {
        let fixture: SessionFixture
        let z: SecretBytes
        /// The frame the parked session waits for, and the second associated
        /// data octet (0 from the initiator, 1 from the responder).
        let type: FrameType
        let direction: UInt8
    }

    static let parked: [Parked] = [waitingResponder(), waitingInitiator()]

    /// `plaintext` sealed under z for `parked`; nil for an empty plaintext
    /// (PKEX never wraps nothing) or one too long for an attribute.
    static func frame(wrapping plaintext: [UInt8], for parked: Parked) -> [UInt8]? {
        guard !plaintext.isEmpty, plaintext.count <= Attribute.maximumValueLength - AESSIV.tagLength else {
            return nil
        }
        let associatedData = [DPPFrame.header(parked.type), [parked.direction]]
        guard let sealed = try? AESSIV(key: parked.z).seal(plaintext, associatedData: associatedData),
              let wrapped = try? AttributeSerializer.serialize([Attribute(.wrappedData, sealed)]) else {
            require(false, "sealing a Commit-Reveal failed")
            return nil
        }
        return FrameSerializer.dpp(parked.type, attributes: wrapped)
    }

    private static let code = FuzzVectors.pkexCode
    private static let identifier = FuzzVectors.pkexIdentifier
    private static let schedule = try! PKEXKeySchedule(curve: .p256, version: .v2(initiatorVersion: 2,
                                                                                   responderVersion: 2))

    /// A real responder answers our Exchange Request and waits for our Commit-Reveal Request.
    private static func waitingResponder() -> Parked {
        let x = try! ECKeyPair.generate(curve: .p256)
        let m = try! schedule.maskedKey(x.publicKey, role: .initiator, identifier: identifier, code: code)
        let request = exchangeFrame(.pkexExchangeRequest, [Attribute(.protocolVersion, octet: 2),
                                                           Attribute(.finiteCyclicGroup, [19, 0])], maskedKey: m)
        var responder = try! PKEXSession.responder(
            PKEXParameters(code: code, identifier: identifier, bootstrapKey: FuzzVectors.pkexResponderBootstrapKey),
            attempts: PKEXCodeAttempts())
        let n = maskedKey(in: responder.receive(request).frames)
        let y = try! schedule.unmaskedKey(n, role: .responder, identifier: identifier, code: code)
        let fixture = SessionFixture(name: "v2 responder, sealed Commit-Reveal", session: responder,
                                     awaits: .dpp(.pkexCommitRevealRequest), pkexCode: code)
        return Parked(fixture: fixture, z: z(m: m, n: n, kx: try! x.sharedSecret(with: y)),
                      type: .pkexCommitRevealRequest, direction: 0)
    }

    /// A real initiator gets our Exchange Response and waits for our Commit-Reveal Response.
    private static func waitingInitiator() -> Parked {
        var (initiator, first) = try! PKEXSession.initiator(
            PKEXParameters(code: code, identifier: identifier, bootstrapKey: FuzzVectors.pkexInitiatorBootstrapKey),
            attempts: PKEXCodeAttempts())
        let m = maskedKey(in: first.frames)
        let y = try! ECKeyPair.generate(curve: .p256)
        let n = try! schedule.maskedKey(y.publicKey, role: .responder, identifier: identifier, code: code)
        let response = exchangeFrame(.pkexExchangeResponse, [Attribute(.status, octet: 0),
                                                             Attribute(.protocolVersion, octet: 2)], maskedKey: n)
        precondition(initiator.receive(response).frames.count == 1, "the fixture initiator did not commit")
        let x = try! schedule.unmaskedKey(m, role: .initiator, identifier: identifier, code: code)
        let fixture = SessionFixture(name: "v2 initiator, sealed Commit-Reveal", session: initiator,
                                     awaits: .dpp(.pkexCommitRevealResponse), pkexCode: code)
        return Parked(fixture: fixture, z: z(m: m, n: n, kx: try! y.sharedSecret(with: x)),
                      type: .pkexCommitRevealResponse, direction: 1)
    }

    private static func exchangeFrame(_ type: FrameType, _ leading: [Attribute], maskedKey: ECPoint) -> [UInt8] {
        FrameSerializer.dpp(type, attributes: try! AttributeSerializer.serialize(leading + [
            Attribute(.codeIdentifier, Array(identifier.utf8)), Attribute(.encryptedKey, try! maskedKey.xy),
        ]))
    }

    private static func maskedKey(in frames: [[UInt8]]) -> ECPoint {
        guard let frame = frames.first, case .dpp(let exchange)? = try? FrameParser.parse(frame),
              let xy = exchange.attributes.value(.encryptedKey) else {
            preconditionFailure("the fixture exchange sent no masked key")
        }
        return try! ECPoint(curve: .p256, xy: xy)
    }

    private static func z(m: ECPoint, n: ECPoint, kx: SecretBytes) -> SecretBytes {
        try! schedule.z(mx: m.x, nx: n.x, code: code, kx: kx)
    }
}
