import Logging
import MainLoop

/// Connects a service as soon as it is offered with AutoConnect on (a cable
/// plugged in, the user switching AutoConnect on), like ConnMan does for
/// wired networks.  It acts on those moments only, never on a service that
/// went idle, so a user's Disconnect stays a disconnect until the network
/// comes back.
@MainActor
final class AutoConnect {
    private let registry: Registry
    private let plugins: PluginHost
    private let logger = Logger(label: "policy")

    init(registry: Registry, plugins: PluginHost) {
        self.registry = registry
        self.plugins = plugins
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
    /// never run re-entrantly from inside a host API call.
    private func consider(_ service: Service) {
        guard service.autoConnect else { return }
        MainLoop.shared.soon { [weak self] in
            guard let self, let current = self.registry.services[service.id], current.autoConnect,
                  current.state == .idle || current.state == .failure else { return }
            self.logger.info("auto-connecting \(current.identifier)")
            self.plugins.connect(service: current.id) { [logger = self.logger] failure in
                if let failure { logger.warning("auto-connect of \(current.identifier) failed: \(failure)") }
            }
        }
    }
}
