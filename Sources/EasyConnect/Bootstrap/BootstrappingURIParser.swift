#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Parsing of `DPP:` URIs.  Grammar: `DPP:` then tokens `<letter>:<value>;`
/// in any order, then a closing `;`.
///
/// Rejected (`EasyConnectError.invalidURI`): no `DPP:` prefix; a character
/// outside printable ASCII (QR codes of DPP carry ASCII only); a token that is not one upper-case letter and
/// `:`; a missing closing `;;`; any text after it; a duplicated token; an
/// empty value; no `K:`; `K:` not base64 or not a DER EC public key, or on a
/// curve other than P-256/P-384/P-521; `C:` not a list of `class/channel`
/// with both in 1...255; `M:` not 12 hex digits, or multicast; `V:` not a
/// number in 1...255; `I:`/`H:` breaking their character rules.
///
/// Unknown token letters (tokens of later versions of the specification) are
/// accepted and ignored, after the same syntax checks: a newer peer's QR code
/// stays usable, and nothing unknown is ever acted on.
extension BootstrappingURI {
    public init(parsing text: String) throws {
        let tokens = try Self.tokens(of: text)
        guard let key = tokens[UInt8(ascii: "K")] else { throw EasyConnectError.invalidURI(.missingPublicKey) }
        let (publicKey, der) = try Self.parseKey(key)
        try self.init(
            publicKey: publicKey, publicKeyInfo: der,
            channels: try tokens[UInt8(ascii: "C")].map(Self.parseChannels) ?? [],
            macAddress: try tokens[UInt8(ascii: "M")].map(Self.parseMAC),
            version: try tokens[UInt8(ascii: "V")].map(Self.parseVersion),
            host: tokens[UInt8(ascii: "H")],
            information: tokens[UInt8(ascii: "I")])
    }

    /// The values of the tokens by letter, after the syntax checks.
    private static func tokens(of text: String) throws -> [UInt8: String] {
        let scheme = Array("DPP:".utf8)
        let bytes = Array(text.utf8)
        guard bytes.starts(with: scheme) else { throw EasyConnectError.invalidURI(.missingScheme) }
        guard bytes.allSatisfy({ (0x20...0x7e).contains($0) }) else {
            throw EasyConnectError.invalidURI(.invalidCharacter)
        }
        var tokens: [UInt8: String] = [:]
        var rest = bytes[scheme.count...]
        while let first = rest.first {
            if first == UInt8(ascii: ";") {
                guard rest.count == 1 else { throw EasyConnectError.invalidURI(.trailingText) }
                return tokens
            }
            guard (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first), rest.dropFirst().first == UInt8(ascii: ":")
            else { throw EasyConnectError.invalidURI(.malformedToken) }
            let letter = Character(Unicode.Scalar(first))
            let valueStart = rest.index(rest.startIndex, offsetBy: 2)
            guard let end = rest[valueStart...].firstIndex(of: UInt8(ascii: ";")) else {
                throw EasyConnectError.invalidURI(.missingTerminator)
            }
            guard end > valueStart else { throw EasyConnectError.invalidURI(.emptyValue(letter)) }
            guard tokens[first] == nil else { throw EasyConnectError.invalidURI(.duplicatedToken(letter)) }
            tokens[first] = String(decoding: rest[valueStart..<end], as: UTF8.self)
            rest = rest[(end + 1)...]
        }
        throw EasyConnectError.invalidURI(.missingTerminator)
    }

    private static func parseKey(_ value: String) throws -> (ECPoint, [UInt8]) {
        guard let data = Data(base64Encoded: value) else {
            throw EasyConnectError.invalidURI(.invalidPublicKey("not base64"))
        }
        let der = [UInt8](data)
        do {
            return (try SubjectPublicKeyInfo.decode(der), der)
        } catch EasyConnectError.unsupportedCurve(let which) {
            throw EasyConnectError.invalidURI(.unsupportedCurve(which))
        } catch let error as EasyConnectError {
            throw EasyConnectError.invalidURI(.invalidPublicKey(error.description))
        }
    }

    private static func parseChannels(_ value: String) throws -> [Channel] {
        try value.split(separator: ",", omittingEmptySubsequences: false).map { entry in
            let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let operatingClass = smallNumber(parts[0]), let number = smallNumber(parts[1]),
                  let channel = try? Channel(operatingClass: operatingClass, number: number) else {
                throw EasyConnectError.invalidURI(.invalidChannelList(String(entry)))
            }
            return channel
        }
    }

    private static func parseMAC(_ value: String) throws -> MACAddress {
        guard let mac = MACAddress(compactHex: value) else { throw EasyConnectError.invalidURI(.invalidMACAddress(value)) }
        return mac  // multicast is refused by the initialiser
    }

    private static func parseVersion(_ value: String) throws -> UInt8 {
        guard let version = smallNumber(Substring(value)) else { throw EasyConnectError.invalidURI(.invalidVersion(value)) }
        return version
    }

    /// 1 to 3 decimal digits with a value up to 255 (no sign, no spaces).
    private static func smallNumber(_ text: Substring) -> UInt8? {
        guard (1...3).contains(text.utf8.count),
              text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return UInt8(text)
    }
}
