import Glibc

/// The few file operations the daemon needs (its configuration, its state
/// directory, its plugin directory), on the C library: Foundation would cost
/// the daemon about 9 MB of memory and milliseconds of start-up to load.
enum Files {
    struct Failure: Error, CustomStringConvertible {
        let description: String

        init(description: String) {
            self.description = description
        }

        /// `what` failed, for the reason errno gives.
        init(_ what: String) {
            description = "\(what): \(String(cString: strerror(errno)))"
        }
    }

    /// The whole file; nil when it cannot be read.
    static func bytes(at path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
        }
    }

    /// The whole file as UTF-8 text; nil when it cannot be read or is not UTF-8.
    static func text(at path: String) -> String? {
        bytes(at: path).flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// Where a symbolic link points; nil when `path` is not one.
    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    /// The names in a directory (without "." and ".."), unsorted; nil when it cannot be read.
    static func names(in directory: String) -> [String]? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// Creates `path` and its missing parents with `mode`, and sets `mode` on
    /// `path` itself even when it existed (a state directory holds secrets).
    static func makeDirectory(_ path: String, mode: mode_t) throws(Failure) {
        if mkdir(path, mode) != 0 {
            switch errno {
            case EEXIST:
                break
            case ENOENT:
                let parent = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
                guard !parent.isEmpty else { throw Failure("cannot create \(path)") }
                try makeDirectory(parent, mode: mode)
                guard mkdir(path, mode) == 0 || errno == EEXIST else { throw Failure("cannot create \(path)") }
            default:
                throw Failure("cannot create \(path)")
            }
        }
        guard chmod(path, mode) == 0 else { throw Failure("cannot set the mode of \(path)") }
    }

    /// Writes `text` to a temporary file with `mode`, flushed to disk, then
    /// renames it over `path`: a crash never leaves half a file.
    static func writeAtomically(_ text: String, to path: String, mode: mode_t) throws(Failure) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw Failure("cannot create \(temporary)") }
        func abandon(_ what: String) -> Failure {
            let failure = Failure(what)
            close(fd)
            unlink(temporary)
            return failure
        }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { throw abandon("cannot write \(temporary)") }
            written += result
        }
        // The mode is set on the descriptor, so an old file or the umask cannot widen it.
        guard fchmod(fd, mode) == 0, fsync(fd) == 0 else { throw abandon("cannot finish \(temporary)") }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let failure = Failure("cannot rename \(temporary) to \(path)")
            unlink(temporary)
            throw failure
        }
    }
}
