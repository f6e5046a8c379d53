import EasyConnect
import EasyConnectTCP
import Glibc
import PluginKit
import ProvisioningKit

/// The DPP plugin: one `DPPRun` per device the host started provisioning
/// on.  DPP over TCP: ConfigureEnrollee toward a URI with `H:`, and, with
/// `[dpp] TCPListen` set, enrollees and configurators that wait there for an
/// initiator.
///
/// main.conf, section [dpp]:
///   TCPListen=PORT | ADDRESS:PORT   listen for DPP over TCP while an enrollee
///                                   or configurator waits (default: off)
final class DPPPlugin {
    let host: HostAPI
    private let listen: TCPEndpoint?
    private var runs: [sb_device_id: DPPRun] = [:]
    /// Finished runs kept for a moment, so their last frame leaves before the socket closes.
    private var lingering: [DPPRun] = []
    private lazy var lingerTimer = HostTimer(host: host) { [weak self] in self?.lingering.removeAll() }

    init(host: HostAPI) throws {
        self.host = host
        if let text = host.config("TCPListen") {
            do { listen = try TCPEndpoint(listening: text) } catch {
                host.log(SB_LOG_ERROR, "[dpp] TCPListen=\(text) is not PORT or ADDRESS:PORT")
                throw error
            }
        } else {
            listen = nil
        }
    }

    func stopAll() {
        for run in runs.values { run.stop() }
        runs.removeAll()
        lingering.removeAll()
    }

    /// The start op: the device's URI, or -errno.
    func start(device: sb_device_id, _ args: sb_provisioning_args) -> Result<String, StartError> {
        guard runs[device] == nil else { return .failure(StartError(-EBUSY)) }
        let action = sb_provisioning_action(rawValue: args.action)
        do {
            let role: DPPRole
            if action == SB_PROVISION_START_ENROLLEE {
                role = .enrollee(try ConfigurationRequest(name: "switchboard"))
            } else {
                guard let network = HostAPI.NetworkConfig(args.network) else { return .failure(StartError(-EINVAL, "no network to hand out")) }
                role = .configurator(try DPPRun.configuration(network))
            }
            let run = try DPPRun(host: host, device: device, address: args.address.map { String(cString: $0) }, role: role)
            if action == SB_PROVISION_CONFIGURE_ENROLLEE {
                let text = args.peer_uri.map { String(cString: $0) } ?? ""
                let peer: BootstrappingURI
                do { peer = try BootstrappingURI(parsing: text) } catch {
                    return .failure(StartError(-EINVAL, "the enrollee's URI is not valid: \(error)"))
                }
                guard let hostText = peer.host else {
                    return .failure(StartError(-ENETDOWN, "the URI has no H: host, and DPP over the air is not available in this build"))
                }
                guard let endpoint = try? TCPEndpoint(parsing: hostText) else {
                    return .failure(StartError(-EINVAL, "the URI's H:\(hostText) is not an address"))
                }
                try run.initiate(toward: peer, endpoint: endpoint)
            } else {
                guard let listen else {
                    return .failure(StartError(-ENETDOWN, "nothing to listen on: set [dpp] TCPListen (DPP over the air is not available in this build)"))
                }
                try run.respond(listeningOn: listen)
            }
            run.finish = { [weak self, weak run] error, network in
                guard let self, let run else { return }
                self.finished(run, error: error, network: network)
            }
            runs[device] = run
            return .success(run.uri.uri)
        } catch let error as StartError {
            return .failure(error)
        } catch {
            return .failure(StartError(-EINVAL, "cannot start: \(error)"))
        }
    }

    func stop(device: sb_device_id, reason: sb_provisioning_stop_reason) {
        guard let run = runs.removeValue(forKey: device) else { return }
        host.log(SB_LOG_INFO, "\(run.name) stopped by the host (reason \(reason.rawValue))")
        run.stop()
    }

    private func finished(_ run: DPPRun, error: Int32, network: HostAPI.NetworkConfig?) {
        guard runs[run.device] === run else { return }
        runs[run.device] = nil
        lingering.append(run)
        lingerTimer.arm(milliseconds: 1000)
        host.provisioningFinished(run.device, error: error, network: network)
    }

    /// A start() refusal: -errno and why, for the log.
    struct StartError: Error {
        let code: Int32
        let reason: String?
        init(_ code: Int32, _ reason: String? = nil) {
            self.code = code
            self.reason = reason
        }
    }
}
