import EasyConnect
import EasyConnectTCP
import Glibc
import Hexadecimal
import PluginKit

/// One DPP session on one device, as the host started it: our
/// bootstrapping key and URI, the role, and the exchange, over the air
/// (through the device's radio) or over TCP (as initiator toward a URI's
/// `H:` host, or as responder on the configured listener).  It ends
/// exactly once, through `finish`.
public final class DPPRun: ProvisioningRunning {
    public let device: sb_device_id
    public let uri: BootstrappingURI
    private let host: HostAPI
    private let ownKey: ECKeyPair
    private let role: DPPRole
    private var link: TCPLink?
    private var acceptor: TCPAcceptor?
    private var air: AirLink?
    private var driver: ExchangeDriver<DPPSession>?
    private var finished = false
    /// Called once with 0 (and what an enrollee received) or -errno.
    public var finish: (Int32, HostAPI.NetworkConfig?) -> Void = { _, _ in }

    /// `channel`: where this device listens, published in the URI.
    /// `ownKey`: our bootstrapping key when PKEX already exchanged it (else a new one).
    public init(host: HostAPI, device: sb_device_id, address: MACAddress?, channel: BootstrappingURI.Channel?,
                role: DPPRole, ownKey: ECKeyPair? = nil) throws {
        self.host = host
        self.device = device
        self.role = role
        self.ownKey = try ownKey ?? ECKeyPair.generate(curve: .p256)
        uri = try BootstrappingURI(publicKey: self.ownKey.publicKey, channels: channel.map { [$0] } ?? [],
                                   macAddress: address, version: DPPSession.protocolVersion)
    }

    deinit { stop() }

    public var name: String { role.isEnrollee ? "enrollee" : "configurator" }

    /// Initiates toward `peer` over TCP to its `H:` host.
    public func initiate(toward peer: BootstrappingURI, endpoint: TCPEndpoint) throws {
        let (session, first) = try DPPSession.initiator(peer: peer, ownKey: ownKey, role: role)
        let link = try TCPLink.connect(host: host, to: endpoint)
        let driver = makeDriver(session, over: link)
        link.onConnected = { [weak self] in
            self?.log(SB_LOG_INFO, "connected to \(endpoint); sending the authentication request")
            driver.start(with: first)
        }
        self.link = link
        self.driver = driver
        log(SB_LOG_INFO, "\(name): connecting to \(endpoint) (DPP over TCP)")
    }

    /// Answers the first initiator that connects to `endpoint`.
    public func respond(listeningOn endpoint: TCPEndpoint) throws {
        let acceptor = try TCPAcceptor(host: host, on: endpoint)
        acceptor.onAccept = { [weak self] link in
            guard let self, self.link == nil, !self.finished else { return link.close() }
            do {
                let session = try DPPSession.responder(ownKey: self.ownKey, role: self.role)
                self.driver = self.makeDriver(session, over: link)
                self.link = link
                self.acceptor = nil  // one exchange per session
                self.log(SB_LOG_INFO, "\(self.name): an initiator connected over TCP")
            } catch {
                self.end(-EIO, "cannot start the responder: \(error)")
            }
        }
        self.acceptor = acceptor
        log(SB_LOG_INFO, "\(name): listening for DPP over TCP on \(endpoint)")
    }

    /// Initiates toward `peer` over the air.
    public func initiate(toward peer: BootstrappingURI, over air: AirLink) throws {
        let (session, first) = try DPPSession.initiator(peer: peer, ownKey: ownKey, role: role)
        let driver = makeDriver(session, over: air)
        self.air = air
        self.driver = driver
        log(SB_LOG_INFO, "\(name): sending the authentication request to \(air.peer?.description ?? "everyone") on \(air.frequency) MHz")
        driver.start(with: first)
    }

    /// Answers the first initiator heard over the air (with `peer`, only
    /// that initiator, authenticating mutually); an enrollee that does not
    /// know its peer announces its presence until one answers.
    public func respond(over air: AirLink, peer: BootstrappingURI? = nil) throws {
        let session = try DPPSession.responder(ownKey: ownKey, peer: peer, role: role)
        driver = makeDriver(session, over: air)
        self.air = air
        log(SB_LOG_INFO, "\(name): listening on \(air.frequency) MHz")
        if role.isEnrollee && peer == nil { air.send(try PresenceAnnouncement.frame(announcing: uri)) }
    }

    /// A management frame the device received for us.
    public func frameReceived(_ frame: [UInt8]) {
        air?.received(frame)
    }

    /// The host stopped the session: everything closes, nothing is reported.
    public func stop() {
        finished = true
        driver?.cancel()
        driver = nil
        link?.close()
        link = nil
        acceptor = nil
        air?.close()
    }

    // MARK: the exchange

    private func makeDriver(_ session: DPPSession, over link: TCPLink) -> ExchangeDriver<DPPSession> {
        let driver = ExchangeDriver(host: host, session: session, send: { [weak link] frame in link?.send(frame) },
                                    report: { [weak self] event in self?.handle(event) })
        link.onFrame = { [weak driver] frame in driver?.receive(frame) }
        link.onEnd = { [weak self] end in self?.end(-ECONNRESET, "DPP over TCP ended: \(end)") }
        return driver
    }

    private func makeDriver(_ session: DPPSession, over air: AirLink) -> ExchangeDriver<DPPSession> {
        let driver = ExchangeDriver(host: host, session: session, send: { [weak air] frame in air?.send(frame) },
                                    report: { [weak self] event in self?.handle(event) })
        air.onFrame = { [weak air, weak driver] source, frame in
            guard let air, let driver else { return }
            air.reply(to: source) { driver.receive(frame) }
        }
        air.log = { [weak self] level, message in self?.log(level, message) }
        return driver
    }

    private func handle(_ event: DPPEvent) {
        switch event {
        case .authenticated(let mutual, let version):
            log(SB_LOG_INFO, "\(name): authenticated (\(mutual ? "mutual" : "responder only"), peer DPP version \(version))")
        case .configurationSent(let request):
            log(SB_LOG_INFO, "configurator: the configuration reached enrollee '\(request.name)'")
            end(0, nil)
        case .configurationReceived(let object):
            guard let network = Self.network(object) else {
                return end(-EPROTONOSUPPORT, "the configuration for '\(object.ssid)' is not WPA2-Personal (akm \(object.akms.joined(separator: "+")))")
            }
            log(SB_LOG_INFO, "enrollee: received the configuration of '\(object.ssid)'")
            end(0, nil, network)
        case .bootstrappingKeyExchanged:
            break
        case .failed(let failure):
            end(failure == .timedOut ? -ETIMEDOUT : -EPROTO, "\(name): the exchange failed: \(failure)")
        }
    }

    private func end(_ error: Int32, _ message: String?, _ network: HostAPI.NetworkConfig? = nil) {
        guard !finished else { return }
        if let message { log(error == 0 ? SB_LOG_INFO : SB_LOG_WARNING, message) }
        finished = true
        acceptor = nil
        driver?.cancel()
        air?.close()
        // The link stays until the run is dropped: our last frame must not be cut off by a close.
        finish(error, network)
    }

    private func log(_ level: sb_log_level, _ message: String) {
        host.log(level, message)
    }

    // MARK: conversions

    /// What an enrollee stores: WPA2-Personal only.
    public static func network(_ object: ConfigurationObject) -> HostAPI.NetworkConfig? {
        guard object.akms.contains("psk") else { return nil }
        switch object.credential {
        case .passphrase(let passphrase): return HostAPI.NetworkConfig(ssid: object.ssid, passphrase: passphrase, preSharedKey: nil)
        case .psk(let key): return HostAPI.NetworkConfig(ssid: object.ssid, passphrase: nil, preSharedKey: Hex.encode(key))
        }
    }

    /// What a configurator hands out: the passphrase when known, else the key.
    public static func configuration(_ network: HostAPI.NetworkConfig) throws -> ConfigurationObject {
        if let passphrase = network.passphrase {
            return try ConfigurationObject(ssid: network.ssid, credential: .passphrase(passphrase))
        }
        guard let hex = network.preSharedKey, let key = Hex.decode(hex), key.count == 32 else {
            throw EasyConnectError.invalidConfiguration("no credentials for '\(network.ssid)'")
        }
        return try ConfigurationObject(ssid: network.ssid, credential: .psk(key))
    }
}

extension DPPRole {
    public var isEnrollee: Bool {
        if case .enrollee = self { return true }
        return false
    }
}
