import EasyConnect
import EasyConnectTCP
import Glibc
import PluginKit
import ProvisioningKit

/// The DPP plugin: one `DPPRun` per device the host started provisioning
/// on.  Over the air through the device's radio: an enrollee listens on
/// channel 6 and announces itself; a configurator listens on its network's
/// channel, or initiates toward an enrollee's URI on the URI's channel.
/// Over TCP: ConfigureEnrollee toward a URI with `H:`, and, with
/// `[dpp] TCPListen` set, enrollees and configurators wait there instead of
/// on the air.
///
/// main.conf, section [dpp]:
///   TCPListen=PORT | ADDRESS:PORT   wait for DPP over TCP (instead of over
///                                   the air) while an enrollee or
///                                   configurator waits (default: off)
final class DPPPlugin: ProvisioningPlugin {
    let host: HostAPI
    private let listen: TCPEndpoint?
    private(set) lazy var runs = ProvisioningRuns<DPPRun>(host: host)

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

    /// The start op: the device's URI, or -errno.
    func start(device: sb_device_id, _ args: sb_provisioning_args) -> Result<String, ProvisioningStartError> {
        guard !runs.isRunning(on: device) else { return .failure(ProvisioningStartError(-EBUSY)) }
        let action = args.actionValue
        let address = args.macAddress
        do {
            let role = try args.role()
            let run: DPPRun
            if action == SB_PROVISION_CONFIGURE_ENROLLEE {
                run = try configureEnrollee(device, args, address: address, role: role)
            } else if let listen {
                run = try DPPRun(host: host, device: device, address: address, channel: nil, role: role)
                try run.respond(listeningOn: listen)
            } else {
                let frequency = AirLink.meetingFrequency(enrollee: role.isEnrollee, connectedFrequency: args.frequency)
                let air = try airLink(device, address, frequency: frequency,
                                      operatingFrequency: role.isEnrollee ? 0 : args.frequency)
                run = try DPPRun(host: host, device: device, address: address,
                                 channel: BootstrappingURI.Channel(frequency: frequency), role: role)
                try run.respond(over: air)
            }
            run.finish = { [weak self, weak run] error, network in
                guard let self, let run else { return }
                self.runs.finished(run, error: error, network: network)
            }
            runs.add(run)
            return .success(run.uri.uri)
        } catch let error as ProvisioningStartError {
            return .failure(error)
        } catch {
            return .failure(ProvisioningStartError(-EINVAL, "cannot start: \(error)"))
        }
    }

    /// ConfigureEnrollee(uri): DPP over TCP to the URI's `H:`, else over the
    /// air on the URI's channel (the connected one when the URI lists it).
    private func configureEnrollee(_ device: sb_device_id, _ args: sb_provisioning_args, address: MACAddress?,
                                   role: DPPRole) throws -> DPPRun {
        let text = args.peer_uri.map { String(cString: $0) } ?? ""
        let peer: BootstrappingURI
        do { peer = try BootstrappingURI(parsing: text) } catch {
            throw ProvisioningStartError(-EINVAL, "the enrollee's URI is not valid: \(error)")
        }
        if let hostText = peer.host {
            guard let endpoint = try? TCPEndpoint(parsing: hostText) else {
                throw ProvisioningStartError(-EINVAL, "the URI's H:\(hostText) is not an address")
            }
            let run = try DPPRun(host: host, device: device, address: address, channel: nil, role: role)
            try run.initiate(toward: peer, endpoint: endpoint)
            return run
        }
        let offered = peer.channels.compactMap(\.frequency)
        let frequency = offered.contains(args.frequency) || offered.isEmpty && args.frequency != 0
            ? args.frequency : offered.first ?? AirLink.defaultFrequency
        let air = try airLink(device, address, frequency: frequency, operatingFrequency: args.frequency,
                              peer: peer.macAddress)
        let run = try DPPRun(host: host, device: device, address: address,
                             channel: BootstrappingURI.Channel(frequency: frequency), role: role)
        try run.initiate(toward: peer, over: air)
        return run
    }

    /// The device's radio for DPP frames: registered for them, listening
    /// on `frequency` unless the device already operates there.
    private func airLink(_ device: sb_device_id, _ address: MACAddress?, frequency: UInt32,
                         operatingFrequency: UInt32, peer: MACAddress? = nil) throws -> AirLink {
        try AirLink.open(host: host, device: device, address: address, frequency: frequency,
                         operatingFrequency: operatingFrequency, peer: peer,
                         hint: "; set [dpp] TCPListen for DPP over TCP")
    }
}
