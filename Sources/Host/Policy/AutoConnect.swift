import Logging
import MainLoop

/// Connects a service as soon as it is offered with AutoConnect on (a cable
/// plugged in, a known Wi-Fi network found, the user switching AutoConnect
/// on), like ConnMan does.  It acts on those moments only, never on a service
/// that went idle, so a user's Disconnect stays a disconnect until the network
/// comes back.  A device connects one service at a time: the best-ranked of
/// its candidates, and none while one of its services is connecting or up.
@MainActor
final class AutoConnect {
    private let registry: Registry
    private let connector: ServiceConnector
    private let logger = Logger(label: "policy")
    /// Devices (or device-less services) with a pass scheduled or a connect in flight.
    private var busy: Set<UInt64> = []
    /// Devices that must not connect for now (a provisioning enrollee).
    private var held: Set<Device.ID> = []

    init(registry: Registry, connector: ServiceConnector) {
        self.registry = registry
        self.connector = connector
        registry.observe { [weak self] event in
            switch event {
            case .serviceAdded(let service):
                self?.consider(service)
            case .serviceChanged(let service, let fields) where fields.contains(.autoConnect):
                self?.consider(service)
            default:
                break
            }
        }
    }

    /// Deferred to after the current event: the service is typically still
    /// being added inside a plugin's service_add() call, and plugin ops must
    /// never run re-entrantly from inside a host API call.  Services that
    /// arrive together (a scan's results) are ranked against each other.
    /// Keeps `device` from auto-connecting until `release`.
    func hold(_ device: Device.ID) {
        held.insert(device)
    }

    /// Lets `device` auto-connect again; with `reconsider`, connects its best
    /// candidate now (what it would have connected meanwhile).
    func release(_ device: Device.ID, reconsider again: Bool) {
        guard held.remove(device) != nil, again else { return }
        reconsider(device)
    }

    /// Connects the best auto-connect candidate of `device`, if it is idle.
    func reconsider(_ device: Device.ID) {
        if let service = registry.services(of: device).first(where: \.autoConnect) {
            consider(service)
        }
    }

    private func consider(_ service: Service) {
        let slot = service.device ?? service.id
        guard service.autoConnect, !held.contains(slot), busy.insert(slot).inserted else { return }
        MainLoop.shared.soon { [weak self] in
            guard let self else { return }
            guard let chosen = self.candidate(like: service) else {
                self.busy.remove(slot)
                return
            }
            self.logger.info("auto-connecting \(chosen.identifier)")
            self.connector.connect(chosen.id, requestedBy: nil) { [weak self] failure in
                self?.busy.remove(slot)
                if let failure { self?.logger.warning("auto-connect of \(chosen.identifier) failed: \(failure)") }
            }
        }
    }

    /// The service to connect for `service`'s device (or `service` itself
    /// when it has none), or nil when the device is busy or has none to offer.
    private func candidate(like service: Service) -> Service? {
        guard let current = registry.services[service.id], !held.contains(current.device ?? current.id) else { return nil }
        let siblings = current.device.map { device in registry.services.values.filter { $0.device == device } } ?? [current]
        guard !siblings.contains(where: { ![.idle, .failure].contains($0.state) }) else { return nil }
        let ready = siblings.filter { $0.autoConnect && ($0.state == .idle || $0.state == .failure) }
        return ServiceRanking.ranked(ready).first
    }
}
