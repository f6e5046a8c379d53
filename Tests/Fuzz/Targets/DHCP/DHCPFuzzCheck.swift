import DHCP

/// What one fuzz input goes through: the IPv4/UDP parser (both checksum
/// modes), the conflict probe's ARP reader, and the DHCP parser on the raw bytes and on any UDP payload; a
/// parsed message must survive a serialize/parse round trip unchanged and is
/// fed to engines in every state that takes replies, as it is and with the
/// xid and chaddr the engine expects (so the fuzzer reaches the state logic).
/// Any broken invariant traps, which libFuzzer reports as a crash.
enum DHCPFuzzCheck {
    static let target = FuzzTarget(name: "dhcp", summary: "IPv4/UDP and DHCP parsers, round trips, the client engine",
                                   run: run)

    static func run(_ bytes: [UInt8]) {
        var payloads = [bytes]
        for verify in [true, false] {
            if let datagram = try? UDPDatagramParser.parse(bytes, verifyUDPChecksum: verify) {
                let again = try? UDPDatagramParser.parse(UDPDatagramSerializer.serialize(datagram), verifyUDPChecksum: true)
                require(again == datagram, "IPv4/UDP round trip")
                payloads.append(datagram.payload)
            }
        }
        checkARP(bytes)
        for payload in payloads {
            guard let message = try? DHCPMessageParser.parse(payload) else { continue }
            let reparsed = try? DHCPMessageParser.parse(DHCPMessageSerializer.serialize(message))
            require(reparsed == message, "DHCP round trip")
            for engine in DHCPFuzzEngines.all { drive(engine, with: message, seed: bytes) }
        }
    }

    /// The conflict probe's ARP reader: what it accepts is an Ethernet/IPv4
    /// request or reply whose fields are the octets where RFC 826 puts them.
    private static func checkARP(_ bytes: [UInt8]) {
        guard let packet = ARPPacket(bytes) else { return }
        require(bytes.count >= 28 && bytes[0..<8] == [0, 1, 8, 0, 6, 4, 0, UInt8(packet.operation.rawValue)][...], "ARP header")
        require(packet.senderHardwareAddress == Array(bytes[8..<14]), "ARP sender hardware address")
        require(packet.senderAddress == IPv4Address(bytes[14], bytes[15], bytes[16], bytes[17]), "ARP sender address")
        require(packet.targetAddress == IPv4Address(bytes[24], bytes[25], bytes[26], bytes[27]), "ARP target address")
    }

    private static func drive(_ engine: DHCPClient, with message: DHCPMessage, seed: [UInt8]) {
        var matching = message
        matching.transactionID = engine.transactionID ?? message.transactionID
        matching.clientHardwareAddress = engine.configuration.hardwareAddress
        for reply in [message, matching] {
            var client = engine
            var now = DHCPFuzzEngines.boundAt
            check(client.handle(.received(reply), at: now), client)
            // Then let time pass by amounts the input picks, with the other inputs mixed in.
            for (index, byte) in seed.prefix(12).enumerated() {
                now += .seconds(Int64(byte) * 37)
                let input: DHCPClientInput = switch index % 6 {
                case 0: .addressConflict
                case 3: .received(reply)
                case 5 where byte & 1 == 0: .linkLost
                default: .timerFired
                }
                check(client.handle(input, at: now), client)
            }
            check(client.handle(.release, at: now), client)
            check(client.handle(.start, at: now), client)
        }
    }

    /// Effects must be well-formed: sendable messages, a lease exactly when
    /// the phase holds one.
    private static func check(_ effects: [DHCPClientEffect], _ client: DHCPClient) {
        for case .send(let message, _) in effects {
            require((try? DHCPMessageParser.parse(DHCPMessageSerializer.serialize(message))) == message,
                    "client message round trip")
        }
        let holding = [.bound, .renewing, .rebinding].contains(client.phase)
        require(holding == (client.lease != nil), "lease present exactly in bound, renewing, rebinding")
    }
}
