import EasyConnect
import EasyConnectTCP
import Glibc

/// A bootstrapping key kept on disk (mode 0600) with the host to publish in
/// its URI:
///
///     # switchboard-dpp bootstrapping key: keep it private
///     curve=P-256
///     private-key=<hex, prime length>
///     host=192.0.2.1:8908
struct KeyFile {
    let key: ECKeyPair
    let host: String?

    init(key: ECKeyPair, host: String?) throws {
        if let host { _ = try ToolError.usageOnError { try TCPEndpoint(parsing: host) } }
        self.key = key
        self.host = host
        _ = try uri  // a host the URI cannot carry is refused here, not when a peer needs it
    }

    /// The URI a peer scans: our key, protocol version 2, the host if any.
    var uri: BootstrappingURI {
        get throws {
            try ToolError.usageOnError {
                try BootstrappingURI(publicKey: key.publicKey, version: DPPSession.protocolVersion, host: host)
            }
        }
    }

    var text: String {
        get throws {
            var lines = ["# switchboard-dpp bootstrapping key: keep it private",
                         "curve=\(key.curve)",
                         "private-key=\(Hex.encode(try key.privateKey.bytes().unprotectedCopy()))"]
            if let host { lines.append("host=\(host)") }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    init(parsing text: String, path: String) throws {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.allSatisfy(\.isWhitespace) {
            guard let equals = line.firstIndex(of: "=") else { throw ToolError.usage("\(path): malformed line") }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let curve = values["curve"].flatMap(Curve.init(rawValue:)),
              let privateKey = values["private-key"].flatMap(Hex.decode)
        else { throw ToolError.usage("\(path): not a switchboard-dpp key file (curve and private-key required)") }
        let key = try ToolError.usageOnError(path) { try ECKeyPair(curve: curve, privateKey: privateKey) }
        try self.init(key: key, host: values["host"])
    }

    /// Creates `path` with mode 0600; an existing file is never overwritten.
    func write(to path: String) throws {
        let contents = Array(try text.utf8)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ToolError.io("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0,  // whatever the umask said
              contents.withUnsafeBytes({ Glibc.write(fd, $0.baseAddress, $0.count) }) == contents.count
        else { throw ToolError.io("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    static func read(from path: String) throws -> KeyFile {
        guard let file = fopen(path, "r") else {
            throw ToolError.io("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var octets: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            octets += chunk.prefix(count)
            if count < chunk.count { break }
            guard octets.count <= 64 * 1024 else { throw ToolError.usage("\(path): too large for a key file") }
        }
        return try KeyFile(parsing: String(decoding: octets, as: UTF8.self), path: path)
    }
}

extension ToolError {
    /// Runs `body`, reporting an engine error (a bad URI, key or
    /// configuration the user gave) as a usage error.
    static func usageOnError<T>(_ context: String? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as EasyConnectError {
            throw ToolError.usage(context.map { "\($0): \(error)" } ?? "\(error)")
        } catch let error as TCPTransportError {
            throw ToolError.usage(error.description)
        }
    }
}
