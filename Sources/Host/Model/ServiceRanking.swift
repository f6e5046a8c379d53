/// The host's ranking of services (ConnMan's service list order): connected
/// services first (online before ready), then by bearer preference, then by
/// signal strength, then by age.
enum ServiceRanking {
    static let bearerPreference = ["ethernet", "gadget", "wifi", "bluetooth", "cellular"]

    static func ranked(_ services: [Service]) -> [Service] {
        services.sorted { key($0) < key($1) }
    }

    private static func key(_ service: Service) -> (Int, Int, Int, UInt64) {
        let stateRank: Int
        switch service.state {
        case .online: stateRank = 0
        case .ready: stateRank = 1
        case .configuration, .association: stateRank = 2
        default: stateRank = 3
        }
        let bearerRank = bearerPreference.firstIndex(of: service.bearer) ?? bearerPreference.count
        return (stateRank, bearerRank, -Int(service.strength), service.id)
    }
}
