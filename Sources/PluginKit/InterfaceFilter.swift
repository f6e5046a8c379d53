import Glibc

/// The `Interfaces=` / `IgnoreInterfaces=` keys of a bearer plugin's
/// main.conf section: comma-separated globs of the kernel interfaces to
/// manage (all when unset) and of those never to touch.
public struct InterfaceFilter: Sendable {
    public let only: [String]
    public let ignored: [String]

    public init(host: HostAPI) {
        only = Self.globs(host.config("Interfaces"))
        ignored = Self.globs(host.config("IgnoreInterfaces"))
    }

    public func allows(_ name: String) -> Bool {
        if ignored.contains(where: { fnmatch($0, name, 0) == 0 }) { return false }
        return only.isEmpty || only.contains(where: { fnmatch($0, name, 0) == 0 })
    }

    static func globs(_ value: String?) -> [String] {
        (value ?? "").split(separator: ",").map { item in
            String(item.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        }.filter { !$0.isEmpty }
    }
}
