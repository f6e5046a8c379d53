import Logging
import MainLoop

/// The known-network store seen from the model: a Wi-Fi service whose
/// network (its Name and Security) has stored credentials is a Favorite with
/// AutoConnect on, and stays so while the credentials are kept.
@MainActor
final class KnownNetworks {
    typealias Key = KnownNetworkStore.Key

    let store: KnownNetworkStore
    private let registry: Registry
    private let logger = Logger(label: "secrets")
    /// Told about every network stored or forgotten (the iwd face's KnownNetwork objects).
    var observers: [@MainActor (Key) -> Void] = []

    init(registry: Registry, store: KnownNetworkStore) {
        self.registry = registry
        self.store = store
        registry.observe { [weak self] event in
            guard case .serviceAdded(let service) = event, let key = Self.key(for: service), store.secret(for: key) != nil else {
                return
            }
            // After the event: every observer hears of the service before it changes.
            MainLoop.shared.soon { self?.mark(key, known: true) }
        }
    }

    /// The store's key of a service: only Wi-Fi networks are kept.
    static func key(for service: Service) -> Key? {
        guard service.bearer == "wifi", let type = KnownNetworkFile.NetworkType(security: service.security) else { return nil }
        return Key(ssid: service.name, type: type)
    }

    func secret(for service: Service) -> NetworkSecret? {
        Self.key(for: service).flatMap(store.secret(for:))
    }

    /// Stores what worked for `service` (a PSK network); others are not kept.
    func remember(_ secret: NetworkSecret, for service: Service) throws(KnownNetworkStore.WriteError) {
        guard let key = Self.key(for: service) else { return }
        try remember(secret, for: key)
    }

    /// Stores the secret of a PSK network, seen or not (a provisioned one).
    func remember(_ secret: NetworkSecret, for key: Key) throws(KnownNetworkStore.WriteError) {
        guard key.type == .psk else { return }
        // Every connect of a known network confirms what is stored: no write then.
        guard store.secret(for: key) != secret else { return }
        try store.store(secret, for: key)
        logger.info("stored the credentials of '\(key.ssid)' (\(key.type.rawValue))")
        mark(key, known: true)
    }

    /// Deletes the stored credentials of `service`'s network; false when there were none.
    @discardableResult
    func forget(_ service: Service) -> Bool {
        guard let key = Self.key(for: service) else { return false }
        return forget(key)
    }

    @discardableResult
    func forget(_ key: Key) -> Bool {
        guard store.forget(key) else { return false }
        logger.info("forgot the credentials of '\(key.ssid)' (\(key.type.rawValue))")
        mark(key, known: false)
        return true
    }

    /// Every service of the network follows the store: Favorite and AutoConnect.
    private func mark(_ key: Key, known: Bool) {
        for service in registry.orderedServices where Self.key(for: service) == key {
            try? registry.updateServiceAsHost(service.id) {
                $0.favorite = known
                $0.autoConnect = known
            }
        }
        for observer in observers { observer(key) }
    }
}
