import CLTDL

/// Opens plugin files with libltdl: resident (a plugin is never unloaded: a
/// Swift image must never be unmapped) and local (every plugin exports the
/// same entry symbol, so none may leak into the global namespace).
enum PluginLibrary {
    enum OpenError: Error, Equatable, CustomStringConvertible {
        case cannotOpen(String)
        case noEntrySymbol

        var description: String {
            switch self {
            case .cannotOpen(let why): "cannot load: \(why)"
            case .noEntrySymbol: "no entry symbol '\(ABI.entrySymbol)': not a Switchboard plugin"
            }
        }
    }

    nonisolated(unsafe) private static var initialized = false

    /// Opens `path` and returns its entry function's address.
    @MainActor
    static func openEntry(path: String) throws(OpenError) -> UnsafeMutableRawPointer {
        if !initialized {
            guard lt_dlinit() == 0 else { throw .cannotOpen(lastError()) }
            initialized = true
        }
        var advise: lt_dladvise? = nil
        guard lt_dladvise_init(&advise) == 0 else { throw .cannotOpen(lastError()) }
        defer { lt_dladvise_destroy(&advise) }
        lt_dladvise_resident(&advise)
        lt_dladvise_local(&advise)
        guard let handle = lt_dlopenadvise(path, advise) else { throw .cannotOpen(lastError()) }
        guard let entry = lt_dlsym(handle, ABI.entrySymbol) else {
            // The library stays mapped (resident): harmless, and closing a
            // Swift image is what we must never do.
            throw .noEntrySymbol
        }
        return entry
    }

    private static func lastError() -> String {
        lt_dlerror().map { String(cString: $0) } ?? "unknown libltdl error"
    }
}
