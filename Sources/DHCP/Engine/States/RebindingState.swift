/// REBINDING (from T2): the granting server did not answer, so broadcast the
/// REQUEST for any server to extend the lease, until it expires.
struct RebindingState: ExtendsLease {
    let lease: DHCPLease
    let deadlines: LeaseDeadlines
    var exchange: LeaseExtension

    init(lease: DHCPLease, deadlines: LeaseDeadlines, _ context: inout EngineContext) {
        self.lease = lease
        self.deadlines = deadlines
        exchange = LeaseExtension(of: lease, to: .broadcast, until: deadlines.expiresAt, &context)
    }

    var unchanged: ClientState { .rebinding(self) }

    func rebindTimeReached(_ context: inout EngineContext) -> ClientState? { nil }
}
