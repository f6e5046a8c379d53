/// BOUND: the lease is configured; wait for T1.
struct BoundState: HoldsLease {
    let lease: DHCPLease

    /// Enters BOUND from an ACK: configures the lease and arms T1 (no timer
    /// for an infinite lease).  An unusable ACK is logged and `current` stays.
    static func entered(by ack: DHCPMessage, requestSentAt: Duration, _ context: inout EngineContext,
                        otherwise current: ClientState) -> ClientState {
        let granted: (lease: DHCPLease, timesDefaulted: Bool)
        do {
            granted = try DHCPLease.granted(by: ack, requestSentAt: requestSentAt)
        } catch {
            context.log(.ignored(ack.messageType, error))
            return current
        }
        if granted.timesDefaulted { context.log(.leaseTimesDefaulted) }
        context.configure(granted.lease)
        let bound = BoundState(lease: granted.lease)
        bound.armNextDeadline(&context)
        return .bound(bound)
    }

    var unchanged: ClientState { .bound(self) }

    func timerFired(_ context: inout EngineContext) -> ClientState {
        guard let deadlines = lease.deadlines else { return unchanged }
        // A late timer (the machine slept) may skip straight past T2 or expiry.
        if context.now >= deadlines.expiresAt { return expire(&context) }
        if context.now >= deadlines.rebindAt {
            return .rebinding(RebindingState(lease: lease, deadlines: deadlines, &context))
        }
        if context.now >= deadlines.renewAt {
            return .renewing(RenewingState(lease: lease, deadlines: deadlines, &context))
        }
        armNextDeadline(&context)
        return unchanged
    }

    private func armNextDeadline(_ context: inout EngineContext) {
        if let renewAt = lease.renewAt { context.arm(renewAt) } else { context.cancelTimer() }
    }
}
