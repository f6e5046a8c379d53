/// Builds the client's messages with the fields and options RFC 2131 table 5
/// asks for in each situation.
struct ClientMessages: Sendable {
    let configuration: DHCPClientConfiguration

    /// DISCOVER; may suggest an address we would like back (option 50).
    func discover(_ transaction: Transaction, secs: UInt16, requestedAddress: IPv4Address?) -> DHCPMessage {
        var options: [DHCPOption] = [.messageType(.discover)]
        if let requestedAddress { options.append(.requestedAddress(requestedAddress)) }
        return message(transaction, secs: secs, options: options + acquisitionOptions)
    }

    /// REQUEST in SELECTING: the offered address and the chosen server.
    func selectingRequest(_ transaction: Transaction, secs: UInt16, address: IPv4Address, server: IPv4Address)
        -> DHCPMessage {
        message(transaction, secs: secs, options: [.messageType(.request), .requestedAddress(address),
                                                   .serverIdentifier(server)] + acquisitionOptions)
    }

    /// REQUEST in INIT-REBOOT: the remembered address, no server identifier.
    func rebootRequest(_ transaction: Transaction, secs: UInt16, address: IPv4Address) -> DHCPMessage {
        message(transaction, secs: secs, options: [.messageType(.request), .requestedAddress(address)]
                    + acquisitionOptions)
    }

    /// REQUEST in RENEWING (unicast) or REBINDING (broadcast): the address
    /// goes in ciaddr, and neither option 50 nor 54 may be sent.
    func extensionRequest(_ transaction: Transaction, secs: UInt16, address: IPv4Address) -> DHCPMessage {
        var request = message(transaction, secs: secs, options: [.messageType(.request)] + acquisitionOptions)
        request.clientAddress = address
        return request
    }

    /// DECLINE: the refused address in option 50, ciaddr zero.
    func decline(_ transaction: Transaction, address: IPv4Address, server: IPv4Address) -> DHCPMessage {
        var decline = message(transaction, secs: 0, options: [
            .messageType(.decline), .requestedAddress(address), .serverIdentifier(server),
            .clientIdentifier(configuration.clientIdentifier)])
        decline.broadcast = false
        return decline
    }

    /// RELEASE: the address in ciaddr, the server identifier, our client id.
    func release(_ transaction: Transaction, address: IPv4Address, server: IPv4Address) -> DHCPMessage {
        var release = message(transaction, secs: 0, options: [
            .messageType(.release), .serverIdentifier(server), .clientIdentifier(configuration.clientIdentifier)])
        release.clientAddress = address
        release.broadcast = false
        return release
    }

    /// What DISCOVER and REQUEST carry besides their own options.
    private var acquisitionOptions: [DHCPOption] {
        var options: [DHCPOption] = [.clientIdentifier(configuration.clientIdentifier)]
        if let hostName = configuration.hostName, !hostName.isEmpty { options.append(.hostName(hostName)) }
        if !configuration.parameterRequestList.isEmpty {
            options.append(.parameterRequestList(configuration.parameterRequestList))
        }
        options.append(.maximumMessageSize(max(576, configuration.maximumMessageSize)))
        return options
    }

    private func message(_ transaction: Transaction, secs: UInt16, options: [DHCPOption]) -> DHCPMessage {
        DHCPMessage(operation: .bootRequest, transactionID: transaction.id,
                    clientHardwareAddress: configuration.hardwareAddress, secondsElapsed: secs,
                    flags: configuration.requestBroadcastReplies ? DHCPMessage.broadcastFlag : 0, options: options)
    }
}
