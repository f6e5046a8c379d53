import EasyConnect
import EasyConnectTCP

/// What one run of a role command does, decided from its options before any
/// socket is opened (so every combination is checked, and testable,
/// without a peer).
struct ExchangePlan {
    enum Transport: Equatable {
        case connect(TCPEndpoint)
        case listen(TCPEndpoint)
    }

    enum Start {
        /// DPP Authentication initiator toward `peer`.
        case initiator(peer: BootstrappingURI)
        /// Responder for our key; with `knownPeer`, mutual authentication
        /// with it is required (and a configurator answers its chirps).
        case responder(knownPeer: BootstrappingURI?)
        /// Enrollee: send a Presence Announcement, then respond.
        case chirp(knownPeer: BootstrappingURI?)
        /// PKEX first (we initiate it when we connect), then mutual DPP.
        case pkex(code: String, identifier: String?, version: PKEXParameters.Version)
    }

    let transport: Transport
    let start: Start
    let role: DPPRole
    let ownKey: ECKeyPair
    /// Fail when authentication was not mutual.
    let requireMutual: Bool
    let timeout: Duration

    /// Over TCP there are no link-layer addresses for PKEX v1 to mix in.
    static let pkexV1Addresses = try! MACAddress([0, 0, 0, 0, 0, 0])

    /// `keyFile` is the loaded `--key`, if given; `chirp` is the enrollee's `--chirp`.
    init(options: ExchangeOptions, role: DPPRole, chirp: Bool = false, keyFile: KeyFile?) throws {
        guard options.timeout > 0, options.timeout <= 86_400 else {
            throw ToolError.usage("--timeout must be between 0 and 86400 seconds")
        }
        if options.connect != nil, options.listen != nil { throw ToolError.usage("give --connect or --listen, not both") }
        if options.code == nil, options.identifier != nil || options.pkexVersion != nil {
            throw ToolError.usage("--identifier and --pkex-version need --code")
        }
        let peer = try options.peerURI.map { uri in
            try ToolError.usageOnError("--peer-uri") { try BootstrappingURI(parsing: uri) }
        }
        let listen = try options.listen.map { text in try ToolError.usageOnError { try TCPEndpoint(listening: text) } }
        let connect = try options.connect.map { text in try ToolError.usageOnError { try TCPEndpoint(parsing: text) } }
        let hasKey = keyFile != nil

        if let code = options.code {
            guard peer == nil, !chirp else { throw ToolError.usage("--code exchanges keys by PKEX: no --peer-uri or --chirp") }
            guard let endpoint = listen.map(Transport.listen) ?? connect.map(Transport.connect) else {
                throw ToolError.usage("PKEX needs --connect or --listen")
            }
            let version: PKEXParameters.Version
            switch options.pkexVersion ?? 2 {
            case 1: version = .v1(initiatorMAC: Self.pkexV1Addresses, responderMAC: Self.pkexV1Addresses)
            case 2: version = .v2
            default: throw ToolError.usage("--pkex-version must be 1 or 2")
            }
            transport = endpoint
            start = .pkex(code: code, identifier: options.identifier, version: version)
        } else if chirp {
            guard let connect, listen == nil else { throw ToolError.usage("--chirp announces us to --connect's address") }
            guard hasKey else { throw ToolError.usage("--chirp needs --key: the configurator must know our URI") }
            transport = .connect(connect)
            start = .chirp(knownPeer: peer)
        } else if let listen {
            guard hasKey else { throw ToolError.usage("--listen needs --key: the initiator must know our URI") }
            transport = .listen(listen)
            start = .responder(knownPeer: peer)
        } else {
            guard let peer else { throw ToolError.usage("give --peer-uri, --listen, --code or --chirp") }
            let host = try peer.host.map { host in try ToolError.usageOnError { try TCPEndpoint(parsing: host) } }
            guard let endpoint = connect ?? host else {
                throw ToolError.usage("the peer URI has no H: host: give --connect")
            }
            transport = .connect(endpoint)
            start = .initiator(peer: peer)
        }

        if options.mutual {
            switch start {
            case .initiator where !hasKey: throw ToolError.usage("--mutual needs --key: the peer must know our URI")
            case .responder(nil), .chirp(nil): throw ToolError.usage("--mutual needs --peer-uri: whose key to require")
            default: break
            }
        }

        let ownCurve: Curve
        if let keyFile {
            ownCurve = keyFile.key.curve
        } else if let curve = Curve(rawValue: options.curve) {
            ownCurve = peer?.curve ?? curve
        } else {
            throw ToolError.usage("unknown curve '\(options.curve)' (P-256, P-384 or P-521)")
        }
        if let peer, peer.curve != ownCurve {
            throw ToolError.usage("our key is on \(ownCurve) but the peer's is on \(peer.curve)")
        }
        ownKey = try keyFile?.key ?? ECKeyPair.generate(curve: ownCurve)
        self.role = role
        requireMutual = options.mutual
        timeout = .milliseconds(Int64(options.timeout * 1000))
    }
}
