/// The configuration role a session takes.  Independent of who initiates
/// authentication: an initiator may be either, and so may a responder.
public enum DPPRole: Sendable {
    /// Hands out `configuration` to the enrollee.
    case configurator(ConfigurationObject)
    /// Asks for a configuration with `request`.
    case enrollee(ConfigurationRequest)

    /// Our bit of the Capabilities attribute.
    var capabilities: Capabilities {
        switch self {
        case .configurator: return .configurator
        case .enrollee: return .enrollee
        }
    }

    /// The bit the peer must take.
    var peerCapabilities: Capabilities {
        switch self {
        case .configurator: return .enrollee
        case .enrollee: return .configurator
        }
    }
}

/// A bootstrapping public key as it identifies its owner on the air: the
/// point and SHA-256 of its DER as published.
struct BootstrapIdentity: Sendable {
    let key: ECPoint
    let hash: [UInt8]

    init(_ uri: BootstrappingURI) {
        key = uri.publicKey
        hash = uri.keyHash
    }

    /// Our own key, published (as every URI we generate) with a compressed point.
    init(_ key: ECPoint) throws {
        self.key = key
        hash = try BootstrappingKeyHash.keyHash(der: key.subjectPublicKeyInfo())
    }
}

/// What both sides know before authentication, named by protocol role (not
/// by "own"/"peer"), so frames are built the same way on either side.
struct AuthenticationContext: Sendable {
    let role: DPPRole
    let curve: Curve
    let responder: BootstrapIdentity
    /// The initiator's key: on the initiator, its own if it can do mutual
    /// authentication; on the responder, the one it requires.
    let initiator: BootstrapIdentity?
    /// Our bootstrapping key pair (bI on the initiator, bR on the responder).
    let ownKey: ECKeyPair?
    let timeouts: DPPTimeouts

    init(role: DPPRole, responder: BootstrapIdentity, initiator: BootstrapIdentity?, ownKey: ECKeyPair?,
         timeouts: DPPTimeouts) throws {
        let curve = responder.key.curve
        // One curve for every key: L mixes both bootstrapping keys.
        guard initiator?.key.curve ?? curve == curve, ownKey?.curve ?? curve == curve else {
            throw EasyConnectError.curveMismatch
        }
        self.role = role
        self.curve = curve
        self.responder = responder
        self.initiator = initiator
        self.ownKey = ownKey
        self.timeouts = timeouts
    }

    func hashes(mutual: Bool) -> AuthenticationFrames.KeyHashes {
        AuthenticationFrames.KeyHashes(responder: responder.hash, initiator: mutual ? initiator?.hash : nil)
    }
}
