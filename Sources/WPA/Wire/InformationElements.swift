/// One element of an 802.11 element list (IEEE 802.11-2020 9.4.2.1): an
/// ID, a length octet and that many octets of body.
public struct InformationElement: Equatable, Sendable {
    public static let ssid: UInt8 = 0
    public static let supportedRates: UInt8 = 1
    public static let dsParameterSet: UInt8 = 3
    public static let rsn: UInt8 = 48
    public static let extendedSupportedRates: UInt8 = 50
    public static let vendorSpecific: UInt8 = 221
    /// Element ID Extension: the first body octet is the extended ID.
    public static let extensionID: UInt8 = 255

    public var id: UInt8
    public var body: [UInt8]

    public init(id: UInt8, body: [UInt8]) {
        self.id = id
        self.body = body
    }

    /// ID, length and body; a body over 255 octets is cut to 255.
    public var bytes: [UInt8] {
        let kept = body.prefix(255)
        return [id, UInt8(kept.count)] + kept
    }
}

/// The elements of a blob (a scan result's IEs, a Beacon's body after its
/// fixed fields), in order.  Iteration stops before an element whose length
/// runs past the end, so a truncated blob yields its complete elements;
/// `isWellFormed` tells whether anything was left over.
public struct InformationElements: Sequence, Sendable {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public struct Iterator: IteratorProtocol {
        fileprivate var cursor: ByteCursor
        /// Set once an element ran past the end.
        public private(set) var foundTruncation = false

        public mutating func next() -> InformationElement? {
            guard !cursor.isAtEnd, !foundTruncation else { return nil }
            do {
                let id = try cursor.takeByte()
                let length = Int(try cursor.takeByte())
                return InformationElement(id: id, body: try cursor.takeArray(length))
            } catch {
                foundTruncation = true
                return nil
            }
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(cursor: ByteCursor(bytes[...], reading: "information element"))
    }

    /// True when the blob is a whole number of complete elements.
    public var isWellFormed: Bool {
        var iterator = makeIterator()
        while iterator.next() != nil {}
        return !iterator.foundTruncation
    }

    public func first(withID id: UInt8) -> InformationElement? { first { $0.id == id } }

    /// The SSID's octets (not necessarily UTF-8); nil when absent or over 32 octets.
    public var ssid: [UInt8]? {
        guard let element = first(withID: InformationElement.ssid), element.body.count <= 32 else { return nil }
        return element.body
    }

    /// The whole RSN element, as `SupplicantHandshakeConfiguration.authenticatorRSNE` takes it.
    public var rsnElementBytes: [UInt8]? { first(withID: InformationElement.rsn)?.bytes }

    /// The RSN element, parsed; nil when absent or malformed.
    public var rsn: RSNElement? { rsnElementBytes.flatMap { try? RSNElement(parsing: $0) } }

    /// Supported and Extended Supported Rates, in order: 500 kb/s units, the
    /// high bit marking a basic rate (or a BSS membership selector).
    public var supportedRates: [UInt8] {
        filter { [InformationElement.supportedRates, InformationElement.extendedSupportedRates].contains($0.id) }
            .flatMap(\.body)
    }

    /// The channel of the DS Parameter Set (2.4 GHz), when present and one octet long.
    public var dsChannel: UInt8? {
        guard let element = first(withID: InformationElement.dsParameterSet), element.body.count == 1 else { return nil }
        return element.body[0]
    }
}
