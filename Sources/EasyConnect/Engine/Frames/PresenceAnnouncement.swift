/// The Presence Announcement ("chirp", frame type 13): an enrollee's
/// SHA-256("chirp" ‖ DER) in a Responder Bootstrapping Key Hash attribute,
/// nothing wrapped.  A configurator that recognises the hash starts
/// authentication as initiator toward that enrollee.
public enum PresenceAnnouncement {
    /// The frame announcing the key of `uri` (our own).
    public static func frame(announcing uri: BootstrappingURI) throws -> [UInt8] {
        FrameSerializer.dpp(.presenceAnnouncement, attributes: try AttributeSerializer.serialize([
            Attribute(.responderBootstrappingKeyHash, uri.chirpHash),
        ]))
    }

    /// The chirp hash a received announcement carries.
    public static func chirpHash(of frame: DPPFrame) throws -> [UInt8] {
        guard frame.type == .presenceAnnouncement else {
            throw EasyConnectError.malformedFrame(.unknownFrameType(frame.type.rawValue))
        }
        return try frame.attributes.required(.responderBootstrappingKeyHash, length: 32)
    }

    /// Of `candidates` (peer URIs a configurator knows), the one a received
    /// action frame announces, if it is an announcement of any of them.
    public static func announcedPeer(in actionFrame: [UInt8],
                                     among candidates: [BootstrappingURI]) throws -> BootstrappingURI? {
        guard case .dpp(let frame) = try FrameParser.parse(actionFrame) else { return nil }
        let hash = try chirpHash(of: frame)
        return candidates.first { ConstantTime.equals($0.chirpHash, hash) }
    }
}
