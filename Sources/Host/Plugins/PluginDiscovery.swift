import Glibc

/// Finds plugin files in a directory and names them.
///
/// A plugin file is `NAME.so` (the installed layout) or `libNAME.so` (what
/// SwiftPM and most build systems produce); NAME must equal the name in the
/// plugin's descriptor.  Filtering happens on these names *before* a file is
/// opened, so a disabled plugin is never mapped into the daemon.
enum PluginDiscovery {
    struct Candidate: Equatable {
        let name: String
        let path: String
    }

    /// Candidates in `directory`, sorted by name.  Of two files with the
    /// same plugin name, NAME.so (the installed layout) wins over libNAME.so.
    static func candidates(in directory: String) throws -> [Candidate] {
        guard let names = Files.names(in: directory) else { throw Files.Failure(description: String(cString: strerror(errno))) }
        let files = names.sorted { ($0.hasPrefix("lib") ? 1 : 0, $0) < ($1.hasPrefix("lib") ? 1 : 0, $1) }
        var byName: [String: Candidate] = [:]
        for file in files {
            guard let name = pluginName(forFile: file), byName[name] == nil else { continue }
            byName[name] = Candidate(name: name, path: directory.hasSuffix("/") ? directory + file : directory + "/" + file)
        }
        return byName.values.sorted { $0.name < $1.name }
    }

    /// The plugin name a file stands for, or nil for files that are not plugins.
    static func pluginName(forFile file: String) -> String? {
        guard file.hasSuffix(".so") else { return nil }
        var name = String(file.dropLast(3))
        if name.hasPrefix("lib") { name = String(name.dropFirst(3)) }
        return name.isEmpty ? nil : name
    }

    /// The default plugin directory: the installed layout next to the
    /// executable (`PREFIX/sbin/switchboardd` → `PREFIX/lib/switchboard/plugins`)
    /// if it exists, else the executable's own directory (a build tree).
    static func defaultDirectory(executable: String) -> String {
        let binDirectory = parent(of: executable)
        let installed = parent(of: binDirectory) + "/lib/switchboard/plugins"
        return Files.isDirectory(installed) ? installed : binDirectory
    }

    /// `path` without its last component ("." for a bare name, "/" for the root's children).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
