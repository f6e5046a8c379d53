/// The client's state: one small value type per RFC 2131 state, each holding
/// only what is valid there.  A transition builds the next state from the
/// previous one, sending and arming as it goes.
enum ClientState: Sendable {
    case stopped(StoppedState)
    case initial(InitState)
    case selecting(SelectingState)
    case requesting(RequestingState)
    case rebooting(RebootingState)
    case bound(BoundState)
    case renewing(RenewingState)
    case rebinding(RebindingState)

    var phase: DHCPClientPhase {
        switch self {
        case .stopped: .stopped
        case .initial: .initial
        case .selecting: .selecting
        case .requesting: .requesting
        case .rebooting: .rebooting
        case .bound: .bound
        case .renewing: .renewing
        case .rebinding: .rebinding
        }
    }

    /// The running state, as what it can do with a timer.
    var running: (any RunningState)? {
        switch self {
        case .stopped: nil
        case .initial(let s): s
        case .selecting(let s): s
        case .requesting(let s): s
        case .rebooting(let s): s
        case .bound(let s): s
        case .renewing(let s): s
        case .rebinding(let s): s
        }
    }

    /// The state, if it is waiting for a server's reply.
    var awaitingReply: (any AwaitsReply)? {
        switch self {
        case .selecting(let s): s
        case .requesting(let s): s
        case .rebooting(let s): s
        case .renewing(let s): s
        case .rebinding(let s): s
        case .stopped, .initial, .bound: nil
        }
    }

    /// The state, if it holds a lease (configured on the link).
    var holdingLease: (any HoldsLease)? {
        switch self {
        case .bound(let s): s
        case .renewing(let s): s
        case .rebinding(let s): s
        case .stopped, .initial, .selecting, .requesting, .rebooting: nil
        }
    }
}

/// Every state but stopped: it has a timer and an address worth remembering.
protocol RunningState: Sendable {
    /// Handles the armed timer; an early call only re-arms.
    func timerFired(_ context: inout EngineContext) -> ClientState
    /// The address to try INIT-REBOOT with after a stop, if any.
    var addressToRemember: IPv4Address? { get }
    /// This state as a `ClientState` (to stay in it).
    var unchanged: ClientState { get }
}

/// A state with an exchange in flight.
protocol AwaitsReply: RunningState {
    var transaction: Transaction { get }
    /// Handles a reply already matched to `transaction`.
    func received(_ reply: DHCPMessage, _ context: inout EngineContext) -> ClientState
}

/// A state whose lease is configured on the link.
protocol HoldsLease: RunningState {
    var lease: DHCPLease { get }
}

extension HoldsLease {
    var addressToRemember: IPv4Address? { lease.address }

    /// Lease over (RFC 2131 §4.4.5): stop using the address, back to INIT.
    func expire(_ context: inout EngineContext) -> ClientState {
        context.log(.leaseExpired(lease.address))
        context.deconfigure()
        return .selecting(SelectingState(startingIn: &context, requestedAddress: nil))
    }

    /// The address is in use by someone else (RFC 2131 §4.4.1): DECLINE it,
    /// then start over after the ten seconds §3.1 step 5 asks for.
    func decline(_ context: inout EngineContext) -> ClientState {
        let decline = context.messages.decline(context.newTransaction(), address: lease.address,
                                               server: lease.serverIdentifier)
        context.send(decline, to: .broadcast)
        context.log(.declined(lease.address))
        context.deconfigure()
        return .initial(InitState(waitingIn: &context, for: InitState.afterDecline))
    }

    /// Give the lease back (RFC 2131 §4.4.6) and stop.
    func release(_ context: inout EngineContext) -> ClientState {
        let release = context.messages.release(context.newTransaction(), address: lease.address,
                                               server: lease.serverIdentifier)
        context.send(release, to: .unicast(lease.serverIdentifier))
        context.log(.released(lease.address))
        context.deconfigure()
        context.cancelTimer()
        return .stopped(StoppedState(rememberedAddress: nil))
    }
}
