/// One exchange with the servers: its xid and when it began (for 'secs').
struct Transaction: Sendable {
    let id: UInt32
    let startedAt: Duration

    /// RFC 2131 'secs': whole seconds since the client began acquiring or
    /// renewing, saturated at the field's maximum.
    func secondsElapsed(at now: Duration) -> UInt16 {
        UInt16(clamping: max(0, (now - startedAt).components.seconds))
    }

    /// Whether `reply` answers this exchange: a BOOTREPLY with our xid and
    /// our hardware address; anything else is someone else's.
    func check(_ reply: DHCPMessage, hardwareAddress: [UInt8]) throws(DHCPClientEvent.IgnoredReason) {
        guard reply.operation == .bootReply else { throw .notAReply }
        guard reply.transactionID == id else { throw .wrongTransaction }
        guard reply.clientHardwareAddress == hardwareAddress else { throw .wrongHardwareAddress }
    }
}
