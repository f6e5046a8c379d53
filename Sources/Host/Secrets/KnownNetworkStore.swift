import Glibc
import Logging

/// The known networks on disk: `<StateDirectory>/wifi/<name>.psk`, one file
/// per network in iwd's format and naming (KnownNetworkFile), mode 0600 in a
/// directory of mode 0700, each written to a temporary file and renamed over
/// the old one, so a crash never leaves half a secret.  Read once at start-up;
/// a malformed file is skipped with a log line.
@MainActor
final class KnownNetworkStore {
    struct Key: Hashable, Sendable, Comparable {
        let ssid: String
        let type: KnownNetworkFile.NetworkType

        static func < (a: Key, b: Key) -> Bool { (a.ssid, a.type.rawValue) < (b.ssid, b.type.rawValue) }
    }

    typealias WriteError = Files.Failure

    let directory: String
    private var entries: [Key: NetworkSecret] = [:]
    private let logger = Logger(label: "secrets")

    init(directory: String) {
        self.directory = directory
    }

    var keys: [Key] { entries.keys.sorted() }

    func secret(for key: Key) -> NetworkSecret? { entries[key] }

    /// Reads every `*.psk` file of the directory (a missing directory is an empty store).
    func load() {
        entries.removeAll()
        guard let names = Files.names(in: directory) else { return }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory + "/" + name
            guard let (ssid, type) = KnownNetworkFile.parse(name: name) else {
                logger.warning("\(path): not a known-network file name; skipped")
                continue
            }
            guard type == .psk else { continue }  // only PSK networks are stored so far
            guard let text = Files.text(at: path) else {
                logger.warning("\(path): cannot be read as UTF-8 text; skipped")
                continue
            }
            switch KnownNetworkFile.secret(in: text, file: path) {
            case .success(let secret): entries[Key(ssid: ssid, type: type)] = secret
            case .failure(let malformed): logger.warning("\(malformed); skipped")
            }
        }
        logger.info("\(entries.count) known network(s) in \(directory)")
    }

    func store(_ secret: NetworkSecret, for key: Key) throws(WriteError) {
        guard let name = KnownNetworkFile.name(ssid: key.ssid, type: key.type) else {
            throw WriteError(description: "SSID '\(key.ssid)' cannot name a network file")
        }
        try Files.makeDirectory(directory, mode: 0o700)
        try Files.writeAtomically(KnownNetworkFile.text(for: secret), to: directory + "/" + name, mode: 0o600)
        entries[key] = secret
    }

    /// Deletes the network's file; false when there was none.
    @discardableResult
    func forget(_ key: Key) -> Bool {
        guard entries.removeValue(forKey: key) != nil else { return false }
        if let name = KnownNetworkFile.name(ssid: key.ssid, type: key.type), unlink(directory + "/" + name) != 0, errno != ENOENT {
            logger.error("cannot delete \(directory)/\(name): \(String(cString: strerror(errno)))")
        }
        return true
    }
}
