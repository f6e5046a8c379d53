import EasyConnect
import Glibc
import PluginKit
import ProvisioningKit

/// The shared-code plugin (iwd's SharedCodeDeviceProvisioning): one
/// `SharedCodeRun` per device the host started provisioning on, over the
/// device's radio.  An enrollee sends PKEX exchange requests on the
/// channels of the networks it has seen and on the default ones its radio
/// may transmit on (`PKEXChannels`), in turn; a configurator listens on the
/// channel it is connected on, for one enrollee.  A code that failed
/// `PKEXCodeAttempts.limit` times is not used again until the daemon restarts.
///
/// main.conf, section [pkex]:
///   Timeout=SECONDS   how long a session may run before it stops with
///                     -ETIMEDOUT (default 120, as the API text says)
final class PKEXPlugin: ProvisioningPlugin {
    let host: HostAPI
    private let timeLimit: UInt64
    private let ledger = CodeLedger()
    private(set) lazy var runs = ProvisioningRuns<SharedCodeRun>(host: host)

    static let defaultTimeLimit: UInt64 = 120

    init(host: HostAPI) throws {
        self.host = host
        if let text = host.config("Timeout") {
            guard let seconds = UInt64(text), (1...3600).contains(seconds) else {
                host.log(SB_LOG_ERROR, "[pkex] Timeout=\(text) is not a number of seconds from 1 to 3600")
                throw ProvisioningStartError(-EINVAL)
            }
            timeLimit = seconds * 1000
        } else {
            timeLimit = Self.defaultTimeLimit * 1000
        }
    }

    /// The start op: "" (shared code has no URI to show), or -errno.
    func start(device: sb_device_id, _ args: sb_provisioning_args) -> Result<String, ProvisioningStartError> {
        guard !runs.isRunning(on: device) else { return .failure(ProvisioningStartError(-EBUSY)) }
        do {
            let action = args.actionValue
            let enrollee = action == SB_PROVISION_START_ENROLLEE
            let source = try codeSource(args, agentAllowed: action == SB_PROVISION_START_CONFIGURATOR)
            let role = try args.role()
            let searching = enrollee ? PKEXChannels.searchOrder(seen: args.seenFrequencies,
                                                                transmit: args.transmitFrequencies) : []
            let frequency = searching.first
                ?? AirLink.meetingFrequency(enrollee: enrollee, connectedFrequency: args.frequency)
            let air = try AirLink.open(host: host, device: device, address: args.macAddress, frequency: frequency,
                                       operatingFrequency: enrollee ? 0 : args.frequency, searching: searching)
            let run = try SharedCodeRun(host: host, device: device, air: air, role: role, source: source,
                                        ledger: ledger)
            run.finish = { [weak self, weak run] error, network in
                guard let self, let run else { return }
                self.runs.finished(run, error: error, network: network)
            }
            try run.start(timeLimit: timeLimit)
            runs.add(run)
            return .success("")
        } catch let error as ProvisioningStartError {
            return .failure(error)
        } catch {
            return .failure(ProvisioningStartError(-EINVAL, "cannot start: \(error)"))
        }
    }

    /// The code and identifier the caller gave, checked; or the agent.
    private func codeSource(_ args: sb_provisioning_args, agentAllowed: Bool) throws -> SharedCodeRun.CodeSource {
        if args.flags & UInt32(SB_PROVISION_FLAG_AGENT.rawValue) != 0 {
            guard agentAllowed else { throw ProvisioningStartError(-EINVAL, "only a configurator asks an agent") }
            return .agent
        }
        guard let code = args.code.map({ String(cString: $0) }), !code.isEmpty else {
            throw ProvisioningStartError(-EINVAL, "no shared code")
        }
        let identifier = args.identifier.map { String(cString: $0) }
        if let identifier, identifier.isEmpty || identifier.utf8.count > 80 {
            throw ProvisioningStartError(-EINVAL, "the identifier must be 1 to 80 octets")
        }
        guard ledger.attempts.mayUse(code: code) else {
            throw ProvisioningStartError(-EINVAL, "this code failed \(PKEXCodeAttempts.limit) times; use another one")
        }
        return .given(code: code, identifier: identifier)
    }
}
