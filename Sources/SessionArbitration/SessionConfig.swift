/// What a client asked of its session: the read-write settings.
public struct SessionConfig: Sendable, Equatable {
    /// One entry of AllowedBearers: a bearer name or `*`.
    public enum BearerMatch: Sendable, Equatable, CustomStringConvertible {
        case bearer(String)
        case any

        public var description: String {
            switch self {
            case .bearer(let name): name
            case .any: "*"
            }
        }

        func matches(_ bearer: String) -> Bool {
            switch self {
            case .any: true
            case .bearer(let name): name == bearer
            }
        }
    }

    public enum ConnectionType: String, Sendable, Equatable, CaseIterable {
        case local, internet, any
    }

    /// In the client's order: earlier entries are preferred.  Empty matches nothing.
    public var allowedBearers: [BearerMatch] = [.any]
    public var connectionType: ConnectionType = .any
    /// Empty (or `*`) allows any interface.
    public var allowedInterface = ""
    public var sourceIPRule = false
    public var contextIdentifier = ""

    public init() {}

    /// The position of the first entry matching `bearer`, or nil if none does.
    public func bearerRank(_ bearer: String) -> Int? {
        allowedBearers.firstIndex { $0.matches(bearer) }
    }

    public func allowsInterface(_ interface: String?) -> Bool {
        allowedInterface.isEmpty || allowedInterface == "*" || allowedInterface == interface
    }

    /// Cleans a client's AllowedBearers: names not in `known` (and not `*`) are
    /// dropped, as the API text says; the order of the rest is kept.
    public static func bearers(from names: [String], known: Set<String>) -> [BearerMatch] {
        names.compactMap { name in
            if name == "*" { return .any }
            return known.contains(name) ? .bearer(name) : nil
        }
    }
}
