/// One item of EAPOL-Key Key Data (IEEE 802.11-2020 12.7.2): an element (an
/// RSNE here) or a KDE, a vendor element under 00-0F-AC with a data type
/// (Table 12-9).
public enum KeyDataItem: Equatable, Sendable {
    /// A whole RSN element, ID and length included.
    case rsn([UInt8])
    case groupKey(GroupKeyKDE)
    case integrityGroupKey(IntegrityGroupKeyKDE)
    case pmkid([UInt8])
    /// Any other element or KDE, as an element.
    case other(InformationElement)
}

/// The GTK KDE (data type 1, Figure 12-35).
public struct GroupKeyKDE: Equatable, Sendable {
    /// 0 to 3.
    public var keyIndex: Int
    /// The authenticator transmits with this key too.
    public var transmit: Bool
    public var key: [UInt8]

    public init(keyIndex: Int, transmit: Bool, key: [UInt8]) {
        self.keyIndex = keyIndex
        self.transmit = transmit
        self.key = key
    }
}

/// The IGTK KDE (data type 9, Figure 12-42).
public struct IntegrityGroupKeyKDE: Equatable, Sendable {
    /// 4 or 5.
    public var keyIndex: Int
    /// IPN: the BIP replay counter, six octets least significant first.
    public var packetNumber: [UInt8]
    public var key: [UInt8]

    public init(keyIndex: Int, packetNumber: [UInt8], key: [UInt8]) {
        self.keyIndex = keyIndex
        self.packetNumber = packetNumber
        self.key = key
    }
}

/// Key Data parse and build.
public enum KeyData {
    static let kdeOUI: [UInt8] = [0x00, 0x0F, 0xAC]
    static let gtkType: UInt8 = 1
    static let pmkidType: UInt8 = 4
    static let igtkType: UInt8 = 9

    /// The items, in order, up to the padding: 0xdd then zeros, which Key
    /// Data takes to reach AES key wrap's sizes (0xdd with a zero length, or
    /// a lone last 0xdd).  An element running past the end throws.
    public static func parse(_ bytes: [UInt8]) throws(WPAError) -> [KeyDataItem] {
        var cursor = ByteCursor(bytes[...], reading: "Key Data element")
        var items: [KeyDataItem] = []
        while !cursor.isAtEnd {
            let id = try cursor.takeByte()
            if id == InformationElement.vendorSpecific, cursor.isAtEnd { break }
            let length = Int(try cursor.takeByte())
            if id == InformationElement.vendorSpecific, length == 0 { break }
            items.append(try item(InformationElement(id: id, body: try cursor.takeArray(length))))
        }
        return items
    }

    private static func item(_ element: InformationElement) throws(WPAError) -> KeyDataItem {
        if element.id == InformationElement.rsn { return .rsn(element.bytes) }
        guard element.id == InformationElement.vendorSpecific, element.body.count >= 4,
              Array(element.body.prefix(3)) == kdeOUI else { return .other(element) }
        var cursor = ByteCursor(element.body.dropFirst(4), reading: "KDE")
        switch element.body[3] {
        case gtkType:
            let flags = try cursor.takeByte()
            _ = try cursor.takeByte()  // reserved
            return .groupKey(GroupKeyKDE(keyIndex: Int(flags & 0x3), transmit: flags & 0x4 != 0,
                                         key: Array(cursor.takeRest())))
        case igtkType:
            let keyIndex = Int(try cursor.takeLittleEndianUInt16())
            let packetNumber = try cursor.takeArray(6)
            return .integrityGroupKey(IntegrityGroupKeyKDE(keyIndex: keyIndex, packetNumber: packetNumber,
                                                           key: Array(cursor.takeRest())))
        case pmkidType:
            return .pmkid(try cursor.takeArray(16))
        default:
            return .other(element)
        }
    }

    /// The items' octets, without padding.
    public static func serialize(_ items: [KeyDataItem]) -> [UInt8] {
        items.flatMap { item -> [UInt8] in
            switch item {
            case .rsn(let element): element
            case .groupKey(let gtk):
                kde(gtkType, [UInt8(gtk.keyIndex & 0x3) | (gtk.transmit ? 0x4 : 0), 0] + gtk.key)
            case .integrityGroupKey(let igtk):
                kde(igtkType, UInt16(truncatingIfNeeded: igtk.keyIndex).littleEndianBytes
                    + igtk.packetNumber.fitted(to: 6) + igtk.key)
            case .pmkid(let pmkid): kde(pmkidType, pmkid.fitted(to: 16))
            case .other(let element): element.bytes
            }
        }
    }

    private static func kde(_ type: UInt8, _ data: [UInt8]) -> [UInt8] {
        InformationElement(id: InformationElement.vendorSpecific, body: kdeOUI + [type] + data).bytes
    }

    /// `bytes` padded for AES key wrap: at least 16 octets and a multiple of
    /// 8, with 0xdd then zeros (12.7.2); unchanged when already so.
    public static func padded(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count < 16 || bytes.count % 8 != 0 else { return bytes }
        let target = max(16, (bytes.count + 1 + 7) / 8 * 8)
        return bytes + [InformationElement.vendorSpecific] + [UInt8](repeating: 0, count: target - bytes.count - 1)
    }
}
