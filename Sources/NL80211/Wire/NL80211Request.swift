import CNL80211

/// The requests the wifi plugin sends, as a command and its attributes.
public struct NL80211Request: Sendable {
    public let command: nl80211_commands
    public let dump: Bool
    public var attributes = NetlinkAttributeWriter()

    init(_ command: nl80211_commands, dump: Bool = false, interface: Int32? = nil) {
        self.command = command
        self.dump = dump
        if let interface { attributes.u32(NL80211_ATTR_IFINDEX, UInt32(bitPattern: interface)) }
    }

    /// Every wiphy, in the split format (one wiphy over several messages).
    public static func wiphys() -> Self {
        var request = Self(NL80211_CMD_GET_WIPHY, dump: true)
        request.attributes.flag(NL80211_ATTR_SPLIT_WIPHY_DUMP)
        return request
    }

    public static func interfaces() -> Self { Self(NL80211_CMD_GET_INTERFACE, dump: true) }

    /// An active scan of `frequencies` (all when empty) probing for `ssids`
    /// (the wildcard SSID when empty).  The kernel's BSS cache is flushed of
    /// entries this scan does not see, so results never list an access point
    /// that went away up to 30 s ago (cfg80211 keeps entries that long).
    public static func triggerScan(interface: Int32, frequencies: [UInt32], ssids: [[UInt8]]) -> Self {
        var request = Self(NL80211_CMD_TRIGGER_SCAN, interface: interface)
        request.attributes.u32(NL80211_ATTR_SCAN_FLAGS, NL80211_SCAN_FLAG_FLUSH.rawValue)
        request.attributes.list(NL80211_ATTR_SCAN_SSIDS, ssids.isEmpty ? [[]] : ssids)
        if !frequencies.isEmpty {
            request.attributes.list(NL80211_ATTR_SCAN_FREQUENCIES, frequencies.map(NetlinkAttributeWriter.littleEndian))
        }
        return request
    }

    public static func scanResults(interface: Int32) -> Self {
        Self(NL80211_CMD_GET_SCAN, dump: true, interface: interface)
    }

    /// Connects with the kernel's SME.  For WPA2-Personal, the caller runs
    /// the 4-way handshake over the control port: EAPOL comes to this
    /// socket when `controlPortOverNL80211`, and the connection ends if the
    /// socket closes (the daemon died), as SOCKET_OWNER asks.
    public static func connect(interface: Int32, ssid: [UInt8], bssid: [UInt8], frequency: UInt32,
                               rsn: RSNParameters?, controlPortOverNL80211: Bool) -> Self {
        var request = Self(NL80211_CMD_CONNECT, interface: interface)
        request.attributes.put(NL80211_ATTR_SSID, ssid)
        request.attributes.put(NL80211_ATTR_MAC, bssid)
        request.attributes.u32(NL80211_ATTR_WIPHY_FREQ, frequency)
        request.attributes.u32(NL80211_ATTR_AUTH_TYPE, NL80211_AUTHTYPE_OPEN_SYSTEM.rawValue)
        request.attributes.flag(NL80211_ATTR_SOCKET_OWNER)
        if let rsn {
            request.attributes.flag(NL80211_ATTR_PRIVACY)
            request.attributes.u32(NL80211_ATTR_WPA_VERSIONS, NL80211_WPA_VERSION_2.rawValue)
            request.attributes.put(NL80211_ATTR_CIPHER_SUITES_PAIRWISE, NetlinkAttributeWriter.littleEndian(rsn.pairwiseCipher))
            request.attributes.u32(NL80211_ATTR_CIPHER_SUITE_GROUP, rsn.groupCipher)
            request.attributes.put(NL80211_ATTR_AKM_SUITES, NetlinkAttributeWriter.littleEndian(rsn.akm))
            request.attributes.put(NL80211_ATTR_IE, rsn.element)
            request.attributes.flag(NL80211_ATTR_CONTROL_PORT)
            request.attributes.u16(NL80211_ATTR_CONTROL_PORT_ETHERTYPE, 0x888E)
            if controlPortOverNL80211 {
                request.attributes.flag(NL80211_ATTR_CONTROL_PORT_OVER_NL80211)
                request.attributes.flag(NL80211_ATTR_CONTROL_PORT_NO_PREAUTH)
            }
        }
        return request
    }

    /// Reason 3: deauthenticated because the station is leaving.
    public static func disconnect(interface: Int32) -> Self {
        var request = Self(NL80211_CMD_DISCONNECT, interface: interface)
        request.attributes.u16(NL80211_ATTR_REASON_CODE, 3)
        return request
    }

    /// Installs a pairwise key (`peer` given) or a group key.
    public static func newKey(interface: Int32, index: UInt8, cipher: UInt32, key: [UInt8], sequence: [UInt8]?,
                              peer: [UInt8]?) -> Self {
        var request = Self(NL80211_CMD_NEW_KEY, interface: interface)
        request.attributes.put(NL80211_ATTR_KEY_DATA, key)
        request.attributes.u8(NL80211_ATTR_KEY_IDX, index)
        request.attributes.u32(NL80211_ATTR_KEY_CIPHER, cipher)
        if let sequence { request.attributes.put(NL80211_ATTR_KEY_SEQ, sequence) }
        if let peer {
            request.attributes.put(NL80211_ATTR_MAC, peer)
            request.attributes.u32(NL80211_ATTR_KEY_TYPE, NL80211_KEYTYPE_PAIRWISE.rawValue)
        } else {
            request.attributes.u32(NL80211_ATTR_KEY_TYPE, NL80211_KEYTYPE_GROUP.rawValue)
        }
        return request
    }

    /// Opens the controlled port for the AP once the keys are in.
    public static func authorize(interface: Int32, peer: [UInt8]) -> Self {
        var request = Self(NL80211_CMD_SET_STATION, interface: interface)
        request.attributes.put(NL80211_ATTR_MAC, peer)
        let bit = UInt32(1) << NL80211_STA_FLAG_AUTHORIZED.rawValue
        request.attributes.put(NL80211_ATTR_STA_FLAGS2, NetlinkAttributeWriter.littleEndian(bit) + NetlinkAttributeWriter.littleEndian(bit))
        return request
    }

    /// An EAPOL frame through the control port, unencrypted when asked
    /// (message 4 goes out before the pairwise key is installed anyway).
    public static func controlPortFrame(interface: Int32, destination: [UInt8], payload: [UInt8], unencrypted: Bool) -> Self {
        var request = Self(NL80211_CMD_CONTROL_PORT_FRAME, interface: interface)
        request.attributes.put(NL80211_ATTR_FRAME, payload)
        request.attributes.put(NL80211_ATTR_MAC, destination)
        request.attributes.u16(NL80211_ATTR_CONTROL_PORT_ETHERTYPE, 0x888E)
        if unencrypted { request.attributes.flag(NL80211_ATTR_CONTROL_PORT_NO_ENCRYPT) }
        return request
    }

    /// Management frames of `type` whose body starts with `match` come to this socket.
    public static func registerFrame(interface: Int32, type: UInt16, match: [UInt8]) -> Self {
        var request = Self(NL80211_CMD_REGISTER_FRAME, interface: interface)
        request.attributes.u16(NL80211_ATTR_FRAME_TYPE, type)
        request.attributes.put(NL80211_ATTR_FRAME_MATCH, match)
        return request
    }

    /// Sends a management frame on `frequency`, staying `wait` ms for an answer.
    public static func frame(interface: Int32, frequency: UInt32, wait: UInt32, frame: [UInt8]) -> Self {
        var request = Self(NL80211_CMD_FRAME, interface: interface)
        request.attributes.u32(NL80211_ATTR_WIPHY_FREQ, frequency)
        if wait > 0 { request.attributes.u32(NL80211_ATTR_DURATION, wait) }
        request.attributes.flag(NL80211_ATTR_OFFCHANNEL_TX_OK)
        request.attributes.put(NL80211_ATTR_FRAME, frame)
        return request
    }

    public static func remainOnChannel(interface: Int32, frequency: UInt32, duration: UInt32) -> Self {
        var request = Self(NL80211_CMD_REMAIN_ON_CHANNEL, interface: interface)
        request.attributes.u32(NL80211_ATTR_WIPHY_FREQ, frequency)
        request.attributes.u32(NL80211_ATTR_DURATION, duration)
        return request
    }

    public static func cancelRemainOnChannel(interface: Int32, cookie: UInt64) -> Self {
        var request = Self(NL80211_CMD_CANCEL_REMAIN_ON_CHANNEL, interface: interface)
        request.attributes.u64(NL80211_ATTR_COOKIE, cookie)
        return request
    }
}

/// What a WPA2 connection asks of the AP (selectors as OUI << 8 | type).
public struct RSNParameters: Sendable, Equatable {
    public var pairwiseCipher: UInt32
    public var groupCipher: UInt32
    public var akm: UInt32
    /// Our RSN element, as sent in the association request.
    public var element: [UInt8]

    public init(pairwiseCipher: UInt32, groupCipher: UInt32, akm: UInt32, element: [UInt8]) {
        self.pairwiseCipher = pairwiseCipher
        self.groupCipher = groupCipher
        self.akm = akm
        self.element = element
    }
}

public extension NL80211Socket {
    func send(_ request: NL80211Request, completion: @escaping Completion) {
        send(request.command, dump: request.dump, request.attributes, completion: completion)
    }
}
