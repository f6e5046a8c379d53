import Foundation

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

    /// Candidates in `directory`, sorted by name.  Two files with the same
    /// plugin name keep the first in file-name order (NAME.so before libNAME.so).
    static func candidates(in directory: String) throws -> [Candidate] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        var byName: [String: Candidate] = [:]
        for file in files {
            guard let name = pluginName(forFile: file), byName[name] == nil else { continue }
            byName[name] = Candidate(name: name, path: (directory as NSString).appendingPathComponent(file))
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
        let binDirectory = (executable as NSString).deletingLastPathComponent
        let installed = ((binDirectory as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("lib/switchboard/plugins")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: installed, isDirectory: &isDirectory), isDirectory.boolValue {
            return installed
        }
        return binDirectory
    }
}
