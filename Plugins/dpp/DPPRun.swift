import EasyConnect
import EasyConnectTCP
import Glibc
import Hexadecimal
import PluginKit
import ProvisioningKit

/// One DPP session on one device, as the host started it: our
/// bootstrapping key and URI, the role, and the exchange over TCP (as
/// initiator toward a URI's `H:` host, or as responder on the configured
/// listener).  It ends exactly once, through `finish`.
final class DPPRun {
    let device: sb_device_id
    let uri: BootstrappingURI
    private let host: HostAPI
    private let ownKey: ECKeyPair
    private let role: DPPRole
    private var link: TCPLink?
    private var acceptor: TCPAcceptor?
    private var driver: ExchangeDriver<DPPSession>?
    private var finished = false
    /// Called once with 0 (and what an enrollee received) or -errno.
    var finish: (Int32, HostAPI.NetworkConfig?) -> Void = { _, _ in }

    init(host: HostAPI, device: sb_device_id, address: String?, role: DPPRole) throws {
        self.host = host
        self.device = device
        self.role = role
        ownKey = try ECKeyPair.generate(curve: .p256)
        let mac = address.flatMap { MACAddress(compactHex: $0.filter { $0 != ":" }) }
        uri = try BootstrappingURI(publicKey: ownKey.publicKey, macAddress: mac, version: DPPSession.protocolVersion)
    }

    deinit { stop() }

    var name: String { role.isEnrollee ? "enrollee" : "configurator" }

    /// Initiates toward `peer` over TCP to its `H:` host.
    func initiate(toward peer: BootstrappingURI, endpoint: TCPEndpoint) throws {
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
    func respond(listeningOn endpoint: TCPEndpoint) throws {
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

    /// The host stopped the session: everything closes, nothing is reported.
    func stop() {
        finished = true
        driver?.cancel()
        driver = nil
        link?.close()
        link = nil
        acceptor = nil
    }

    // MARK: the exchange

    private func makeDriver(_ session: DPPSession, over link: TCPLink) -> ExchangeDriver<DPPSession> {
        let driver = ExchangeDriver(host: host, session: session, send: { [weak link] frame in link?.send(frame) },
                                    report: { [weak self] event in self?.handle(event) })
        link.onFrame = { [weak driver] frame in driver?.receive(frame) }
        link.onEnd = { [weak self] end in self?.end(-ECONNRESET, "DPP over TCP ended: \(end)") }
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
        // The link stays until the run is dropped: our last frame must not be cut off by a close.
        finish(error, network)
    }

    private func log(_ level: sb_log_level, _ message: String) {
        host.log(level, message)
    }

    // MARK: conversions

    /// What an enrollee stores: WPA2-Personal only.
    static func network(_ object: ConfigurationObject) -> HostAPI.NetworkConfig? {
        guard object.akms.contains("psk") else { return nil }
        switch object.credential {
        case .passphrase(let passphrase): return HostAPI.NetworkConfig(ssid: object.ssid, passphrase: passphrase, preSharedKey: nil)
        case .psk(let key): return HostAPI.NetworkConfig(ssid: object.ssid, passphrase: nil, preSharedKey: Hex.encode(key))
        }
    }

    /// What a configurator hands out: the passphrase when known, else the key.
    static func configuration(_ network: HostAPI.NetworkConfig) throws -> ConfigurationObject {
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
    var isEnrollee: Bool {
        if case .enrollee = self { return true }
        return false
    }
}
