import Foundation
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

    struct WriteError: Error, CustomStringConvertible {
        let description: String
    }

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
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory + "/" + name
            guard let (ssid, type) = KnownNetworkFile.parse(name: name) else {
                logger.warning("\(path): not a known-network file name; skipped")
                continue
            }
            guard type == .psk else { continue }  // only PSK networks are stored so far
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
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
        try makeDirectory()
        try writeAtomically(KnownNetworkFile.text(for: secret), to: directory + "/" + name)
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

    private func makeDirectory() throws(WriteError) {
        if mkdir(directory, 0o700) != 0, errno == ENOENT {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw WriteError(description: "cannot create \(directory): \(error.localizedDescription)")
            }
        }
        guard chmod(directory, 0o700) == 0 else { throw failure("cannot set the mode of \(directory)") }
    }

    private func writeAtomically(_ text: String, to path: String) throws(WriteError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw failure("cannot create \(temporary)") }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else {
                let error = failure("cannot write \(temporary)")
                close(fd)
                unlink(temporary)
                throw error
            }
            written += result
        }
        // The mode is set on the descriptor, so an old file or the umask cannot widen it.
        guard fchmod(fd, 0o600) == 0, fsync(fd) == 0 else {
            let error = failure("cannot finish \(temporary)")
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot rename \(temporary) to \(path)")
            unlink(temporary)
            throw error
        }
    }

    private func failure(_ what: String) -> WriteError {
        WriteError(description: "\(what): \(String(cString: strerror(errno)))")
    }
}
