/// RENEWING (from T1): REQUEST unicast to the server that granted the lease;
/// at T2 we turn to all servers.
struct RenewingState: ExtendsLease {
    let lease: DHCPLease
    let deadlines: LeaseDeadlines
    var exchange: LeaseExtension

    init(lease: DHCPLease, deadlines: LeaseDeadlines, _ context: inout EngineContext) {
        self.lease = lease
        self.deadlines = deadlines
        exchange = LeaseExtension(of: lease, to: .unicast(lease.serverIdentifier), until: deadlines.rebindAt, &context)
    }

    var unchanged: ClientState { .renewing(self) }

    func rebindTimeReached(_ context: inout EngineContext) -> ClientState? {
        .rebinding(RebindingState(lease: lease, deadlines: deadlines, &context))
    }
}
