/// The one way a service gets connected, whoever asks: ConnMan's
/// `Service.Connect`, iwd's `Network.Connect`, a session, auto-connect.  A new
/// attempt clears the service's last error and remembers which D-Bus client
/// asked (a secret request prefers that client's agent), then the service's
/// plugin connects it.
@MainActor
final class ServiceConnector {
    private let registry: Registry
    private let plugins: PluginHost
    private var requesters: [Service.ID: String] = [:]

    init(registry: Registry, plugins: PluginHost) {
        self.registry = registry
        self.plugins = plugins
        registry.observe { [weak self] event in
            if case .serviceRemoved(let service) = event { self?.requesters[service.id] = nil }
        }
    }

    /// `client` is the unique bus name of the caller, nil for the host's own decisions.
    func connect(_ id: Service.ID, requestedBy client: String?,
                 completion: @escaping @MainActor (PluginHost.OperationError?) -> Void) {
        guard registry.services[id] != nil else { return completion(.notFound) }
        requesters[id] = client
        try? registry.updateServiceAsHost(id) { $0.error = nil }
        plugins.connect(service: id, completion: completion)
    }

    /// The D-Bus client whose Connect started the current attempt, if any.
    func requester(of id: Service.ID) -> String? {
        requesters[id]
    }
}
