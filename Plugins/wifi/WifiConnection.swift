import Glibc
import Hexadecimal
import NL80211
import PluginKit
import WPA

/// One connection attempt to one network and, once up, the connection: the
/// secret, CONNECT through the kernel's SME, the 4-way handshake over the
/// control port, the keys, then the link handed to the host's IP layer.
/// It talks to the station only through `Delegate`-style closures so it can
/// be read as the state machine it is.
final class WifiConnection {
    enum Phase: Equatable {
        case awaitingSecret
        case associating
        case handshaking
        case configuring
        case disconnecting
        case ended
    }

    let network: WifiNetwork
    let target: ScannedBSS
    let service: sb_service_id
    private(set) var phase: Phase = .awaitingSecret
    private var request: sb_request_id?
    private var secret: (passphrase: String?, psk: [UInt8])?
    private var handshake: SupplicantHandshake?
    private lazy var handshakeTimer = HostTimer(host: host) { [weak self] in self?.handshakeTimedOut() }
    private unowned let station: WifiStation
    private let host: HostAPI

    /// A 4-way handshake that has not finished this long after association
    /// has failed (hostapd gives up after about 4 s of retransmissions).
    static let handshakeTimeout: UInt64 = 8000

    init(station: WifiStation, network: WifiNetwork, target: ScannedBSS, service: sb_service_id, request: sb_request_id?) {
        self.station = station
        self.network = network
        self.target = target
        self.service = service
        self.request = request
        host = station.host
    }

    func start() {
        host.setError(service, nil)
        host.setState(service, SB_SERVICE_ASSOCIATION)
        guard network.security == .psk else {
            associate()
            return
        }
        phase = .awaitingSecret
        host.requestSecret(service, askUser: false) { [weak self] result in
            self?.secretArrived(result)
        }
    }

    private func secretArrived(_ result: Result<HostAPI.Secret, HostAPI.SecretError>) {
        guard phase == .awaitingSecret else { return }
        switch result {
        case .success(let secret):
            guard let psk = Self.psk(secret, ssid: network.ssid) else {
                fail(error: "invalid-key", code: -EKEYREJECTED, rejectSecret: false)
                return
            }
            self.secret = (secret.passphrase, psk)
            associate()
        case .failure(let error):
            station.log(SB_LOG_INFO, "\(network.name): no passphrase (\(error))")
            fail(error: error.code == -ECANCELED ? "connect-aborted" : "invalid-key", code: error.code, rejectSecret: false)
        }
    }

    /// The PSK from the secret: the stored key, else PBKDF2 of the passphrase.
    static func psk(_ secret: HostAPI.Secret, ssid: [UInt8]) -> [UInt8]? {
        // 64 hex digits are the PSK itself; PassphraseHash takes either.
        if let hexKey = secret.preSharedKey, let key = try? PassphraseHash.pmk(passphrase: hexKey, ssid: ssid) { return key }
        guard let passphrase = secret.passphrase else { return nil }
        return try? PassphraseHash.pmk(passphrase: passphrase, ssid: ssid)
    }

    private func associate() {
        phase = .associating
        station.log(SB_LOG_INFO, "connecting to \(network.name) (\(Hex.colonSeparated(target.bss.bssid)), \(target.bss.frequency) MHz)")
        host.setFrequency(service, target.bss.frequency)  // where a DPP configurator on this link listens
        station.send(.connect(interface: station.ifindex, ssid: network.ssid, bssid: target.bss.bssid,
                              frequency: target.bss.frequency, rsn: target.rsn,
                              controlPortOverNL80211: station.controlPortOverNL80211)) { [weak self] result in
            guard let self, case .failure(let error) = result, phase == .associating else { return }
            station.log(SB_LOG_WARNING, "\(network.name): connect refused: \(error)")
            fail(error: "connect-failed", code: -error.code, rejectSecret: false)
        }
    }

    /// NL80211_CMD_CONNECT's result.
    func associated(status: UInt16) {
        guard phase == .associating else { return }
        guard status == 0 else {
            station.log(SB_LOG_WARNING, "\(network.name): association failed, status \(status)")
            fail(error: "connect-failed", code: -ECONNREFUSED, rejectSecret: false)
            return
        }
        guard let rsn = target.rsn, let secret else {
            linkUp()
            return
        }
        phase = .handshaking
        // The SNonce: the system's CSPRNG (getrandom underneath), 8 octets
        // per call rather than one (each call is a system call).
        var generator = SystemRandomNumberGenerator()
        let nonce = (0..<4).flatMap { _ in withUnsafeBytes(of: generator.next()) { Array($0) } }
        do {
            handshake = try SupplicantHandshake(
                SupplicantHandshakeConfiguration(pmk: secret.psk, authenticatorAddress: target.bss.bssid,
                                                 supplicantAddress: station.address, supplicantRSNE: rsn.element,
                                                 authenticatorRSNE: target.apRSNE),
                nonce: nonce)
        } catch {
            station.log(SB_LOG_ERROR, "\(network.name): cannot start the handshake: \(error)")
            fail(error: "connect-failed", code: -EINVAL, rejectSecret: false)
            return
        }
        handshakeTimer.arm(milliseconds: Self.handshakeTimeout)
    }

    /// An EAPOL frame from the AP.
    func eapol(_ frame: [UInt8]) {
        guard phase == .handshaking || phase == .configuring, handshake != nil else { return }
        for effect in handshake!.receive(frame) { perform(effect) }
    }

    private func perform(_ effect: HandshakeEffect) {
        switch effect {
        case .send(let frame):
            // Before the pairwise key is in, frames must not be encrypted.
            station.send(.controlPortFrame(interface: station.ifindex, destination: target.bss.bssid, payload: frame,
                                           unencrypted: phase == .handshaking)) { _ in }
        case .installPairwiseKey(let tk, let cipher):
            station.send(.newKey(interface: station.ifindex, index: 0, cipher: cipher.rawValue, key: tk, sequence: nil,
                                 peer: target.bss.bssid)) { [weak self] in self?.keyInstalled($0, "pairwise") }
        case .installGroupKey(let gtk, let index, let rsc, let cipher):
            station.send(.newKey(interface: station.ifindex, index: UInt8(index), cipher: cipher.rawValue, key: gtk, sequence: rsc,
                                 peer: nil)) { [weak self] in self?.keyInstalled($0, "group") }
        case .installIntegrityGroupKey(let igtk, let index, let ipn, let cipher):
            station.send(.newKey(interface: station.ifindex, index: UInt8(index), cipher: cipher.rawValue, key: igtk, sequence: ipn,
                                 peer: nil)) { [weak self] in self?.keyInstalled($0, "integrity group") }
        case .completed:
            station.send(.authorize(interface: station.ifindex, peer: target.bss.bssid)) { [weak self] result in
                if case .failure(let error) = result { self?.station.log(SB_LOG_WARNING, "cannot authorize the port: \(error)") }
            }
            handshakeTimer.cancel()
            // DHCP's first frame goes out before the bookkeeping; the secret
            // is stored before Connect() is answered, so a client told
            // "connected" finds the network known.
            guard startIP() else { return }
            if let secret {
                host.secretResult(service, passphrase: secret.passphrase, psk: Hex.encode(secret.psk), error: 0)
            }
            station.log(SB_LOG_INFO, "\(network.name): 4-way handshake done")
            reportLinkUp()
        case .rekeyed:
            station.log(SB_LOG_DEBUG, "\(network.name): group key renewed")
        case .failed(let why):
            station.log(SB_LOG_WARNING, "\(network.name): handshake failed: \(why)")
            fail(error: "connect-failed", code: -EPROTO, rejectSecret: false)
        }
    }

    private func keyInstalled(_ result: Result<[NL80211Message], NL80211Error>, _ kind: String) {
        guard case .failure(let error) = result else { return }
        station.log(SB_LOG_ERROR, "\(network.name): cannot install the \(kind) key: \(error)")
        fail(error: "connect-failed", code: -error.code, rejectSecret: false)
    }

    private func handshakeTimedOut() {
        guard phase == .handshaking else { return }
        station.log(SB_LOG_WARNING, "\(network.name): no 4-way handshake; wrong passphrase?")
        fail(error: "invalid-key", code: -EKEYREJECTED, rejectSecret: true)
    }

    private func linkUp() {
        if startIP() { reportLinkUp() }
    }

    /// Hands the link to the host's IP layer; false (and failed) when it refuses.
    private func startIP() -> Bool {
        phase = .configuring
        let result = host.configureIP(service, ifindex: station.ifindex)
        guard result == 0 || result == -EALREADY else {
            station.log(SB_LOG_ERROR, "\(network.name): IP configuration refused (\(result))")
            fail(error: "connect-failed", code: result, rejectSecret: false)
            return false
        }
        return true
    }

    private func reportLinkUp() {
        host.setState(service, SB_SERVICE_CONFIGURATION)  // (the IP layer has usually said so already)
        finishRequest(0)
    }

    /// The kernel reports the link gone (deauthenticated, beacon loss, the
    /// AP gone).  During the handshake after our message 2 that means the AP
    /// could not verify our MIC: the passphrase is wrong.
    func disconnected(reason: UInt16, byAP: Bool) {
        switch phase {
        case .ended:
            return
        case .disconnecting:
            end(state: SB_SERVICE_IDLE)
        case .handshaking where handshake?.suggestsWrongPassphrase == true:
            station.log(SB_LOG_WARNING, "\(network.name): deauthenticated during the handshake (reason \(reason)): wrong passphrase")
            fail(error: "invalid-key", code: -EKEYREJECTED, rejectSecret: true)
        case .configuring:
            station.log(SB_LOG_INFO, "\(network.name): link lost (reason \(reason)\(byAP ? ", by the AP" : ""))")
            _ = host.releaseIP(service)
            end(state: SB_SERVICE_IDLE)
        default:
            station.log(SB_LOG_WARNING, "\(network.name): disconnected while connecting (reason \(reason))")
            fail(error: "connect-failed", code: -ECONNABORTED, rejectSecret: false)
        }
    }

    /// The user's Disconnect (or the device going down).
    func disconnect() {
        guard phase != .ended, phase != .disconnecting else { return }
        let wasLinked = phase != .awaitingSecret
        if phase == .configuring { _ = host.releaseIP(service) }
        finishRequest(-ECANCELED)
        guard wasLinked else {
            end(state: SB_SERVICE_IDLE)
            return
        }
        phase = .disconnecting
        host.setState(service, SB_SERVICE_DISCONNECT)
        station.send(.disconnect(interface: station.ifindex)) { [weak self] result in
            // Not connected any more (ENOTCONN): no event will come.
            if case .failure = result { self?.end(state: SB_SERVICE_IDLE) }
        }
    }

    /// A queued attempt that will never start (another Connect or Disconnect came first).
    func abandon() {
        phase = .ended
        finishRequest(-ECANCELED)
    }

    private func fail(error: String, code: Int32, rejectSecret: Bool) {
        guard phase != .ended else { return }
        if rejectSecret { host.secretResult(service, passphrase: nil, psk: nil, error: -EKEYREJECTED) }
        host.setError(service, error)
        if phase == .configuring { _ = host.releaseIP(service) }
        let linked = phase == .associating || phase == .handshaking || phase == .configuring
        finishRequest(code == 0 ? -EIO : code)
        end(state: SB_SERVICE_FAILURE)
        if linked { station.send(.disconnect(interface: station.ifindex)) { _ in } }
    }

    private func end(state: sb_service_state) {
        guard phase != .ended else { return }
        phase = .ended
        handshakeTimer.cancel()
        host.setState(service, state)
        finishRequest(-ECANCELED)
        station.connectionEnded(self)
    }

    private func finishRequest(_ code: Int32) {
        guard let request else { return }
        self.request = nil
        host.complete(request, code)
    }
}
