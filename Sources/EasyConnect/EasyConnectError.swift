/// The one error type of the EasyConnect module.  Every malformed or hostile
/// input ends in one of these cases, never in a crash.
public enum EasyConnectError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An EC point's encoding is malformed (bad prefix octet, bad length, no
    /// such X coordinate on the curve).
    case invalidPointEncoding(String)
    /// The point's coordinates do not satisfy the curve equation.
    case pointNotOnCurve
    /// The point is the point at infinity (as an input, or as the result of an
    /// addition or multiplication): the exchange must stop.
    case pointAtInfinity
    /// Two points, or a point and a key, are on different curves.
    case curveMismatch
    /// A private scalar is zero, not below the group order, or has the wrong length.
    case invalidScalar(String)
    /// A DER SubjectPublicKeyInfo is malformed or truncated.
    case invalidPublicKeyInfo(String)
    /// The public key uses an algorithm or a curve this engine does not speak.
    case unsupportedCurve(String)
    /// A key or other input has a length the operation does not accept.
    case invalidLength(what: String, expected: String, actual: Int)
    /// AES-SIV: the tag does not match (forged or corrupted input, wrong key,
    /// wrong associated data).
    case authenticationFailed
    /// A `DPP:` bootstrapping URI was rejected, or a value cannot be put in one.
    case invalidURI(URIProblem)
    /// A frame, attribute list or TCP message was refused.
    case malformedFrame(FrameProblem)
    /// A JSON document (configuration request or object) is not strict JSON
    /// or exceeds the reader's limits.
    case invalidJSON(String)
    /// Well-formed JSON that is not a usable configuration request or object.
    case invalidConfiguration(String)
    /// A well-formed frame broke a rule of the exchange.
    case protocolViolation(ProtocolProblem)
    /// OpenSSL failed where it should not (out of memory, missing algorithm):
    /// names the call.
    case cryptoFailure(String)

    /// Why a bootstrapping URI was rejected.
    public enum URIProblem: Equatable, Sendable {
        case missingScheme
        case missingTerminator
        case trailingText
        /// A character outside printable ASCII.
        case invalidCharacter
        case malformedToken
        case duplicatedToken(Character)
        case emptyValue(Character)
        case missingPublicKey
        /// `K:` is not base64 or not a usable DER public key.
        case invalidPublicKey(String)
        /// `K:` names a curve the engine does not speak.
        case unsupportedCurve(String)
        case invalidChannelList(String)
        case invalidMACAddress(String)
        case multicastMACAddress
        case invalidVersion(String)
        case invalidInformation(String)
        case invalidHost(String)
    }

    /// Why a frame was refused.
    public enum FrameProblem: Equatable, Sendable {
        case truncatedFrame
        case trailingOctets
        case notPublicAction(UInt8)
        case unsupportedAction(UInt8)
        /// Not `50 6f 9a 1a 01` after the action code.
        case notDPP
        case unknownFrameType(UInt8)
        case notDPPAdvertisementProtocol
        case truncatedAttribute
        case attributeAfterWrappedData
        case duplicateAttribute(AttributeID)
        case missingAttribute(AttributeID)
        case invalidAttributeLength(AttributeID, Int)
        /// A value of the right length that means nothing valid.
        case invalidAttributeValue(AttributeID)
        case unknownStatus(UInt8)
        /// DPP over TCP: a zero length, or one above the decoder's limit.
        case emptyMessage
        case messageTooLong(Int)
    }

    /// Which rule of the exchange a peer's frame broke.
    public enum ProtocolProblem: Equatable, Sendable {
        /// A bootstrapping key hash names a key we do not hold or expect.
        case bootstrappingKeyMismatch
        /// We know the initiator's key, but its request did not name it.
        case mutualAuthenticationRequired
        case authenticatingTagMismatch
        /// A nonce echoed by the peer is not the one we sent.
        case nonceMismatch
        /// The peer wants the role we take too, or none we can match.
        case incompatibleRoles
        case invalidProtocolVersion
        case dialogTokenMismatch
        /// A GAS response with a non-zero 802.11 status code.
        case gasStatus(UInt16)
        /// A GAS response that defers its answer to comeback frames.
        case gasComebackUnsupported
        /// PKEX: the peer's Commit-Reveal does not open or verify, i.e. it
        /// used another code (counted against the code).
        case pkexCodeMismatch
        /// PKEX: the code failed too often and may not be used again.
        case pkexCodeExhausted
    }

    public var description: String {
        switch self {
        case .invalidPointEncoding(let why): return "invalid EC point encoding: \(why)"
        case .pointNotOnCurve: return "EC point is not on the curve"
        case .pointAtInfinity: return "EC point is the point at infinity"
        case .curveMismatch: return "EC values on different curves"
        case .invalidScalar(let why): return "invalid private scalar: \(why)"
        case .invalidPublicKeyInfo(let why): return "invalid DER SubjectPublicKeyInfo: \(why)"
        case .unsupportedCurve(let which): return "unsupported curve: \(which)"
        case .invalidLength(let what, let expected, let actual):
            return "invalid \(what) length \(actual), expected \(expected)"
        case .authenticationFailed: return "AES-SIV authentication failed"
        case .invalidURI(let problem): return "invalid DPP URI: \(problem)"
        case .malformedFrame(let problem): return "malformed frame: \(problem)"
        case .invalidJSON(let why): return "invalid JSON: \(why)"
        case .invalidConfiguration(let why): return "invalid configuration: \(why)"
        case .protocolViolation(let problem): return "protocol violation: \(problem)"
        case .cryptoFailure(let call): return "OpenSSL failure in \(call)"
        }
    }
}
