import EasyConnect

/// Authentication Requests to the B.1 responder whose Wrapped Data the
/// harness seals itself with the B.1 initiator's protocol key (so k1 is
/// known): the fuzz input is the wrapped plaintext, and the fuzzer reaches
/// what a responder does after a successful unwrap (the nonce and
/// capabilities checks, the refusal or the Response it builds).  The request
/// names both bootstrapping keys, so mutual and plain responders take it.
enum SealedAuthenticationRequest {
    /// The clear attributes (the second associated data component) and k1.
    private static let sealing: (clear: [UInt8], k1: SecretBytes) = {
        let protocolKey = FuzzVectors.initiatorProtocolKey
        let responderKey = FuzzVectors.responderBootstrapKey.publicKey
        let initiatorKey = FuzzVectors.initiatorBootstrapKey.publicKey
        let clear = try! AttributeSerializer.serialize([
            Attribute(.responderBootstrappingKeyHash,
                      try! BootstrappingKeyHash.keyHash(der: responderKey.subjectPublicKeyInfo())),
            Attribute(.initiatorBootstrappingKeyHash,
                      try! BootstrappingKeyHash.keyHash(der: initiatorKey.subjectPublicKeyInfo())),
            Attribute(.initiatorProtocolKey, try! protocolKey.publicKey.xy),
            Attribute(.protocolVersion, octet: 2),
        ])
        let schedule = AuthenticationKeySchedule(curve: .p256)
        let k1 = try! schedule.firstIntermediateKey(mx: protocolKey.sharedSecret(with: responderKey))
        return (clear, k1)
    }()

    /// The request carrying `plaintext` sealed under k1 with the associated
    /// data [DPP header, clear attributes]; nil for an empty plaintext (DPP
    /// never wraps nothing) or one too long for an attribute.
    static func frame(wrapping plaintext: [UInt8]) -> [UInt8]? {
        let (clear, k1) = sealing  // built on the first call, the empty input of LLVMFuzzerInitialize
        guard !plaintext.isEmpty, plaintext.count <= Attribute.maximumValueLength - AESSIV.tagLength else {
            return nil
        }
        let header = DPPFrame.header(.authenticationRequest)
        guard let sealed = try? AESSIV(key: k1).seal(plaintext, associatedData: [header, clear]),
              let wrapped = try? AttributeSerializer.serialize([Attribute(.wrappedData, sealed)]) else {
            require(false, "sealing a request failed")
            return nil
        }
        return FrameSerializer.dpp(.authenticationRequest, attributes: clear + wrapped)
    }
}
